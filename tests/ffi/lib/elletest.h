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

/* static inline: no symbol in the library; Elle calls it through a shim */
static inline int et_inline_scaled(int a, short b) { return a * 1000 + b; }
static inline double et_inline_mean(double a, double b) { return (a + b) / 2; }
#endif
