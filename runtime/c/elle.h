/* elle.h — the Elle runtime's public interface.
 *
 * Every executor (the interpreter, native code from ellec, wasm32 modules)
 * links this one runtime, so the meaning of every primitive is defined once.
 *
 * Value representation (one 64-bit word, `Val`):
 *
 *   ...........................................................1  fixnum: 63-bit signed integer, value = (int64)v >> 1
 *   ..........................................................000  heap object: pointer to an 8-aligned ObjHeader (never 0)
 *   .....................................................ttttt010  immediate constant: #f #t nil eof unbound exc tail values
 *   ...............................codepoint..................110  character: Unicode scalar value = v >> 3
 *   .................................address..................100  C pointer: address = v >> 3
 *
 * A pointer C returns is an immediate, so crossing into Elle allocates
 * nothing; a pointer into memory Elle owns (c-alloc), a callback, and an
 * address of 2^61 or more are boxed (ELLE_POINTER), with what they need.
 *
 * Integers span C's int64 and uint64 ranges together, -2^63 to 2^64 - 1, so
 * every C integer comes into Elle as its value: those outside the fixnum
 * range are boxed (ELLE_INT64), and arithmetic is exact over the whole range
 * with overflow an error, never a wrap. Floats are boxed doubles. Only #f and nil are false; they differ in
 * bit 4 alone, so truthiness is one mask and compare.
 *
 * Errors never unwind through C: a primitive that fails records the error
 * (elle_raise*) and returns ELLE_EXC; its caller checks for that value and
 * propagates. This needs no setjmp/longjmp (which wasm32 lacks) and lets the
 * Rust interpreter and generated code handle errors the same way.
 *
 * The collector is mark-sweep and never moves an object, so C code may hold
 * pointers to strings and buffers. Roots: the native stack (scanned
 * conservatively, interior pointers included), the value stack, protected
 * values, the global table and the symbol table.
 */
#ifndef ELLE_H
#define ELLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef uint64_t Val;

/* ---- immediates ---------------------------------------------------------- */
#define ELLE_IMM(n) ((Val)(((n) << 3) | 2))
#define ELLE_FALSE ELLE_IMM(0)
#define ELLE_TRUE ELLE_IMM(1)
#define ELLE_NIL ELLE_IMM(2)
#define ELLE_EOF ELLE_IMM(3)
#define ELLE_UNBOUND ELLE_IMM(4) /* a global or internal define not yet given a value */
#define ELLE_EXC ELLE_IMM(5)     /* "an error is pending": returned, never stored */
#define ELLE_TAIL ELLE_IMM(6)    /* interpreter-internal: "a tail call is pending" */
#define ELLE_VALUES ELLE_IMM(7)  /* "other than one value, in values.c's buffer" (values.c) */

#define ELLE_FIXNUM_MAX ((int64_t)(INT64_MAX >> 1))
#define ELLE_FIXNUM_MIN ((int64_t)(INT64_MIN >> 1))

static inline int elle_is_fixnum(Val v) { return (v & 1) != 0; }
static inline int64_t elle_fixnum_value(Val v) { return (int64_t)v >> 1; }
static inline Val elle_fixnum(int64_t i) { return ((Val)i << 1) | 1; }
static inline int elle_is_ptr(Val v) { return (v & 7) == 0; }
static inline int elle_is_char(Val v) { return (v & 7) == 6; }
static inline uint32_t elle_char_value(Val v) { return (uint32_t)(v >> 3); }
static inline Val elle_char(uint32_t cp) { return ((Val)cp << 3) | 6; }
static inline int elle_is_cptr(Val v) { return (v & 7) == 4; }
static inline int elle_truthy(Val v) { return (v & ~(Val)0x10) != ELLE_FALSE; }
static inline Val elle_bool(int b) { return b ? ELLE_TRUE : ELLE_FALSE; }

/* ---- heap objects ------------------------------------------------------- */
typedef enum {
    ELLE_FREE = 0, /* a free cell in the heap, never a live value */
    ELLE_PAIR,
    ELLE_FLOAT,
    ELLE_INT64,
    ELLE_STRING,
    ELLE_SYMBOL,
    ELLE_KEYWORD,
    ELLE_VECTOR,
    ELLE_HASHTABLE,
    ELLE_CLOSURE,
    ELLE_PRIMITIVE,
    ELLE_BOX,
    ELLE_ERROR,
    ELLE_PORT,
    ELLE_POINTER,
    ELLE_CSTRUCT,
    ELLE_CBLOCK,
    ELLE_CALLBACK,
    ELLE_BYTEVECTOR,
    ELLE_RECORD_TYPE,
    ELLE_RECORD,
    ELLE_KIND_COUNT
} ElleKind;
/* runtime/src/lib.rs mirrors these (Kind, KINDS): change both together */
_Static_assert(ELLE_KIND_COUNT == 21, "the Rust side's Kind lists every ElleKind");

typedef struct {
    uint8_t kind;  /* ElleKind */
    uint8_t mark;  /* collector's mark bit */
    uint16_t flags;
    uint32_t aux;
} ElleHeader;

typedef struct { ElleHeader h; Val car, cdr; } EllePair;
typedef struct { ElleHeader h; double d; } ElleFloat;
/* `i` is the value, or with ELLE_INT_UNSIGNED set (a value of 2^63 or
 * more) the bits of a uint64. */
typedef struct { ElleHeader h; int64_t i; } ElleInt64;
#define ELLE_INT_UNSIGNED 1
/* Any Elle integer, and any sum or difference of two: arithmetic is done in
 * this width, then checked against the range. */
typedef __int128 ElleWide;
#define ELLE_WIDE_MIN ((ElleWide)INT64_MIN)
#define ELLE_WIDE_MAX ((ElleWide)UINT64_MAX)
static inline int elle_wide_fits(ElleWide w) { return w >= ELLE_WIDE_MIN && w <= ELLE_WIDE_MAX; }
/* UTF-8 bytes, NUL-terminated so C can take them as const char*.
 * nchars == nbytes means pure ASCII: string-ref is then O(1). `bytes` is
 * the string's own `text` (`capacity` bytes) until string-set! and its
 * kin need more room; then a malloc'd buffer, freed with the string. A
 * frozen string (a symbol's name) cannot be changed. */
typedef struct { ElleHeader h; int64_t nbytes; int64_t nchars; char *bytes; int64_t capacity; char text[]; } ElleString;
/* Symbols and keywords; interned ones live forever, gensyms are collectable. */
typedef struct { ElleHeader h; Val name; } ElleSymbol;
typedef struct { ElleHeader h; int64_t len; Val items[]; } ElleVector;
/* Insertion-ordered: `entries` is a vector of key, value pairs in the order
 * they were added (deleted ones hold ELLE_UNBOUND keys); `index` is an open
 * addressing table of fixnum entry numbers (-1 empty). Iteration order is
 * therefore the same in every executor. */
typedef struct { ElleHeader h; int64_t count; int64_t used; Val entries; Val index; } ElleHashTable;
/* A closure: `code` is the executor's handle (interpreter: lambda index in
 * `aux`; native: a function pointer). `free` holds captured values or boxes. */
typedef struct { ElleHeader h; void *code; Val name; int64_t nfree; Val free[]; } ElleClosure;
typedef Val (*EllePrimFn)(int64_t argc, Val *argv);
typedef struct { ElleHeader h; EllePrimFn fn; const char *name; int32_t min_args, max_args; } EllePrimitive;
typedef struct { ElleHeader h; Val v; } ElleBox;
typedef struct { ElleHeader h; Val message; Val irritants; } ElleError;
/* A port: a C stream, or for an input string port its bytes `text`
 * (`len` of them, read up to `pos`); `peeked` holds bytes peek-char read
 * from a stream, to be read again. */
typedef struct {
    ElleHeader h;
    FILE *f;
    Val path;
    char *text;
    size_t len, pos;
    int npeeked;
    unsigned char peeked[8];
} EllePort;
/* `owner`: the block of Elle's memory it points into (ELLE_CBLOCK), or nil
 * for memory C owns. */
typedef struct { ElleHeader h; void *p; Val owner; } EllePointer;
/* Memory c-alloc gave: `mem` (malloc'd, NULL once freed), `size` bytes. */
typedef struct { ElleHeader h; void *mem; int64_t size; } ElleCBlock;
/* A callback (callback.c): its code (NULL once freed), its procedure's
 * slot, and what gives the executor's code back when it is freed. */
typedef void (*ElleCallbackRelease)(void *code, int64_t slot);
typedef struct { ElleHeader h; void *code; int64_t slot; ElleCallbackRelease release; } ElleCallback;
/* A C struct or union value: its C type's name (a string) and its bytes,
 * laid out as C lays them out; the allocation is rounded up to 16 bytes so
 * an ABI may move whole eightbytes. */
typedef struct { ElleHeader h; Val type; int64_t size; char bytes[]; } ElleCStruct;
/* Raw bytes (bytevector.c): C takes `bytes` where it takes a pointer. */
typedef struct { ElleHeader h; int64_t len; uint8_t bytes[]; } ElleBytevector;
/* A record type (define-record-type makes a new one each time it runs):
 * its name, a symbol, and its field names, a vector of symbols. */
typedef struct { ElleHeader h; Val name; Val fields; } ElleRecordType;
/* Record type flags: its records are opaque (the prelude's promises):
 * they print as #<name> and compare by identity. */
#define ELLE_RECORD_OPAQUE 1
/* A record: its type, and its fields in the type's order; `h.aux` is
 * their count. */
typedef struct { ElleHeader h; Val type; Val fields[]; } ElleRecord;

/* Where compiled code reads and writes objects itself, stated once: the
 * native back end takes these offsets from here (runtime/build.rs makes
 * each ELLE_AT_ define a Rust constant, elle_runtime::interface), and the
 * asserts hold them to the structs wherever the runtime is compiled —
 * with 4-byte pointers (wasm32) too. */
#define ELLE_AT_HEADER_KIND 0
#define ELLE_AT_HEADER_AUX 4
#define ELLE_AT_PAIR_CAR 8
#define ELLE_AT_PAIR_CDR 16
#define ELLE_AT_CLOSURE_CODE 8
#define ELLE_AT_CLOSURE_FREE 32
#define ELLE_AT_PRIMITIVE_FN 8
#define ELLE_AT_BOX_VALUE 8
#define ELLE_AT_RECORD_TYPE 8
#define ELLE_AT_RECORD_FIELDS 16
_Static_assert(offsetof(ElleHeader, kind) == ELLE_AT_HEADER_KIND, "ELLE_AT_HEADER_KIND");
_Static_assert(offsetof(ElleHeader, aux) == ELLE_AT_HEADER_AUX, "ELLE_AT_HEADER_AUX");
_Static_assert(offsetof(EllePair, car) == ELLE_AT_PAIR_CAR, "ELLE_AT_PAIR_CAR");
_Static_assert(offsetof(EllePair, cdr) == ELLE_AT_PAIR_CDR, "ELLE_AT_PAIR_CDR");
_Static_assert(offsetof(ElleClosure, code) == ELLE_AT_CLOSURE_CODE, "ELLE_AT_CLOSURE_CODE");
_Static_assert(offsetof(ElleClosure, free) == ELLE_AT_CLOSURE_FREE, "ELLE_AT_CLOSURE_FREE");
_Static_assert(offsetof(EllePrimitive, fn) == ELLE_AT_PRIMITIVE_FN, "ELLE_AT_PRIMITIVE_FN");
_Static_assert(offsetof(ElleBox, v) == ELLE_AT_BOX_VALUE, "ELLE_AT_BOX_VALUE");
_Static_assert(offsetof(ElleRecord, type) == ELLE_AT_RECORD_TYPE, "ELLE_AT_RECORD_TYPE");
_Static_assert(offsetof(ElleRecord, fields) == ELLE_AT_RECORD_FIELDS, "ELLE_AT_RECORD_FIELDS");

#define ELLE_PORT_INPUT 1
#define ELLE_PORT_OUTPUT 2
#define ELLE_PORT_STD 4 /* stdin/stdout/stderr: never closed by the collector */
#define ELLE_PORT_STRING 8  /* input from a string's bytes (text, len, pos) */
#define ELLE_PORT_MEMORY 16 /* output to memory (open_memstream into text, len) */

/* Primitive flags (EllePrimitive.h.flags): the executor implements these
 * itself because they call procedures; `aux` is then the intrinsic's id. */
#define ELLE_PRIM_INTRINSIC 1

/* Pair and vector flags: a frozen one is part of a macro's argument forms
 * or of an expansion (the compiler keeps them as its data), and set-car!,
 * set-cdr!, vector-set! and vector-fill! refuse it. */
#define ELLE_FROZEN 1
void elle_freeze(Val v); /* a pair, vector or string; anything else is left alone */
/* Error flags: an error made by `raise` of another object, which is its
 * one irritant (guard binds that object, not the error). */
#define ELLE_ERROR_RAISED 1
/* Error flags: an escape (call/ec's escape procedure was called), which
 * only its own call/ec catches: `try` hands it on (the analysis wraps
 * every handler of a program's `try`). Irritants: (tag . values). */
#define ELLE_ERROR_ESCAPE 2

static inline ElleHeader *elle_header(Val v) { return (ElleHeader *)(uintptr_t)v; }
static inline int elle_kind(Val v) { return elle_is_ptr(v) ? elle_header(v)->kind : -1; }
static inline int elle_is(Val v, ElleKind k) { return elle_is_ptr(v) && elle_header(v)->kind == k; }
#define ELLE_AS(type, v) ((type *)(uintptr_t)(v))
static inline Val elle_car(Val v) { return ELLE_AS(EllePair, v)->car; }
static inline Val elle_cdr(Val v) { return ELLE_AS(EllePair, v)->cdr; }

/* ---- lifecycle and collector -------------------------------------------- */
/* `stack_bottom`: an address in the outermost frame of the thread that runs
 * Elle code; the collector scans the native stack from there up. */
void elle_init(void *stack_bottom);
void elle_set_stack_bottom(void *stack_bottom);
void *elle_alloc(ElleKind kind, size_t bytes); /* zeroed payload; out of memory ends the program with a message */
void *elle_try_alloc(ElleKind kind, size_t bytes); /* the same, or NULL when there is no memory for it */
void elle_gc_collect(void);
/* Safe points (platform.h, ELLE_GC_AT_SAFE_POINTS): compiled code calls
 * elle_gc_safe_point where elle_gc_wanted is set, and stores the address of
 * each frame array in elle_frame_escape so that the compiler keeps the
 * array in memory. */
extern int32_t elle_gc_wanted;
extern void *volatile elle_frame_escape;
void elle_gc_safe_point(void);
void elle_gc_protect(Val v);       /* a permanent root */
extern Val *elle_globals;          /* the global table (see elle_global_slot) */
void elle_gc_add_root(Val *slot);  /* a root slot, scanned at every collection */
void elle_gc_note_external(size_t bytes); /* memory objects hold outside the heap: counts toward the next collection */
typedef struct { size_t collections; size_t heap_bytes; size_t live_bytes; size_t allocated_total; } ElleGcStats;
ElleGcStats elle_gc_stats(void);

/* The value stack: an exactly-scanned stack of Vals that executors may use
 * for arguments and frames. [base, top) is live. */
typedef struct { Val *base; Val *top; Val *limit; } ElleValueStack;
extern ElleValueStack elle_vstack;

/* ---- globals ---------------------------------------------------------- */
/* A global variable is an index into one table shared by every executor. */
int64_t elle_global_new(void);
Val *elle_global_slot(int64_t index);

/* ---- constructors ------------------------------------------------------ */
Val elle_cons(Val car, Val cdr);
Val elle_make_int(int64_t i);
Val elle_make_uint(uint64_t u);
Val elle_make_wide(ElleWide w); /* requires elle_wide_fits */
Val elle_make_float(double d);
Val elle_make_string(const char *bytes, size_t nbytes); /* bytes must be valid UTF-8 */
Val elle_make_vector(int64_t len, Val fill);
Val elle_make_vector_checked(const char *who, int64_t len, Val fill); /* out of memory: an error */
Val elle_make_box(Val v);
Val elle_make_bytevector(const char *who, int64_t len); /* zeroed; an error if negative or out of memory */
Val elle_make_closure(void *code, uint32_t aux, Val name, int64_t nfree);
Val elle_make_primitive(const char *name, EllePrimFn fn, int32_t min_args, int32_t max_args);
Val elle_make_pointer(void *p); /* memory C owns */
int elle_is_pointer(Val v);      /* immediate or boxed */
void *elle_pointer_raw(Val v);   /* a pointer's address, unchecked */
Val elle_make_owned_pointer(void *p, Val owner);
/* a pointer argument's address (nil is NULL); 0 with an error recorded if
 * `v` is not a pointer or its memory was freed */
int elle_pointer_address(const char *who, Val v, void **out);
/* callbacks: the procedure is kept in a slot (a root) until c-free */
int64_t elle_callback_register(Val proc);
extern Val *elle_callback_procs; /* by slot */
Val elle_callback_proc(int64_t slot);
Val elle_make_callback(void *code, int64_t slot, ElleCallbackRelease release);
/* the C type a keyword name (`int`, `double`, `pointer`) stands for: its
 * conversion kind and width, which is bytes or, where the data model decides
 * (long, size_t, pointers), one of ELLE_WIDTH_* (elle_c_width_bytes: here) */
enum { ELLE_WIDTH_LONG = -1, ELLE_WIDTH_SIZE = -2, ELLE_WIDTH_POINTER = -3 };
int elle_c_type_named(const char *name, int *kind, int *width);
int elle_c_width_bytes(int width);
void elle_save_errno(void); /* after a C call: what ffi-last-error gives */
/* a C scalar in memory as the bits elle_c_result takes (a float widened),
 * and bits from elle_c_arg stored as the C scalar (a double narrowed) */
uint64_t elle_c_load(const void *at, int kind, int bytes);
void elle_c_store(void *at, int kind, int bytes, uint64_t bits);
/* FFI safety checks (guard.c): on, an executor runs C calls through
 * elle_guarded_call, which returns the signal (SIGSEGV, SIGBUS) that
 * interrupted fn(arg), or 0 */
extern int elle_ffi_safety;
int elle_guarded_call(void (*fn)(void *), void *arg);
Val elle_raise_crash(const char *fn, int sig); /* the error for a caught crash */
Val elle_intern(const char *name, size_t len);
Val elle_intern_keyword(const char *name, size_t len); /* name without ':' */
Val elle_gensym(const char *prefix);
Val elle_list_from(int64_t n, const Val *items);
int64_t elle_proper_length(Val v); /* -1: not a proper list (dotted or circular) */

/* ---- accessors --------------------------------------------------------- */
int elle_is_integer(Val v);                  /* fixnum or boxed int64 */
int64_t elle_integer_value(Val v);           /* requires elle_is_integer and a value in int64 */
ElleWide elle_integer_wide(Val v);           /* requires elle_is_integer */
int elle_integer_in_int64(Val v);            /* requires elle_is_integer */
double elle_float_value(Val v);              /* requires ELLE_FLOAT */
const char *elle_string_bytes(Val v, size_t *nbytes);
const char *elle_symbol_name(Val v, size_t *nbytes); /* symbols and keywords */
int elle_symbol_interned(Val v);

/* The values ELLE_VALUES stands for (values.c), as a list; any other value
 * is one value. */
Val elle_values_to_list(Val v);

/* ---- errors -------------------------------------------------------------- */
/* Record an error and return ELLE_EXC. */
Val elle_raise(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
Val elle_raise_type(const char *who, const char *expected, Val got);
Val elle_raise_value(Val error_object);
Val elle_make_error(Val message, Val irritants);
Val elle_pending_error(void); /* the recorded error object */
void elle_clear_error(void);
/* error message with irritants, as it is reported */
Val elle_error_text(Val error_object);
/* A source location compiled code attaches to the pending error: the first
 * one attached (the innermost) is kept until the error is cleared. */
typedef struct { const char *file; int32_t line, col; } ElleLoc;
void elle_error_locate(const ElleLoc *loc);
const ElleLoc *elle_error_location(void);
/* an error escaped a callback: report it and end the program (status 1);
 * `made` is where the callback was made, the place of an error that has
 * none of its own (a result C cannot take) */
_Noreturn void elle_callback_failed(const ElleLoc *made);
/* Errors raised by executors rather than primitives (same words everywhere). */
Val elle_raise_arity(const char *name, int32_t min, int32_t max /* -1: no limit */, int64_t got);
Val elle_raise_not_procedure(Val f);
Val elle_raise_unbound(Val name, int global);
Val elle_raise_stack_overflow(void);

/* ---- equality, hashing, printing --------------------------------------- */
int elle_eqv(Val a, Val b);
int elle_equal(Val a, Val b);
uint64_t elle_hash(Val v);
typedef struct { char *data; size_t len, cap; } ElleBuf;
void elle_buf_put(ElleBuf *b, const char *s, size_t n);
void elle_buf_puts(ElleBuf *b, const char *s);
void elle_buf_free(ElleBuf *b);
/* write_mode: 0 display, 1 write (labels where data is cyclic), or
 * ELLE_WRITE_SHARED (labels wherever it is shared too) */
#define ELLE_WRITE_SHARED 2
void elle_print_to(ElleBuf *b, Val v, int write_mode);
void elle_format_float(ElleBuf *b, double d);
Val elle_to_string(Val v, int write_mode); /* display or write text as a string */
/* Write to stdout through the runtime's buffered output (the same stream
 * the program's own output goes to). */
void elle_write_stdout(Val v, int write_mode);
void elle_flush_output(void);
/* C called a callback that c-free has freed: says so and ends the program. */
_Noreturn void elle_callback_freed(void);
/* At a callback's entry: on a thread other than Elle's own, the program
 * stops with a message (the collector and the executors are one thread's). */
void elle_callback_enter(void);
int elle_finish_output(void); /* at the program's end: 1 if its output could not be written (said on stderr) */

/* ---- numbers --------------------------------------------------------- */
/* Parse Elle number syntax; returns ELLE_FALSE if `text` is not a number,
 * ELLE_EXC (with an error recorded) if it is an out-of-range integer. */
Val elle_parse_number(const char *text, size_t len, int radix);

/* ---- primitives ------------------------------------------------------- */
typedef struct {
    const char *name;
    EllePrimFn fn;
    int32_t min_args, max_args; /* max -1: variadic */
} ElleBuiltin;
/* The built-in tables, each ending in a NULL name; the list ends in NULL. */
extern const ElleBuiltin *const elle_builtin_tables[];

/* Intrinsics: built-in procedures whose work calls procedures, so each
 * executor implements them; the runtime only names them. */
typedef enum { ELLE_INTRINSIC_APPLY = 0, ELLE_INTRINSIC_COUNT } ElleIntrinsic;
extern const char *const elle_intrinsic_names[];

void elle_set_command_line(int argc, const char *const *argv);
/* The built-in `name` of one table, or #f; the intrinsic `name`, or #f. A
 * compiled program asks for each built-in it uses in its own table, so it
 * links only those tables' primitives. */
Val elle_builtin_in(const ElleBuiltin *table, const char *name);
Val elle_intrinsic_named(const char *name);
/* The symbol of the table that holds built-in `name` (NULL: an intrinsic,
 * or none), for the compiler. */
const char *elle_builtin_table_symbol(const char *name);
/* Builds a compiled program's quoted data into `table` from the compiler's
 * description of it (constants.c). */
void elle_build_constants(const uint8_t *code, int64_t len, Val *table);

/* ---- C calls (ffi.c) ----------------------------------------------------- */
/* How a C parameter or result is converted. CSTRING: `const char*` (an Elle
 * string may be passed; a `char*` result is copied into a string). TEXT: a
 * struct field `char[N]` (`bytes` is N), a string up to its NUL. */
enum { ELLE_C_VOID, ELLE_C_BOOL, ELLE_C_INT, ELLE_C_UINT, ELLE_C_FLOAT, ELLE_C_DOUBLE, ELLE_C_POINTER, ELLE_C_CSTRING, ELLE_C_RECORD, ELLE_C_TEXT };
/* A field of a C struct or union layout (struct.c). */
typedef struct {
    const char *name;    /* NULL for an anonymous member */
    int64_t offset_bits; /* from the start of the record */
    int32_t kind;        /* ELLE_C_*: a scalar's conversion, or RECORD */
    int32_t bytes;       /* a scalar's size */
    int32_t record;      /* a nested record's layout id; for a pointer field, the
                            layout of the struct it points to (typed), or -1 */
    int32_t count;       /* elements of an array field; 0: not an array */
    int32_t bit_width;   /* a bitfield's width; 0: not a bitfield */
} ElleFieldSpec;
/* Make a C type's layout known; ids count from 0 in registration order. */
int32_t elle_register_layout(const char *name, int64_t size, int32_t nfields, const ElleFieldSpec *fields);
/* A pointer C returned to a struct of layout `layout`: typed, so struct-get
 * and struct-set! read and write through it (nil for NULL). */
Val elle_c_result_typed(uint64_t bits, int32_t layout);
/* Where C takes a pointer to struct `expected`: a struct value or typed
 * pointer of another type is an error (0, recorded); anything else passes. */
int elle_c_check_pointee(Val v, const char *expected, const char *fn, int argno);
/* An Elle value as the 64 bits of a C argument; 0 (with an error raised)
 * if it cannot be one. Doubles and floats travel as a double's bits. */
int elle_c_arg(Val v, int kind, int bytes, const char *fn, int argno, uint64_t *out);
int elle_c_store_arg(Val v, int kind, int bytes, const char *who, uint64_t *out); /* into C memory: a char* takes pointers, not strings */
/* A C result's bits as an Elle value (or ELLE_EXC). */
Val elle_c_result(uint64_t bits, int kind, int bytes, const char *fn);
/* A struct argument: its bytes, if `v` is a struct of C type `type`. */
int elle_c_arg_struct(Val v, const char *type, const char *fn, int argno, void **out);
/* A variadic argument, by its value: 0 for integer class (integers as
 * int64_t, strings, pointers, nil, booleans and characters as int), 1 for
 * a double; -1 with an error raised. */
int elle_c_vararg(Val v, const char *fn, int argno, uint64_t *bits);
/* The code function pointer `v` points to (ffi-call-pointer): NULL with an
 * error raised if it is not a pointer, was freed, or is NULL. */
void *elle_c_function_pointer(Val v);
/* A compiled variadic call's `k` extra arguments placed as System V places
 * them: each integer-class one in the next of the `ngpr` free general
 * registers, each double in the next of the `nxmm` free vector registers,
 * the others on the stack, in order. 1, or 0 with an error raised (the
 * first extra argument is argument `first_argno` of `fn`). */
int elle_c_varargs(const Val *vals, int64_t k, const char *fn, int first_argno, uint64_t *gpr, int64_t ngpr, uint64_t *xmm, int64_t nxmm, uint64_t *stack);
int elle_c_varargs_buffer(const Val *vals, int64_t k, const char *fn, int first_argno, unsigned char *buf);
/* A new struct value of C type `type` from `size` bytes. */
Val elle_make_cstruct(const char *type, int64_t size, const void *bytes);
/* A vector where C takes a pointer to scalars (`int*`): copied into a new
 * C array for the call (`*array`; the value to pass is a pointer to it),
 * and after the call copied back (unless the pointer is const) and freed.
 * Anything but a vector passes through unchanged, `*array` NULL. */
Val elle_c_vector_in(Val v, int kind, int bytes, const char *fn, int argno, void **array);
Val elle_c_vector_out(Val v, void *array, int kind, int bytes, int write_back);

/* ---- native programs (native.c) --------------------------------------- */
/* Compiled code calls a procedure whose code it does not know through one
 * signature, `Val code(Val closure, int64_t argc)`, with the arguments in
 * `elle_args[0..argc)`; the callee copies them out before it allocates. */
extern Val *elle_args;
void elle_args_reserve(int64_t n);
/* Native stack address below which a call is "recursion too deep". */
extern uintptr_t elle_stack_limit;
/* What a compiled program gives the runtime. */
typedef struct {
    Val *globals;      /* the program's global variables */
    int64_t nglobals;
    Val *constants;    /* its quoted data, built by `init` */
    int64_t nconstants;
    Val (*init)(void); /* builds constants and built-in globals */
    Val (*run)(void);  /* the top-level forms in order; ELLE_EXC if one failed */
    Val (*call)(Val f, int64_t argc); /* calls f on elle_args (C convention) */
} ElleProgram;
/* Runs a compiled program on a thread with a large stack and exits with
 * its status (an uncaught error is reported with its location: status 1);
 * declared as main's result, which it never returns. */
int elle_native_main(int argc, char **argv, const ElleProgram *program);
/* Helpers generated code calls. */
Val elle_call_nonclosure(Val f, int64_t argc);          /* primitives; else an error */
Val elle_raise_closure_arity(Val f, int64_t argc);
Val elle_rest_list(int64_t from, int64_t argc);          /* list of elle_args[from..argc) */
int64_t elle_spread_args(int64_t nfixed, Val *fixed, Val list); /* apply: -1 on error */
void elle_gc_add_root_range(Val *start, int64_t n);
/* Callbacks: each C signature a program makes callbacks of has a pool of
 * thunks compiled for it (callback.rs), which the runtime hands out. */
typedef struct ElleThunkPool {
    int64_t size;
    void *const *thunks;
    int64_t *slots;       /* the procedure slot of each thunk's callback; -1 free */
    const ElleLoc **made; /* where each thunk's callback was made */
    struct ElleThunkPool *next; /* pools in use, linked by the runtime */
} ElleThunkPool;
/* A callback of `proc` from a free thunk of `pool` (made: its location) */
Val elle_native_callback(ElleThunkPool *pool, Val proc, const ElleLoc *made);
#endif
