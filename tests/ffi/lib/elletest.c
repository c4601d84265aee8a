#include "elletest.h"

#include <ctype.h>
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
