#include "elletest.h"
#include "elletest-strings.h"

#include <ctype.h>
#ifndef __wasi__ /* WebAssembly modules have no threads */
#include <pthread.h>
#endif
#include <stdlib.h>
#include <string.h>

int8_t et_i8(int8_t x) { return x; }
uint8_t et_u8(uint8_t x) { return x; }
int16_t et_i16(int16_t x) { return x; }
uint16_t et_u16(uint16_t x) { return x; }
int32_t et_i32(int32_t x) { return x; }
uint32_t et_u32(uint32_t x) { return x; }
int64_t et_i64(int64_t x) { return x; }
uint64_t et_u64(uint64_t x) { return x; }
int8_t et_i8_negate(int8_t x) { return (int8_t)-x; }
uint16_t et_u16_add(uint16_t a, uint16_t b) { return (uint16_t)(a + b); }
uint64_t et_u64_max(void) { return UINT64_MAX; }
int elletest_color_value(enum elletest_color c) { return (int)c * 10; }

float et_float_twice(float x) { return x * 2; }
double et_double_half(double x) { return x / 2; }
bool et_not(bool b) { return !b; }
bool et_is_positive(long x) { return x > 0; }

long et_sum10(long a, long b, long c, long d, long e, long f, long g, long h, long i, long j) {
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h + 9 * i + 10 * j;
}
double et_sumd10(double a, double b, double c, double d, double e, double f, double g, double h, double i, double j) {
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h + 9 * i + 10 * j;
}
double et_mixed(int a, double b, long c, float d, short e, double f, unsigned char g, double h, int i, double j, double k, long l,
                float m, double n) {
    return a + b * 2 + c * 3 + d * 4 + e * 5 + f * 6 + g * 7 + h * 8 + i * 9 + j * 10 + k * 11 + l * 12 + m * 13 + n * 14;
}

size_t et_strlen(const char *s) { return strlen(s); }
const char *et_greeting(void) { return "hello from C"; }
char *et_upper(const char *s) {
    char *r = strdup(s);
    for (char *p = r; *p; p++) *p = (char)toupper((unsigned char)*p);
    return r;
}
const char *et_nothing(void) { return NULL; }
void *et_null(void) { return NULL; }
bool et_is_null(const void *p) { return p == NULL; }
const char *et_pick(bool first, const char *a, const char *b) { return first ? a : b; }

static int count;
void et_bump(void) { count++; }
int et_count(void) { return count; }

et_point et_make_point(int32_t x, int32_t y) { return (et_point){x, y}; }
int32_t et_point_sum(et_point p) { return p.x + p.y; }
et_point et_point_swap(et_point p) { return (et_point){p.y, p.x}; }
et_vec2 et_make_vec2(double x, double y) { return (et_vec2){x, y}; }
double et_vec2_dot(et_vec2 a, et_vec2 b) { return a.x * b.x + a.y * b.y; }
et_vec2 et_vec2_scale(et_vec2 v, double k) { return (et_vec2){v.x * k, v.y * k}; }
et_ffi3 et_make_ffi3(float r, float g, int32_t n) { return (et_ffi3){r, g, n}; }
double et_ffi3_sum(et_ffi3 v) { return v.r + v.g + v.n; }
et_big3 et_make_big3(int64_t a, int64_t b, int64_t c) { return (et_big3){a, b, c}; }
int64_t et_big3_sum(et_big3 v) { return v.a + 10 * v.b + 100 * v.c; }
et_big3 et_big3_rotate(et_big3 v) { return (et_big3){v.b, v.c, v.a}; }
et_rgba et_make_rgba(uint8_t r, uint8_t g, uint8_t b, uint8_t a) { return (et_rgba){r, g, b, a}; }
uint32_t et_rgba_pack(et_rgba c) { return (uint32_t)c.r << 24 | (uint32_t)c.g << 16 | (uint32_t)c.b << 8 | c.a; }
et_cd et_make_cd(char c, double d) { return (et_cd){c, d}; }
double et_cd_sum(et_cd v) { return v.c + v.d; }
et_num et_num_from_int(int64_t i) { et_num n; n.i = i; return n; }
int64_t et_num_int(et_num n) { return n.i; }
double et_many_structs(int a, et_point p, double d, et_vec2 v, et_big3 big, int b, et_ffi3 f, et_vec2 w, et_cd cd, et_point q) {
    return a + (p.x + p.y) * 10.0 + d * 100 + (v.x + v.y) * 1000 + (double)(big.a + big.b + big.c) * 10000 + b * 100000.0
         + (f.r + f.g + f.n) * 1000000.0 + (w.x + w.y) * 1e7 + (cd.c + cd.d) * 1e8 + (q.x + q.y) * 1e9;
}
int64_t et_regs_out(int a, int b, int c, int d, int e, et_pair64 s, int f) {
    return a + b + c + d + e + s.a * 1000 + s.b * 100000 + f * 10000000LL;
}
et_pair64 et_make_pair64(int64_t a, int64_t b) { return (et_pair64){a, b}; }
double et_sse_out(double a, double b, double c, double d, double e, double f, double g, et_vec2 v, double h) {
    return a + b + c + d + e + f + g + v.x * 100 + v.y * 1000 + h * 10000;
}

size_t et_string_length(const char *s) { return strlen(s); }

et_packed et_make_packed(char tag, int32_t value) { et_packed p = {tag, value}; return p; }
int64_t et_packed_sum(et_packed p, int32_t extra) { return p.tag + p.value + extra; }
int64_t et_packed_late(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f, int64_t g, et_packed p, int64_t h) {
    return a + b + c + d + e + f + g + p.tag * 1000 + p.value * 100 + h;
}

int64_t et_call_ints(et_ints_fn f, int32_t a, int64_t b, uint8_t c, bool d) { return f(a, b, c, d); }
double et_call_floats(et_floats_fn f, double a, float b) { return f(a, b); }
float et_call_float_result(et_float_result_fn f, int32_t a) { return f(a) * 2; }
size_t et_call_string(et_string_fn f, const char *s, void *p) { const char *r = f(s, p); return r ? strlen(r) : 0; }
int64_t et_call_n_times(et_counter_fn f, int64_t n) {
    int64_t sum = 0;
    for (int64_t i = 0; i < n; i++) sum += f(i);
    return sum;
}
void et_call_void(et_void_fn f) { f(); }
int32_t et_tagged_get(et_tagged_p p) { return p->v; }
int32_t et_tagged_get_alias(et_tagged_alias *p) { return p->v; }
int32_t et_untagged_get(et_untagged2 *p) { return p->w; }
et_tagged_p et_tagged_new(int32_t v) {
    static struct et_tagged t;
    t.v = v;
    return &t;
}
int32_t et_is_all_ones(const void *p) { return (uintptr_t)p == UINTPTR_MAX; }
et_node *et_list3(void) {
    static struct et_tagged tag = {42};
    static et_node nodes[3] = {{1, "one", &nodes[1], &tag, &tag}, {2, "two", &nodes[2], 0, 0}, {3, "three", 0, 0, 0}};
    return &nodes[0];
}
static et_counter_fn remembered;
void et_remember(et_counter_fn f) { remembered = f; }
int32_t et_call_remembered(int64_t i) { return remembered(i); }

void et_point_scale(et_point *p, int32_t k) { p->x *= k; p->y *= k; }
int32_t et_point_read(const et_point *p) { return p->x * 100 + p->y; }

int32_t et_deref(const int32_t *p) { return *p; }

const et_point *et_origin(void) { static et_point o = {-1, 7}; return &o; }

int64_t et_sum_i32(const int32_t *xs, size_t n) { int64_t s = 0; for (size_t i = 0; i < n; i++) s += xs[i]; return s; }
void et_double_all(double *xs, size_t n) { for (size_t i = 0; i < n; i++) xs[i] *= 2; }
void et_squares(int64_t *out, int32_t n) { for (int32_t i = 0; i < n; i++) out[i] = (int64_t)i * i; }
size_t et_total_length(const char *const *strings, size_t n) { size_t t = 0; for (size_t i = 0; i < n; i++) t += strlen(strings[i]); return t; }

int32_t et_call_point(et_point_fn f, int32_t k) { et_point p = {3, 4}; return f(p, k); }
int32_t et_global_count = 41;
void et_global_bump(void) { et_global_count++; }
const char *et_global_name = "elle-test";
double et_global_ratio = 0.75;
et_point et_global_point = {3, -4};
int32_t et_global_table[4] = {10, 20, 30, 40};
bool et_global_flag = true;
static int32_t et_add(int32_t a, int32_t b) { return a + b; }
et_binop et_get_adder(void) { return et_add; }
static int32_t et_subtract(int32_t a, int32_t b) { return a - b; }
et_binop et_global_op = et_subtract;
int32_t et_call_make_point(et_make_point_fn f, int32_t k) { et_point p = f(k); return p.x * 1000 + p.y; }
double et_call_make_vec2(et_make_vec2_fn f, double d) { et_vec2 v = f(d); return v.x * 10 + v.y; }
double et_call_make_ffi3(et_make_ffi3_fn f) { et_ffi3 v = f(); return v.r + v.g + v.n; }
int64_t et_call_make_big3(et_make_big3_fn f, int64_t k) { et_big3 b = f(k, 2 * k); return b.a * 100 + b.b * 10 + b.c; }
double et_call_structs(et_structs_fn f) {
    et_vec2 v = {0.5, 1.5};
    et_big3 big = {100, 200, 300};
    et_cd cd = {'A', 0.25};
    return f(v, big, cd);
}

et_derived *et_new_derived(void) { static et_derived d = {{7}, 99}; return &d; }
et_base *et_as_base(et_derived *d) { return &d->base; }
int32_t et_base_kind(const et_base *b) { return b->kind; }
int32_t et_derived_extra(const et_derived *d) { return d->extra; }
int32_t et_hidden_kind(et_hidden *h) { return ((et_base *)h)->kind; }

size_t et_checked_len(const char *s, size_t limit) {
    size_t n = strlen(s);
    return n > limit ? (size_t)-7 : n;
}
int32_t et_is_error(size_t code) { return code > ET_ERROR_BASE; }
et_hashed et_hash_of(const char *s) {
    uint64_t h = 14695981039346656037ULL; /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    et_hashed r = {h, 5, ~h};
    return r;
}

const unsigned char *et_text_u(void) { return (const unsigned char *)"utext"; }
unsigned char *et_digest(const unsigned char *d, size_t n, unsigned char *md) {
    static unsigned char own[4];
    if (!md) md = own;
    memset(md, 0, 4);
    for (size_t i = 0; i < n; i++) md[i % 4] ^= d[i];
    return md;
}
const uint8_t *et_key_state(void) {
    static const uint8_t keys[4] = {0, 1, 0, 1};
    return keys;
}
const et_char_t *et_node_name(void) { return (const et_char_t *)"node"; }
et_char_t *et_node_content(void) { return (et_char_t *)strdup("content"); }
int32_t et_buffer_sum(const et_buffer *b) {
    int32_t sum = 0;
    for (size_t i = 0; i < b->len; i++) sum += b->data[i] + (b->raw ? b->raw[i] : 0);
    return sum;
}

et_named et_named_make(int32_t id, const char *name) {
    et_named n = {id, "", {"a", "bb"}, {1, 2, 3, 4, 5, 6}};
    strncpy(n.name, name, sizeof n.name);
    return n;
}
int32_t et_named_len(const et_named *n) { return (int32_t)strnlen(n->name, sizeof n->name); }

/* flags.h's, named through ## by ET_WIDTH */
int32_t et_width_8(void) { return 8; }
int32_t et_width_16(void) { return 16; }
int32_t et_named_init(et_named *n, int32_t size) {
    n->id = 1;
    return size;
}

#ifndef __wasi__
struct et_thread_call { et_counter_fn f; int64_t x; int32_t result; };
static void *et_thread_main(void *p) {
    struct et_thread_call *c = p;
    c->result = c->f(c->x);
    return NULL;
}
int32_t et_call_on_thread(et_counter_fn f, int64_t x) {
    struct et_thread_call c = {f, x, 0};
    pthread_t t;
    if (pthread_create(&t, NULL, et_thread_main, &c) != 0) return -1;
    pthread_join(t, NULL);
    return c.result;
}
#endif
void et_free(void *p) { free(p); }
et_status_t et_give_bytes(et_bytes_fn f, void *user) {
    static const unsigned char png[4] = {0x89, 'P', 'N', 'G'};
    return f(user, png, 4) + f(user, png + 1, 3);
}
