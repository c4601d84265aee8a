/* The project's own C test library: one function per ABI case Elle must
 * pass and return correctly. Built by the conformance harness into
 * build/libelletest.{so,a}. */
#ifndef ELLETEST_H
#define ELLETEST_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELLETEST_ANSWER 42
#define ELLETEST_NEGATIVE (-7)
#define ELLETEST_RATIO 3.25
#define ELLETEST_NAME "elle-test"
#define ELLETEST_BIG 0x7fffffffffffffffLL
#define ELLETEST_SHIFTED (1 << 20)

#define ELLETEST_SQUARE(x) ((x) * (x))
#define ELLETEST_POS(display) (0x2FFF0000u | (display))
#define ELLETEST_POS_CENTERED ELLETEST_POS(0)
#define ELLETEST_SCALE(x, k) ((x) * (k) / 2.0)
#define ELLETEST_GREETING(who) "hello, " who
/* function-like macros made of calls (as SDL_SaveBMP, g_signal_connect):
 * nested calls, casts, NULL, literals, a parameter used twice */
#define ET_POINT_SUM_OF(x, y) et_point_sum(et_make_point((x), (y)))
#define ET_PICK_FIRST(a) et_pick(1, (a), NULL)
#define ET_WIDE_LEN(s) ((long) et_strlen (s))
#define ET_TWICE_LEN(s) et_u16_add(et_strlen(s), et_strlen(s))
#define ET_NEGATED_SUM(x) -et_point_sum(et_make_point((int32_t) (x), 0x10))
/* an object-like macro standing for a call (GTK_TYPE_WINDOW), and a cast
 * whose type is a parameter (GLib's G_TYPE_CHECK_INSTANCE_CAST) */
#define ET_GREETING_NOW (et_greeting ())
#define ET_CAST(p, T) ((T *) (void *) et_as_base((et_derived *) (p)))
/* another name for a function; macros naming each other */
#define ET_ALIAS_SUM et_point_sum
#define ET_LOOP_A ET_LOOP_B
#define ET_LOOP_B ET_LOOP_A

enum elletest_color { ELLETEST_RED, ELLETEST_GREEN = 5, ELLETEST_BLUE };
typedef enum { ELLETEST_SMALL = -2, ELLETEST_LARGE = 1000000 } elletest_size;

/* each integer width, through and back */
int8_t et_i8(int8_t x);
uint8_t et_u8(uint8_t x);
int16_t et_i16(int16_t x);
uint16_t et_u16(uint16_t x);
int32_t et_i32(int32_t x);
uint32_t et_u32(uint32_t x);
int64_t et_i64(int64_t x);
uint64_t et_u64(uint64_t x);
/* results the callee narrows: the caller must not trust upper bits */
int8_t et_i8_negate(int8_t x);
uint16_t et_u16_add(uint16_t a, uint16_t b);
uint64_t et_u64_max(void);
int elletest_color_value(enum elletest_color c);

float et_float_twice(float x);
double et_double_half(double x);
bool et_not(bool b);
bool et_is_positive(long x);

/* more arguments than registers: integers past the sixth and floats past
 * the eighth go on the stack */
long et_sum10(long a, long b, long c, long d, long e, long f, long g, long h, long i, long j);
double et_sumd10(double a, double b, double c, double d, double e, double f, double g, double h, double i, double j);
double et_mixed(int a, double b, long c, float d, short e, double f, unsigned char g, double h, int i, double j, double k, long l,
                float m, double n);

size_t et_strlen(const char *s);
const char *et_greeting(void);
char *et_upper(const char *s); /* a new string the caller owns */
const char *et_nothing(void);  /* NULL */
void *et_null(void);
bool et_is_null(const void *p);
const char *et_pick(bool first, const char *a, const char *b);

void et_bump(void);
int et_count(void);

/* structs and unions by value, one per System V class pattern */
typedef struct { int32_t x, y; } et_point;        /* 8 bytes: INTEGER */
typedef struct { double x, y; } et_vec2;          /* 16: SSE SSE */
typedef struct { float r, g; int32_t n; } et_ffi3; /* 12: SSE INTEGER */
typedef struct { int64_t a, b, c; } et_big3;      /* 24: MEMORY */
typedef struct { uint8_t r, g, b, a; } et_rgba;   /* 4: INTEGER */
typedef struct { char c; double d; } et_cd;       /* 16: INTEGER SSE */
typedef union { int64_t i; double d; } et_num;    /* 8: INTEGER */
et_point et_make_point(int32_t x, int32_t y);
/* out-parameters: C writes through a pointer to the caller's struct */
void et_point_scale(et_point *p, int32_t k);
int32_t et_point_read(const et_point *p);
/* C's inheritance: a struct that begins with another is one (GObject's way) */
typedef struct { int32_t kind; } et_base;
typedef struct { et_base base; int32_t extra; } et_derived;
et_derived *et_new_derived(void);
et_base *et_as_base(et_derived *d);
int32_t et_base_kind(const et_base *b);
int32_t et_derived_extra(const et_derived *d);
/* a type whose insides the header hides (GTK 4's GtkLabel): C code casts
 * a pointer it has to it */
typedef struct et_hidden et_hidden;
int32_t et_hidden_kind(et_hidden *h);
/* a pointer to a struct C keeps */
const et_point *et_origin(void);
int32_t et_point_sum(et_point p);
et_point et_point_swap(et_point p);
et_vec2 et_make_vec2(double x, double y);
double et_vec2_dot(et_vec2 a, et_vec2 b);
et_vec2 et_vec2_scale(et_vec2 v, double k);
et_ffi3 et_make_ffi3(float r, float g, int32_t n);
double et_ffi3_sum(et_ffi3 v);
et_big3 et_make_big3(int64_t a, int64_t b, int64_t c);
int64_t et_big3_sum(et_big3 v);
et_big3 et_big3_rotate(et_big3 v);
et_rgba et_make_rgba(uint8_t r, uint8_t g, uint8_t b, uint8_t a);
uint32_t et_rgba_pack(et_rgba c);
et_cd et_make_cd(char c, double d);
double et_cd_sum(et_cd v);
et_num et_num_from_int(int64_t i);
int64_t et_num_int(et_num n);
/* registers run out: later structs go on the stack whole */
double et_many_structs(int a, et_point p, double d, et_vec2 v, et_big3 big, int b, et_ffi3 f, et_vec2 w, et_cd cd, et_point q);

/* five integer registers used: the 16-byte struct no longer fits in the
 * one left, so it goes on the stack whole, and `f` takes that register */
typedef struct { int64_t a, b; } et_pair64;
int64_t et_regs_out(int a, int b, int c, int d, int e, et_pair64 s, int f);
et_pair64 et_make_pair64(int64_t a, int64_t b);
/* likewise for SSE: seven doubles, then a two-double struct, then a double */
double et_sse_out(double a, double b, double c, double d, double e, double f, double g, et_vec2 v, double h);

/* packed, with an unaligned field: System V passes and returns it in
 * memory although it is only 5 bytes */
typedef struct __attribute__((packed)) { char tag; int32_t value; } et_packed;
et_packed et_make_packed(char tag, int32_t value);
int64_t et_packed_sum(et_packed p, int32_t extra);
/* after the integer registers are used up, between stack arguments */
int64_t et_packed_late(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f, int64_t g, et_packed p, int64_t h);

/* callbacks: C calls Elle back with each argument class */
typedef int64_t (*et_ints_fn)(int32_t a, int64_t b, uint8_t c, bool d);
int64_t et_call_ints(et_ints_fn f, int32_t a, int64_t b, uint8_t c, bool d);
typedef double (*et_floats_fn)(double a, float b);
double et_call_floats(et_floats_fn f, double a, float b);
typedef float (*et_float_result_fn)(int32_t a);
float et_call_float_result(et_float_result_fn f, int32_t a);
typedef const char *(*et_string_fn)(const char *s, void *p);
size_t et_call_string(et_string_fn f, const char *s, void *p);
typedef int32_t (*et_counter_fn)(int64_t i);
/* calls f(0) .. f(n-1) and sums what it returns */
int64_t et_call_n_times(et_counter_fn f, int64_t n);
typedef void (*et_void_fn)(void);
/* structs by value to a callback: INTEGER; SSE SSE, MEMORY, INTEGER SSE */
typedef int32_t (*et_point_fn)(et_point p, int32_t k);
int32_t et_call_point(et_point_fn f, int32_t k);
typedef double (*et_structs_fn)(et_vec2 v, et_big3 big, et_cd cd);
double et_call_structs(et_structs_fn f);
/* structs as a callback's result: INTEGER, SSE SSE, SSE INTEGER (12 bytes), MEMORY */
typedef et_point (*et_make_point_fn)(int32_t k);
int32_t et_call_make_point(et_make_point_fn f, int32_t k);
typedef et_vec2 (*et_make_vec2_fn)(double d);
double et_call_make_vec2(et_make_vec2_fn f, double d);
typedef et_ffi3 (*et_make_ffi3_fn)(void);
double et_call_make_ffi3(et_make_ffi3_fn f);
typedef et_big3 (*et_make_big3_fn)(int64_t k, int64_t l);
int64_t et_call_make_big3(et_make_big3_fn f, int64_t k);
void et_call_void(et_void_fn f);
/* one struct, many names: a tag, its typedefs, a pointer typedef; an
 * untagged struct named by a typedef and a typedef of that */
typedef struct et_tagged { int32_t v; } et_tagged_t;
typedef et_tagged_t et_tagged_alias;
typedef struct et_tagged *et_tagged_p;
typedef struct { int32_t w; } et_untagged;
typedef et_untagged et_untagged2;
int32_t et_tagged_get(et_tagged_p p);
int32_t et_tagged_get_alias(et_tagged_alias *p);
int32_t et_untagged_get(et_untagged2 *p);
et_tagged_p et_tagged_new(int32_t v);
/* macros whose values are pointers, as SQLITE_TRANSIENT and SIG_IGN are */
#define ET_ALL_ONES ((void *)-1)
#define ET_IGNORE ((et_void_fn)1)
#define ET_NOTHING ((void *)0)
int32_t et_is_all_ones(const void *p);
/* a linked structure, walked through pointer fields as C does */
typedef struct et_node {
    int32_t value;
    const char *label;
    struct et_node *next;
    et_tagged_p tag;
    void *opaque;
} et_node;
et_node *et_list3(void);
/* a function pointer C keeps, to call later (as GUI toolkits keep handlers) */
void et_remember(et_counter_fn f);
/* bytes handed to a callback with their length, as cairo's and curl's write
 * functions are; the result's type is a typedef of a scalar */
typedef int32_t et_status_t;
typedef et_status_t (*et_bytes_fn)(void *user, const unsigned char *data, unsigned int n);
et_status_t et_give_bytes(et_bytes_fn f, void *user);
/* calls f(x) on a thread of its own (pthread_create), and returns its result */
int32_t et_call_on_thread(et_counter_fn f, int64_t x);
int32_t et_call_remembered(int64_t i);

/* C variables: read where a program names them */
extern int32_t et_global_count;   /* et_global_bump adds one */
void et_global_bump(void);
extern const char *et_global_name;
extern double et_global_ratio;
extern et_point et_global_point;
/* a variable's address as a macro, as wasi-libc's CLOCK_MONOTONIC is */
#define ET_GLOBAL_POINT_AT (&et_global_point)
/* an address only the linker knows, not a variable's own */
#define ET_TABLE_THIRD (&et_global_table[2])
extern int32_t et_global_table[4];
extern bool et_global_flag;
/* a header's own variable: no symbol in any library (read through a shim) */
static const int32_t et_static_answer = 42;

/* a function pointer C gives */
typedef int32_t (*et_binop)(int32_t a, int32_t b);
et_binop et_get_adder(void);
/* a function pointer a library keeps in a variable (libxml2's xmlFree) */
extern et_binop et_global_op;

/* arrays: C reads (const) or writes the elements a pointer points to */
int64_t et_sum_i32(const int32_t *xs, size_t n);
void et_double_all(double *xs, size_t n);
void et_squares(int64_t *out, int32_t n);
size_t et_total_length(const char *const *strings, size_t n);

/* reads through its argument: given NULL, it crashes */
int32_t et_deref(const int32_t *p);

/* the whole unsigned range: error codes at the top of size_t, as zstd's
 * are, and 64-bit hashes */
#define ET_SIZE_TOP ((size_t)-1)
#define ET_U64_TOP 0xFFFFFFFFFFFFFFFFULL
#define ET_ERROR_BASE ((size_t)-64)
size_t et_checked_len(const char *s, size_t limit); /* -(error number) as size_t past limit */
int32_t et_is_error(size_t code);
typedef struct { uint64_t hash; uint32_t flags : 3; uint64_t top : 64; } et_hashed;
et_hashed et_hash_of(const char *s);

/* bytes: text or memory by how C spells them */
const unsigned char *et_text_u(void);  /* text, as sqlite3_column_text's */
unsigned char *et_digest(const unsigned char *d, size_t n, unsigned char *md); /* as SHA256(): into md, or a static buffer */
const uint8_t *et_key_state(void);     /* an array, as SDL_GetKeyboardState's */
typedef unsigned char et_char_t;       /* as libxml2's xmlChar */
const et_char_t *et_node_name(void);
et_char_t *et_node_content(void);      /* the caller frees it, with et_free */
void et_free(void *p);                 /* the library's own deallocator, as xmlFree is */
typedef struct { unsigned char *data; const char *name; size_t len; uint8_t *raw; } et_buffer;
int32_t et_buffer_sum(const et_buffer *b);

/* char[N] is text; an array of uint8_t is bytes */
typedef struct { int32_t id; char name[16]; char tags[2][8]; uint8_t mac[6]; } et_named;
et_named et_named_make(int32_t id, const char *name);
int32_t et_named_len(const et_named *n);
int32_t et_named_init(et_named *n, int32_t size); /* the size it was given */

/* macros made of C's operators, applied to run-time values as S_ISREG is */
#define ET_FMT 0170000
#define ET_IFREG 0100000
#define ET_ISTYPE(mode, mask) (((mode) & ET_FMT) == (mask))
#define ET_ISREG(m) ET_ISTYPE((m), ET_IFREG)
#define ET_MKTAG(a, b, c, d) ((uint32_t)(a) | ((uint32_t)(b) << 8) | ((uint32_t)(c) << 16) | ((uint32_t)(d) << 24))
#define ET_HALF(x) ((x) / 2)
#define ET_MOD(x, m) ((x) % (m))
#define ET_CLAMP(x, lo, hi) ((x) < (lo) ? (lo) : (x) > (hi) ? (hi) : (x))
#define ET_HIGH_NIBBLE(x) (((x) >> 4) & 0xf)
#define ET_IS_EMPTY(s) ((s) == NULL || et_strlen(s) == 0)
#define ET_NOT(x) (!(x))
#define ET_FLAG_COUNT(x) (((x) & 1) + !!((x) & 2))
#define ET_INVERT(x) (~(x))
#define ET_VALUE_OF(p) ((p)->value)
#define ET_NEXT_VALUE(p) ((p) && (p)->next ? (p)->next->value : -1)
#define ET_SET_VALUE(p, v) ((p)->value = (v))
/* sizeof in a macro, as zlib's deflateInit and zstd's ZSTD_COMPRESSBOUND have */
#define ET_MAX_INPUT ((sizeof(size_t) == 8) ? 0xFF00FF00FF00FF00ULL : 0xFF00FF00U)
#define ET_BOUND(n) (((n) >= ET_MAX_INPUT) ? 0 : (n) + 64)
#define ET_NAMED_INIT(n) et_named_init((n), (int)sizeof(et_named))

/* static inline: no symbol in the library; Elle calls it through a shim */
static inline int et_inline_scaled(int a, short b) { return a * 1000 + b; }
static inline double et_inline_mean(double a, double b) { return (a + b) / 2; }
#endif
