/* Structs and unions whose layouts the C type model must take from clang
 * exactly (checked by compiler/tests/ctypes.rs against the C compiler). */
#include <stdint.h>

struct et_mixed { char c; double d; int i; short s; };
struct et_nested { int tag; struct et_mixed inner; char last; };
union et_number { int64_t i; double d; uint8_t bytes[8]; };
struct et_arrays { char name[13]; int values[3]; double grid[2][2]; };
struct et_bits { unsigned a : 3; unsigned b : 7; int c : 12; unsigned char d; };
struct et_anon {
    int kind;
    union { int as_int; float as_float; };
    struct { short x, y; };
};
typedef struct { uint8_t r, g, b, a; } et_color;
struct et_packed1 { char c; int i; } __attribute__((packed));
typedef union { uint32_t type; struct { uint32_t type; int32_t x, y; } motion; uint8_t padding[56]; } et_event;

void et_take_mixed(struct et_mixed v);
void et_take_nested(struct et_nested v);
void et_take_number(union et_number v);
void et_take_arrays(struct et_arrays v);
void et_take_bits(struct et_bits v);
void et_take_anon(struct et_anon v);
void et_take_color(et_color v);
void et_take_packed(struct et_packed1 v);
void et_take_event(et_event v);

/* System V classification cases (eightbytes: I integer, S SSE, M memory) */
struct et_dd { double a, b; };            /* S S */
struct et_ffi { float a, b; int c; };     /* S I */
struct et_if { int a; float b; };         /* I */
struct et_fff { float a, b, c; };         /* S S */
struct et_big { int64_t a, b, c; };       /* M */
struct et_char3 { char a, b, c; };        /* I */
struct et_fd { float f[2]; double d; };   /* S S */
void et_take_dd(struct et_dd v);
void et_take_ffi(struct et_ffi v);
void et_take_if(struct et_if v);
void et_take_fff(struct et_fff v);
void et_take_big(struct et_big v);
void et_take_char3(struct et_char3 v);
void et_take_fd(struct et_fd v);
