/* string.c — strings (UTF-8), symbols and keywords.
 * Indexes count characters (Unicode scalar values), not bytes. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static ElleString *str(Val v) { return ELLE_AS(ElleString, v); }

/* byte offset of character index `ci` (0 <= ci <= nchars) */
static size_t byte_offset(ElleString *s, int64_t ci) {
    if (s->nchars == s->nbytes) return (size_t)ci;
    size_t off = 0;
    for (int64_t k = 0; k < ci; k++) {
        off++;
        while (off < (size_t)s->nbytes && ((unsigned char)s->bytes[off] & 0xC0) == 0x80) off++;
    }
    return off;
}

static int64_t char_index(ElleString *s, size_t byte_off) {
    if (s->nchars == s->nbytes) return (int64_t)byte_off;
    int64_t n = 0;
    for (size_t i = 0; i < byte_off; i++) n += ((unsigned char)s->bytes[i] & 0xC0) != 0x80;
    return n;
}


static Val p_string_length(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_check_string("string-length", argv[0])) return ELLE_EXC;
    return elle_fixnum(str(argv[0])->nchars);
}

static Val p_string_ref(int64_t argc, Val *argv) {
    (void)argc;
    int64_t i;
    if (!elle_check_string("string-ref", argv[0])) return ELLE_EXC;
    ElleString *s = str(argv[0]);
    if (!elle_check_index("string-ref", argv[1], s->nchars, &i)) return ELLE_EXC;
    size_t off = byte_offset(s, i);
    uint32_t cp;
    elle_utf8_decode(s->bytes + off, (size_t)s->nbytes - off, &cp);
    return elle_char(cp);
}

Val elle_string_copy_range(const char *who, int64_t argc, Val *argv) {
    if (!elle_check_string(who, argv[0])) return ELLE_EXC;
    ElleString *s = str(argv[0]);
    int64_t start, end;
    if (!elle_check_range(who, argc, argv, 1, s->nchars, &start, &end)) return ELLE_EXC;
    size_t a = byte_offset(s, start), b = byte_offset(s, end);
    return elle_make_string(s->bytes + a, b - a);
}
static Val p_substring(int64_t argc, Val *argv) { return elle_string_copy_range("substring", argc, argv); }
static Val p_string_copy(int64_t argc, Val *argv) { return elle_string_copy_range("string-copy", argc, argv); }

/* (string->utf8 s [start [end]]): the UTF-8 bytes of characters start..end */
static Val p_string_to_utf8(int64_t argc, Val *argv) {
    if (!elle_check_string("string->utf8", argv[0])) return ELLE_EXC;
    ElleString *s = str(argv[0]);
    int64_t start, end;
    if (!elle_check_range("string->utf8", argc, argv, 1, s->nchars, &start, &end)) return ELLE_EXC;
    size_t a = byte_offset(s, start), b = byte_offset(s, end);
    Val v = elle_make_bytevector("string->utf8", (int64_t)(b - a));
    if (v != ELLE_EXC) memcpy(ELLE_AS(ElleBytevector, v)->bytes, str(argv[0])->bytes + a, b - a);
    return v;
}

/* (utf8->string bv [start [end]]): bytes that must be UTF-8 */
static Val p_utf8_to_string(int64_t argc, Val *argv) {
    int64_t start, end;
    if (!elle_check_bytevector("utf8->string", argv[0])) return ELLE_EXC;
    ElleBytevector *bv = ELLE_AS(ElleBytevector, argv[0]);
    if (!elle_check_range("utf8->string", argc, argv, 1, bv->len, &start, &end)) return ELLE_EXC;
    const char *at = (const char *)bv->bytes + start;
    return elle_utf8_check("utf8->string", at, (size_t)(end - start)) ? elle_make_string(at, (size_t)(end - start)) : ELLE_EXC;
}

static Val p_string_append(int64_t argc, Val *argv) {
    ElleBuf b = {0};
    for (int64_t i = 0; i < argc; i++) {
        if (!elle_check_string("string-append", argv[i])) { elle_buf_free(&b); return ELLE_EXC; }
        elle_buf_put(&b, str(argv[i])->bytes, (size_t)str(argv[i])->nbytes);
    }
    return elle_string_from_buf(&b);
}

static int string_compare(Val a, Val b) {
    ElleString *x = str(a), *y = str(b);
    size_t n = (size_t)(x->nbytes < y->nbytes ? x->nbytes : y->nbytes);
    int c = memcmp(x->bytes, y->bytes, n); /* UTF-8 byte order is code point order */
    if (c) return c < 0 ? -1 : 1;
    return (x->nbytes > y->nbytes) - (x->nbytes < y->nbytes);
}

/* (string<? a b c ...): each pair in order; the -ci forms (fold) compare
 * the strings' full case foldings */
static Val string_chain(const char *who, int (*ok)(int), int fold, int64_t argc, Val *argv) {
    for (int64_t i = 0; i < argc; i++)
        if (!elle_check_string(who, argv[i])) return ELLE_EXC;
    Val prev = argc > 0 && fold ? elle_unicode_map_string(str(argv[0])->bytes, (size_t)str(argv[0])->nbytes, ELLE_UC_FOLDCASE) : argv[0];
    for (int64_t i = 0; i + 1 < argc; i++) {
        Val next = fold ? elle_unicode_map_string(str(argv[i + 1])->bytes, (size_t)str(argv[i + 1])->nbytes, ELLE_UC_FOLDCASE) : argv[i + 1];
        if (!ok(string_compare(prev, next))) return ELLE_FALSE;
        prev = next;
    }
    return ELLE_TRUE;
}
static Val p_string_eq(int64_t argc, Val *argv) { return string_chain("string=?", elle_order_eq, 0, argc, argv); }
static Val p_string_lt(int64_t argc, Val *argv) { return string_chain("string<?", elle_order_lt, 0, argc, argv); }
static Val p_string_gt(int64_t argc, Val *argv) { return string_chain("string>?", elle_order_gt, 0, argc, argv); }
static Val p_string_le(int64_t argc, Val *argv) { return string_chain("string<=?", elle_order_le, 0, argc, argv); }
static Val p_string_ge(int64_t argc, Val *argv) { return string_chain("string>=?", elle_order_ge, 0, argc, argv); }
static Val p_string_ci_eq(int64_t argc, Val *argv) { return string_chain("string-ci=?", elle_order_eq, 1, argc, argv); }
static Val p_string_ci_lt(int64_t argc, Val *argv) { return string_chain("string-ci<?", elle_order_lt, 1, argc, argv); }
static Val p_string_ci_gt(int64_t argc, Val *argv) { return string_chain("string-ci>?", elle_order_gt, 1, argc, argv); }
static Val p_string_ci_le(int64_t argc, Val *argv) { return string_chain("string-ci<=?", elle_order_le, 1, argc, argv); }
static Val p_string_ci_ge(int64_t argc, Val *argv) { return string_chain("string-ci>=?", elle_order_ge, 1, argc, argv); }

/* R7RS's full case mappings (ß upcases to SS, Σ downcases to ς at the end
 * of a word), by Unicode's tables */
static Val map_case(const char *who, ElleCaseMapping m, Val v) {
    if (!elle_check_string(who, v)) return ELLE_EXC;
    return elle_unicode_map_string(str(v)->bytes, (size_t)str(v)->nbytes, m);
}
static Val p_string_upcase(int64_t argc, Val *argv) { (void)argc; return map_case("string-upcase", ELLE_UC_UPCASE, argv[0]); }
static Val p_string_downcase(int64_t argc, Val *argv) { (void)argc; return map_case("string-downcase", ELLE_UC_DOWNCASE, argv[0]); }
static Val p_string_foldcase(int64_t argc, Val *argv) { (void)argc; return map_case("string-foldcase", ELLE_UC_FOLDCASE, argv[0]); }

static const char *find_bytes(const char *hay, size_t hn, const char *needle, size_t nn) {
    if (nn == 0) return hay;
    for (size_t i = 0; i + nn <= hn; i++)
        if (memcmp(hay + i, needle, nn) == 0) return hay + i;
    return NULL;
}

static Val p_string_split(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_check_string("string-split", argv[0]) || !elle_check_string("string-split", argv[1])) return ELLE_EXC;
    ElleString *s = str(argv[0]), *sep = str(argv[1]);
    if (sep->nbytes == 0) return elle_raise("string-split: the separator is empty");
    Val head = ELLE_NIL, last = ELLE_NIL;
    const char *p = s->bytes, *end = s->bytes + s->nbytes;
    for (;;) {
        const char *hit = find_bytes(p, (size_t)(end - p), sep->bytes, (size_t)sep->nbytes);
        const char *stop = hit ? hit : end;
        Val cell = elle_cons(elle_make_string(p, (size_t)(stop - p)), ELLE_NIL);
        if (head == ELLE_NIL) head = cell;
        else ELLE_AS(EllePair, last)->cdr = cell;
        last = cell;
        if (!hit) break;
        p = hit + sep->nbytes;
    }
    return head;
}

static Val p_string_join(int64_t argc, Val *argv) {
    Val sep = argc > 1 ? argv[1] : ELLE_FALSE;
    if (argc > 1 && !elle_check_string("string-join", sep)) return ELLE_EXC;
    if (!elle_check_list("string-join", argv[0], NULL)) return ELLE_EXC;
    ElleBuf b = {0};
    int first = 1;
    for (Val l = argv[0]; l != ELLE_NIL; l = elle_cdr(l)) {
        Val item = elle_car(l);
        if (!elle_check_string("string-join", item)) { elle_buf_free(&b); return ELLE_EXC; }
        if (!first && argc > 1) elle_buf_put(&b, str(sep)->bytes, (size_t)str(sep)->nbytes);
        elle_buf_put(&b, str(item)->bytes, (size_t)str(item)->nbytes);
        first = 0;
    }
    return elle_string_from_buf(&b);
}

static Val p_string_index(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_check_string("string-index", argv[0]) || !elle_check_char("string-index", argv[1])) return ELLE_EXC;
    char enc[4];
    size_t n = elle_utf8_encode(elle_char_value(argv[1]), enc);
    ElleString *s = str(argv[0]);
    const char *hit = find_bytes(s->bytes, (size_t)s->nbytes, enc, n);
    return hit ? elle_fixnum(char_index(s, (size_t)(hit - s->bytes))) : ELLE_FALSE;
}

static Val p_string_contains(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_check_string("string-contains", argv[0]) || !elle_check_string("string-contains", argv[1])) return ELLE_EXC;
    ElleString *s = str(argv[0]), *sub = str(argv[1]);
    const char *hit = find_bytes(s->bytes, (size_t)s->nbytes, sub->bytes, (size_t)sub->nbytes);
    return hit ? elle_fixnum(char_index(s, (size_t)(hit - s->bytes))) : ELLE_FALSE;
}

static Val p_string_to_symbol(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_check_string("string->symbol", argv[0])) return ELLE_EXC;
    return elle_intern(str(argv[0])->bytes, (size_t)str(argv[0])->nbytes);
}

static Val p_symbol_to_string(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_is(argv[0], ELLE_SYMBOL) && !elle_is(argv[0], ELLE_KEYWORD)) return elle_raise_type("symbol->string", "a symbol", argv[0]);
    return ELLE_AS(ElleSymbol, argv[0])->name;
}

static Val p_string_to_keyword(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_check_string("string->keyword", argv[0])) return ELLE_EXC;
    return elle_intern_keyword(str(argv[0])->bytes, (size_t)str(argv[0])->nbytes);
}

/* The characters of the string argv[0] in the range argv[1..], as a list
 * or a vector, decoded once into it. */
static Val string_chars(const char *who, int as_list, int64_t argc, Val *argv) {
    int64_t start, end;
    if (!elle_check_string(who, argv[0]) || !elle_check_range(who, argc, argv, 1, str(argv[0])->nchars, &start, &end)) return ELLE_EXC;
    Val out = ELLE_NIL, last = ELLE_NIL;
    if (!as_list && (out = elle_make_vector_checked(who, end - start, ELLE_NIL)) == ELLE_EXC) return ELLE_EXC;
    ElleString *s = str(argv[0]);
    size_t off = byte_offset(s, start);
    for (int64_t i = 0; i < end - start; i++) {
        uint32_t cp;
        off += elle_utf8_decode(s->bytes + off, (size_t)s->nbytes - off, &cp);
        if (!as_list) {
            ELLE_AS(ElleVector, out)->items[i] = elle_char(cp);
            continue;
        }
        Val cell = elle_cons(elle_char(cp), ELLE_NIL);
        if (out == ELLE_NIL) out = cell;
        else ELLE_AS(EllePair, last)->cdr = cell;
        last = cell;
    }
    return out;
}
static Val p_string_to_list(int64_t argc, Val *argv) { return string_chars("string->list", 1, argc, argv); }
static Val p_string_to_vector(int64_t argc, Val *argv) { return string_chars("string->vector", 0, argc, argv); }

int elle_buf_put_char(const char *who, ElleBuf *b, Val c) {
    if (!elle_check_char(who, c)) { elle_buf_free(b); return 0; }
    char enc[4];
    elle_buf_put(b, enc, elle_utf8_encode(elle_char_value(c), enc));
    return 1;
}

static Val p_list_to_string(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_check_list("list->string", argv[0], NULL)) return ELLE_EXC;
    ElleBuf b = {0};
    for (Val l = argv[0]; l != ELLE_NIL; l = elle_cdr(l))
        if (!elle_buf_put_char("list->string", &b, elle_car(l))) return ELLE_EXC;
    return elle_string_from_buf(&b);
}

static Val p_string(int64_t argc, Val *argv) {
    ElleBuf b = {0};
    for (int64_t i = 0; i < argc; i++)
        if (!elle_buf_put_char("string", &b, argv[i])) return ELLE_EXC;
    return elle_string_from_buf(&b);
}

static Val p_gensym(int64_t argc, Val *argv) {
    if (argc == 0) return elle_gensym("g");
    if (!elle_check_string("gensym", argv[0])) return ELLE_EXC;
    return elle_gensym(str(argv[0])->bytes);
}

/* ---- changing strings ------------------------------------------------------
 * A character's new encoding may be longer or shorter than the old one's,
 * so a change rewrites the bytes after it (string-set! is O(n) unless the
 * string is ASCII and stays so); bytes that outgrow the string's capacity
 * move to a malloc'd buffer, grown by doubling. */

/* Replaces characters [start, end) of s with `n` bytes of UTF-8 holding
 * `nchars` characters; `with` must not point into s. */
static void replace_chars(ElleString *s, int64_t start, int64_t end, const char *with, size_t n, int64_t nchars) {
    size_t a = byte_offset(s, start), b = byte_offset(s, end);
    size_t total = (size_t)s->nbytes - (b - a) + n;
    if ((int64_t)total > s->capacity) {
        size_t cap = (size_t)s->capacity * 2 > total ? (size_t)s->capacity * 2 : total;
        char *grown = elle_xmalloc(cap + 1);
        memcpy(grown, s->bytes, a);
        memcpy(grown + a + n, s->bytes + b, (size_t)s->nbytes - b);
        if (s->bytes != s->text) free(s->bytes);
        s->bytes = grown;
        s->capacity = (int64_t)cap;
    } else {
        memmove(s->bytes + a + n, s->bytes + b, (size_t)s->nbytes - b);
    }
    memcpy(s->bytes + a, with, n);
    s->nbytes = (int64_t)total;
    s->nchars += nchars - (end - start);
    s->bytes[total] = 0;
}

static int check_changeable(const char *who, Val v) {
    return elle_check_string(who, v) && elle_check_mutable(who, v) != ELLE_EXC;
}

/* `count` copies of character c's encoding, in a malloc'd buffer (*n bytes) */
static char *repeated(Val c, int64_t count, size_t *n) {
    char enc[4];
    size_t len = (size_t)elle_utf8_encode(elle_char_value(c), enc);
    *n = len * (size_t)count;
    char *out = elle_xmalloc(*n + 1);
    for (int64_t i = 0; i < count; i++) memcpy(out + (size_t)i * len, enc, len);
    return out;
}

/* (make-string k [char]): k characters, spaces unless another is given */
static Val p_make_string(int64_t argc, Val *argv) {
    int64_t k;
    if (!elle_check_integer("make-string", argv[0], &k)) return ELLE_EXC;
    if (k < 0 || k > ((int64_t)1 << 40)) return elle_raise("make-string: bad length %lld", (long long)k);
    Val c = argc > 1 ? argv[1] : elle_char(' ');
    if (!elle_check_char("make-string", c)) return ELLE_EXC;
    char enc[4];
    size_t len = (size_t)elle_utf8_encode(elle_char_value(c), enc);
    ElleString *s = elle_try_new_string(len * (size_t)k, k);
    if (!s) return elle_raise("make-string: no memory for %lld characters", (long long)k);
    for (int64_t i = 0; i < k; i++) memcpy(s->bytes + (size_t)i * len, enc, len);
    return (Val)(uintptr_t)s;
}

static Val p_string_set(int64_t argc, Val *argv) {
    (void)argc;
    int64_t i;
    if (!check_changeable("string-set!", argv[0])) return ELLE_EXC;
    if (!elle_check_index("string-set!", argv[1], str(argv[0])->nchars, &i)) return ELLE_EXC;
    if (!elle_check_char("string-set!", argv[2])) return ELLE_EXC;
    char enc[4];
    size_t len = (size_t)elle_utf8_encode(elle_char_value(argv[2]), enc);
    replace_chars(str(argv[0]), i, i + 1, enc, len, 1);
    return ELLE_NIL;
}

/* (string-fill! s char [start [end]]) */
static Val p_string_fill(int64_t argc, Val *argv) {
    int64_t start, end;
    if (!check_changeable("string-fill!", argv[0]) || !elle_check_char("string-fill!", argv[1])) return ELLE_EXC;
    if (!elle_check_range("string-fill!", argc, argv, 2, str(argv[0])->nchars, &start, &end)) return ELLE_EXC;
    size_t n;
    char *fill = repeated(argv[1], end - start, &n);
    replace_chars(str(argv[0]), start, end, fill, n, end - start);
    free(fill);
    return ELLE_NIL;
}

/* (string-copy! to at from [start [end]]): from's characters over to's from
 * index `at`, which must leave room for them */
static Val p_string_copy_into(int64_t argc, Val *argv) {
    int64_t at, start, end;
    if (!check_changeable("string-copy!", argv[0])) return ELLE_EXC;
    ElleString *to = str(argv[0]);
    if (!elle_check_index("string-copy!", argv[1], to->nchars + 1, &at)) return ELLE_EXC;
    if (!elle_check_string("string-copy!", argv[2])) return ELLE_EXC;
    ElleString *from = str(argv[2]);
    if (!elle_check_range("string-copy!", argc, argv, 3, from->nchars, &start, &end)) return ELLE_EXC;
    if (end - start > to->nchars - at)
        return elle_raise("string-copy!: %lld characters do not fit at index %lld of a string of %lld",
                          (long long)(end - start), (long long)at, (long long)to->nchars);
    /* copied out first: `from` may be `to` */
    size_t a = byte_offset(from, start), n = byte_offset(from, end) - a;
    char *chars = elle_xmalloc(n + 1);
    memcpy(chars, from->bytes + a, n);
    replace_chars(to, at, at + (end - start), chars, n, end - start);
    free(chars);
    return ELLE_NIL;
}

#define PRIM(name, fn, lo, hi) {name, fn, lo, hi},
const ElleBuiltin elle_string_builtins[] = {
    PRIM("string-length", p_string_length, 1, 1)
    PRIM("string-ref", p_string_ref, 2, 2)
    PRIM("substring", p_substring, 2, 3)
    PRIM("string->utf8", p_string_to_utf8, 1, 3)
    PRIM("utf8->string", p_utf8_to_string, 1, 3)
    PRIM("string-append", p_string_append, 0, -1)
    PRIM("string=?", p_string_eq, 1, -1)
    PRIM("string<?", p_string_lt, 1, -1)
    PRIM("string>?", p_string_gt, 1, -1)
    PRIM("string<=?", p_string_le, 1, -1)
    PRIM("string>=?", p_string_ge, 1, -1)
    PRIM("string-ci=?", p_string_ci_eq, 1, -1)
    PRIM("string-ci<?", p_string_ci_lt, 1, -1)
    PRIM("string-ci>?", p_string_ci_gt, 1, -1)
    PRIM("string-ci<=?", p_string_ci_le, 1, -1)
    PRIM("string-ci>=?", p_string_ci_ge, 1, -1)
    PRIM("string-upcase", p_string_upcase, 1, 1)
    PRIM("string-downcase", p_string_downcase, 1, 1)
    PRIM("string-foldcase", p_string_foldcase, 1, 1)
    PRIM("string-split", p_string_split, 2, 2)
    PRIM("string-join", p_string_join, 1, 2)
    PRIM("string-index", p_string_index, 2, 2)
    PRIM("string-contains", p_string_contains, 2, 2)
    PRIM("string->symbol", p_string_to_symbol, 1, 1)
    PRIM("symbol->string", p_symbol_to_string, 1, 1)
    PRIM("string->keyword", p_string_to_keyword, 1, 1)
    PRIM("string->list", p_string_to_list, 1, 3)
    PRIM("string->vector", p_string_to_vector, 1, 3)
    PRIM("string-copy", p_string_copy, 1, 3)
    PRIM("make-string", p_make_string, 1, 2)
    PRIM("string-set!", p_string_set, 3, 3)
    PRIM("string-fill!", p_string_fill, 2, 4)
    PRIM("string-copy!", p_string_copy_into, 3, 5)
    PRIM("list->string", p_list_to_string, 1, 1)
    PRIM("string", p_string, 0, -1)
    PRIM("gensym", p_gensym, 0, 1)
    {NULL, NULL, 0, 0}
};
