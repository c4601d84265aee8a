/* unicode.c — character properties and case mappings by Unicode's tables
 * (unicode-tables.h, generated from the Unicode Character Database by
 * runtime/unicode/generate.py), and the full string case mappings R7RS's
 * string-upcase, string-downcase and string-foldcase apply. */
#include "internal.h"

typedef struct { uint32_t lo, hi; } ElleCodeRange;
/* code points first, first + stride, ... (count of them) map to c + delta */
typedef struct { uint32_t first; uint16_t count; uint8_t stride; int32_t delta; } ElleCaseRun;
/* a character whose mapping is several characters (ß to SS) */
typedef struct { uint32_t c; uint8_t n; uint32_t to[3]; } ElleFullCase;

#include "unicode-tables.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* the range of r[0..n) holding c, or NULL */
static const ElleCodeRange *find_range(const ElleCodeRange *r, size_t n, uint32_t c) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c < r[mid].lo) hi = mid;
        else if (c > r[mid].hi) lo = mid + 1;
        else return &r[mid];
    }
    return NULL;
}
static int in_ranges(const ElleCodeRange *r, size_t n, uint32_t c) { return find_range(r, n, c) != NULL; }

int elle_unicode_has(uint32_t c, ElleUnicodeProperty p) {
    switch (p) {
    case ELLE_UC_ALPHABETIC: return in_ranges(alphabetic_ranges, COUNT(alphabetic_ranges), c);
    case ELLE_UC_NUMERIC: return in_ranges(numeric_ranges, COUNT(numeric_ranges), c);
    case ELLE_UC_WHITESPACE: return in_ranges(whitespace_ranges, COUNT(whitespace_ranges), c);
    case ELLE_UC_UPPER_CASE: return in_ranges(upper_case_ranges, COUNT(upper_case_ranges), c);
    case ELLE_UC_LOWER_CASE: return in_ranges(lower_case_ranges, COUNT(lower_case_ranges), c);
    case ELLE_UC_CASED: return in_ranges(cased_ranges, COUNT(cased_ranges), c);
    case ELLE_UC_CASE_IGNORABLE: return in_ranges(case_ignorable_ranges, COUNT(case_ignorable_ranges), c);
    }
    return 0;
}

int elle_unicode_digit_value(uint32_t c) {
    const ElleCodeRange *r = find_range(numeric_ranges, COUNT(numeric_ranges), c);
    return r ? (int)((c - r->lo) % 10) : -1; /* whole runs of 0..9 */
}

static uint32_t by_runs(const ElleCaseRun *r, size_t n, uint32_t c) {
    size_t lo = 0, hi = n; /* the last run starting at or before c */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r[mid].first <= c) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return c;
    const ElleCaseRun *run = &r[lo - 1];
    uint32_t k = c - run->first;
    if (k % run->stride || k / run->stride >= run->count) return c;
    return (uint32_t)((int64_t)c + run->delta);
}

uint32_t elle_unicode_map(uint32_t c, ElleCaseMapping m) {
    switch (m) {
    case ELLE_UC_UPCASE: return by_runs(upcase_runs, COUNT(upcase_runs), c);
    case ELLE_UC_DOWNCASE: return by_runs(downcase_runs, COUNT(downcase_runs), c);
    case ELLE_UC_FOLDCASE: return by_runs(foldcase_runs, COUNT(foldcase_runs), c);
    }
    return c;
}

static const ElleFullCase *full_entry(ElleCaseMapping m, uint32_t c) {
    const ElleFullCase *t = m == ELLE_UC_UPCASE ? full_upcase : m == ELLE_UC_DOWNCASE ? full_downcase : full_foldcase;
    size_t lo = 0, hi = m == ELLE_UC_UPCASE ? COUNT(full_upcase) : m == ELLE_UC_DOWNCASE ? COUNT(full_downcase) : COUNT(full_foldcase);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t[mid].c < c) lo = mid + 1;
        else if (t[mid].c > c) hi = mid;
        else return &t[mid];
    }
    return NULL;
}

/* Σ lowercases to final ς at the end of a word: after a cased letter and
 * not before one, case-ignorable characters (apostrophes, accents)
 * skipped on both sides (Unicode's Final_Sigma condition). */
static int final_sigma(const uint32_t *cs, size_t n, size_t i) {
    size_t k = i;
    int before = 0;
    while (k > 0) {
        uint32_t c = cs[--k];
        if (elle_unicode_has(c, ELLE_UC_CASE_IGNORABLE)) continue;
        before = elle_unicode_has(c, ELLE_UC_CASED);
        break;
    }
    if (!before) return 0;
    for (k = i + 1; k < n; k++) {
        if (elle_unicode_has(cs[k], ELLE_UC_CASE_IGNORABLE)) continue;
        return !elle_unicode_has(cs[k], ELLE_UC_CASED);
    }
    return 1;
}

Val elle_unicode_map_string(const char *bytes, size_t nbytes, ElleCaseMapping m) {
    /* the characters first: final sigma looks both ways */
    uint32_t small[256], *cs = nbytes <= 256 ? small : elle_xmalloc(nbytes * sizeof *cs);
    size_t n = 0;
    for (size_t off = 0; off < nbytes; n++) off += elle_utf8_decode(bytes + off, nbytes - off, &cs[n]);
    ElleBuf out = {0};
    for (size_t i = 0; i < n; i++) {
        uint32_t to[3] = {0};
        size_t k = 1;
        const ElleFullCase *full = full_entry(m, cs[i]);
        if (full) {
            k = full->n;
            for (size_t j = 0; j < k; j++) to[j] = full->to[j];
        } else if (m == ELLE_UC_DOWNCASE && cs[i] == 0x3A3 && final_sigma(cs, n, i)) {
            to[0] = 0x3C2;
        } else {
            to[0] = elle_unicode_map(cs[i], m);
        }
        for (size_t j = 0; j < k; j++) {
            char enc[4];
            elle_buf_put(&out, enc, elle_utf8_encode(to[j], enc));
        }
    }
    if (cs != small) free(cs);
    return elle_string_from_buf(&out);
}
