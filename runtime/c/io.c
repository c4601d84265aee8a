/* io.c — output, files, errors as values, exit and the command line.
 * All program output goes through C stdio, so every executor interleaves
 * and buffers it the same way. */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void elle_flush_output(void) { fflush(stdout); }

/* The program's output written out at its end: 0, or 1 after saying on
 * standard error why it could not be (a full disk, a closed descriptor). */
int elle_finish_output(void) {
    if (fflush(stdout) == 0 && !ferror(stdout)) return 0;
    fprintf(stderr, "elle: cannot write the program's output: %s\n", strerror(errno));
    return 1;
}

void elle_write_stdout(Val v, int write_mode) {
    ElleBuf b = {0};
    elle_print_to(&b, v, write_mode);
    fwrite(b.data, 1, b.len, stdout);
    elle_buf_free(&b);
}

static Val emit(const char *who, Val v, int write_mode, const char *suffix, int64_t argc, Val *argv, int64_t port_at) {
    FILE *f = elle_port_arg(who, argc, argv, port_at, ELLE_PORT_OUTPUT);
    if (!f) return ELLE_EXC;
    ElleBuf b = {0};
    if (v != ELLE_UNBOUND) elle_print_to(&b, v, write_mode);
    if (suffix) elle_buf_puts(&b, suffix);
    int ok = elle_port_write(who, f, b.data, b.len);
    elle_buf_free(&b);
    return ok ? ELLE_NIL : ELLE_EXC;
}

static Val p_display(int64_t argc, Val *argv) { return emit("display", argv[0], 0, NULL, argc, argv, 1); }
static Val p_write(int64_t argc, Val *argv) { return emit("write", argv[0], 1, NULL, argc, argv, 1); }
static Val p_write_shared(int64_t argc, Val *argv) { return emit("write-shared", argv[0], ELLE_WRITE_SHARED, NULL, argc, argv, 1); }
/* R7RS's write-simple never labels, and so never ends on cyclic data:
 * here it labels cycles, as write does, because printing always ends. */
static Val p_write_simple(int64_t argc, Val *argv) { return emit("write-simple", argv[0], 1, NULL, argc, argv, 1); }
static Val p_print(int64_t argc, Val *argv) { return emit("print", argv[0], 0, "\n", argc, argv, 1); }
static Val p_newline(int64_t argc, Val *argv) { return emit("newline", ELLE_UNBOUND, 0, "\n", argc, argv, 0); }

static Val p_format(int64_t argc, Val *argv) { return elle_format_impl("format", argv[0], argc - 1, argv + 1); }

static Val p_printf(int64_t argc, Val *argv) {
    Val s = elle_format_impl("printf", argv[0], argc - 1, argv + 1);
    ELLE_RETURN_IF_EXC(s);
    return emit("printf", s, 0, NULL, 0, NULL, 0);
}

static Val p_fprintf(int64_t argc, Val *argv) {
    FILE *f = elle_port_arg("fprintf", argc, argv, 0, ELLE_PORT_OUTPUT);
    if (!f) return ELLE_EXC;
    Val s = elle_format_impl("fprintf", argv[1], argc - 2, argv + 2);
    ELLE_RETURN_IF_EXC(s);
    return elle_port_write("fprintf", f, ELLE_AS(ElleString, s)->bytes, (size_t)ELLE_AS(ElleString, s)->nbytes) ? ELLE_NIL : ELLE_EXC;
}

static Val p_flush_output(int64_t argc, Val *argv) {
    FILE *f = elle_port_arg("flush-output", argc, argv, 0, ELLE_PORT_OUTPUT);
    if (!f) return ELLE_EXC;
    fflush(f);
    return elle_port_write("flush-output", f, NULL, 0) ? ELLE_NIL : ELLE_EXC;
}

/* ---- errors as values ---------------------------------------------- */
static Val p_error(int64_t argc, Val *argv) {
    Val msg = argv[0];
    if (argc == 1 && elle_is(msg, ELLE_ERROR)) return elle_raise_value(msg); /* raised again, as caught */
    if (!elle_is(msg, ELLE_STRING)) {
        ElleBuf b = {0};
        elle_print_to(&b, msg, 1);
        msg = elle_string_from_buf(&b);
    }
    Val irritants = elle_list_from(argc - 1, argv + 1);
    return elle_raise_value(elle_make_error(msg, irritants));
}

static Val p_error_message(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_is(argv[0], ELLE_ERROR)) return elle_raise_type("error-message", "an error", argv[0]);
    return elle_error_text(argv[0]);
}

static Val p_error_irritants(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_is(argv[0], ELLE_ERROR)) return elle_raise_type("error-irritants", "an error", argv[0]);
    return ELLE_AS(ElleError, argv[0])->irritants;
}

static Val p_errorp(int64_t argc, Val *argv) { (void)argc; return elle_bool(elle_is(argv[0], ELLE_ERROR)); }

/* (raise obj): an error object is raised as it is; any other object in an
 * error that says what was raised and carries it for guard. Without
 * continuations, raise-continuable is raise. */
static Val p_raise(int64_t argc, Val *argv) {
    (void)argc;
    if (elle_is(argv[0], ELLE_ERROR)) return elle_raise_value(argv[0]);
    Val e = elle_make_error(elle_make_string("raised", 6), elle_list_from(1, argv));
    elle_header(e)->flags |= ELLE_ERROR_RAISED;
    return elle_raise_value(e);
}

static int raised(Val e) { return elle_is(e, ELLE_ERROR) && (elle_header(e)->flags & ELLE_ERROR_RAISED); }
static int escape(Val e) { return elle_is(e, ELLE_ERROR) && (elle_header(e)->flags & ELLE_ERROR_ESCAPE); }

/* (%escape tag values): unwinds to the call/ec whose tag it is */
static Val p_escape(int64_t argc, Val *argv) {
    (void)argc;
    static const char message[] = "an escape procedure's call/ec is not running";
    Val e = elle_make_error(elle_make_string(message, sizeof message - 1), elle_cons(argv[0], argv[1]));
    elle_header(e)->flags |= ELLE_ERROR_ESCAPE;
    return elle_raise_value(e);
}
static Val p_escapingp(int64_t argc, Val *argv) { (void)argc; return elle_bool(escape(argv[0])); }
static Val p_escape_ofp(int64_t argc, Val *argv) {
    (void)argc;
    return elle_bool(escape(argv[0]) && elle_car(ELLE_AS(ElleError, argv[0])->irritants) == argv[1]);
}
static Val p_escape_values(int64_t argc, Val *argv) {
    (void)argc;
    if (!escape(argv[0])) return elle_raise_type("%escape-values", "an escape", argv[0]);
    return elle_cdr(ELLE_AS(ElleError, argv[0])->irritants);
}

/* (%raised-object e): what guard binds for a caught error e */
static Val p_raised_object(int64_t argc, Val *argv) {
    (void)argc;
    return raised(argv[0]) ? elle_car(ELLE_AS(ElleError, argv[0])->irritants) : argv[0];
}

/* R7RS's error objects: the ones `error` (or a built-in) raised */
static Val p_error_objectp(int64_t argc, Val *argv) { (void)argc; return elle_bool(elle_is(argv[0], ELLE_ERROR) && !raised(argv[0])); }
static Val p_error_object_message(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_is(argv[0], ELLE_ERROR)) return elle_raise_type("error-object-message", "an error object", argv[0]);
    return ELLE_AS(ElleError, argv[0])->message;
}
static Val p_error_object_irritants(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_is(argv[0], ELLE_ERROR)) return elle_raise_type("error-object-irritants", "an error object", argv[0]);
    return ELLE_AS(ElleError, argv[0])->irritants;
}

/* ---- process ------------------------------------------------------- */
static Val p_exit(int64_t argc, Val *argv) {
    int code = 0;
    if (argc > 0) {
        Val c = argv[0];
        if (c == ELLE_TRUE) code = 0;
        else if (c == ELLE_FALSE) code = 1;
        else if (elle_is_integer(c) && elle_integer_wide(c) >= 0 && elle_integer_wide(c) <= 255) code = (int)elle_integer_value(c);
        else if (elle_is_integer(c)) return elle_raise_type("exit", "a status of 0 to 255", c);
        else return elle_raise_type("exit", "an integer or a boolean", c);
    }
    fflush(NULL);
    if (elle_finish_output() && code == 0) code = 1;
    exit(code);
}

/* (emergency-exit [code]): ends the process at once, output unflushed */
static Val p_emergency_exit(int64_t argc, Val *argv) {
    int code = 0;
    if (argc > 0) {
        Val c = argv[0];
        if (c == ELLE_FALSE) code = 1;
        else if (elle_is_integer(c) && elle_integer_wide(c) >= 0 && elle_integer_wide(c) <= 255) code = (int)elle_integer_value(c);
        else if (c != ELLE_TRUE) return elle_raise_type("emergency-exit", "a status of 0 to 255 or a boolean", c);
    }
    _exit(code);
}

static Val p_get_environment_variable(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_check_string("get-environment-variable", argv[0])) return ELLE_EXC;
    const char *v = getenv(ELLE_AS(ElleString, argv[0])->bytes);
    return v ? elle_make_string(v, strlen(v)) : ELLE_FALSE;
}

/* (get-environment-variables): an association list of every variable */
static Val p_get_environment_variables(int64_t argc, Val *argv) {
    (void)argc, (void)argv;
    extern char **environ;
    Val list = ELLE_NIL;
    for (char **e = environ; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        if (!eq) continue;
        Val name = elle_make_string(*e, (size_t)(eq - *e));
        Val value = elle_make_string(eq + 1, strlen(eq + 1));
        list = elle_cons(elle_cons(name, value), list);
    }
    return list;
}

/* time: seconds since 1970 as a float; jiffies are nanoseconds from a fixed point */
static Val p_current_second(int64_t argc, Val *argv) {
    (void)argc, (void)argv;
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return elle_make_float((double)t.tv_sec + (double)t.tv_nsec / 1e9);
}
static Val p_current_jiffy(int64_t argc, Val *argv) {
    (void)argc, (void)argv;
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return elle_make_int((int64_t)t.tv_sec * 1000000000 + t.tv_nsec);
}
static Val p_jiffies_per_second(int64_t argc, Val *argv) { (void)argc, (void)argv; return elle_fixnum(1000000000); }

static Val p_command_line_args(int64_t argc, Val *argv) {
    (void)argc;
    (void)argv;
    return elle_command_line();
}

/* ---- files --------------------------------------------------------- */
/* fopen; when the process is out of descriptors, once more after a
 * collection has closed the ports nothing reaches any more. */
static FILE *open_collecting(const char *path, const char *mode) {
    FILE *f = fopen(path, mode);
    if (!f && (errno == EMFILE || errno == ENFILE)) {
        elle_gc_collect();
        f = fopen(path, mode);
    }
    return f;
}

static Val p_read_file(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_check_string("read-file", argv[0])) return ELLE_EXC;
    const char *path = ELLE_AS(ElleString, argv[0])->bytes;
    FILE *f = open_collecting(path, "rb");
    if (!f) return elle_raise("read-file: cannot open '%s': %s", path, strerror(errno));
    ElleBuf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) elle_buf_put(&b, chunk, n);
    int failed = ferror(f);
    fclose(f);
    if (failed) { elle_buf_free(&b); return elle_raise("read-file: cannot read '%s'", path); }
    return elle_text_from_buf("read-file", &b);
}

static Val p_write_file(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_check_string("write-file", argv[0]) || !elle_check_string("write-file", argv[1])) return ELLE_EXC;
    const char *path = ELLE_AS(ElleString, argv[0])->bytes;
    FILE *f = open_collecting(path, "wb");
    if (!f) return elle_raise("write-file: cannot open '%s': %s", path, strerror(errno));
    ElleString *s = ELLE_AS(ElleString, argv[1]);
    size_t wrote = fwrite(s->bytes, 1, (size_t)s->nbytes, f);
    if (fclose(f) != 0 || wrote != (size_t)s->nbytes) return elle_raise("write-file: cannot write '%s'", path);
    return ELLE_NIL;
}

static Val p_open_file(int64_t argc, Val *argv) {
    if (!elle_check_string("open-file", argv[0])) return ELLE_EXC;
    const char *mode = "r";
    if (argc > 1) {
        Val m = argv[1];
        size_t n = 0;
        const char *name = elle_is(m, ELLE_KEYWORD) ? elle_symbol_name(m, &n) : elle_is(m, ELLE_STRING) ? elle_string_bytes(m, &n) : "";
        if (strcmp(name, "read") == 0 || strcmp(name, "r") == 0) mode = "r";
        else if (strcmp(name, "write") == 0 || strcmp(name, "w") == 0) mode = "w";
        else if (strcmp(name, "append") == 0 || strcmp(name, "a") == 0) mode = "a";
        else return elle_raise_type("open-file", "a mode of :read, :write or :append", m);
    }
    const char *path = ELLE_AS(ElleString, argv[0])->bytes;
    FILE *f = open_collecting(path, mode);
    if (!f) return elle_raise("open-file: cannot open '%s': %s", path, strerror(errno));
    return elle_make_port(f, mode[0] == 'r' ? ELLE_PORT_INPUT : ELLE_PORT_OUTPUT, argv[0]);
}

static Val p_file_existsp(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_check_string("file-exists?", argv[0])) return ELLE_EXC;
    return elle_bool(access(ELLE_AS(ElleString, argv[0])->bytes, F_OK) == 0);
}

static Val p_delete_file(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_check_string("delete-file", argv[0])) return ELLE_EXC;
    const char *path = ELLE_AS(ElleString, argv[0])->bytes;
    if (remove(path) != 0) return elle_raise("delete-file: cannot delete '%s': %s", path, strerror(errno));
    return ELLE_NIL;
}

static Val p_close_file(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_is(argv[0], ELLE_PORT)) return elle_raise_type("close-file", "a port", argv[0]);
    if (!elle_port_close(ELLE_AS(EllePort, argv[0]))) return elle_raise("close-file: error while closing: %s", strerror(errno));
    return ELLE_NIL;
}

#define PRIM(name, fn, lo, hi) {name, fn, lo, hi},
const ElleBuiltin elle_io_builtins[] = {
    PRIM("display", p_display, 1, 2)
    PRIM("write", p_write, 1, 2)
    PRIM("write-shared", p_write_shared, 1, 2)
    PRIM("write-simple", p_write_simple, 1, 2)
    PRIM("print", p_print, 1, 2)
    PRIM("newline", p_newline, 0, 1)
    PRIM("format", p_format, 1, -1)
    PRIM("printf", p_printf, 1, -1)
    PRIM("fprintf", p_fprintf, 2, -1)
    PRIM("flush-output", p_flush_output, 0, 1)
    PRIM("error", p_error, 1, -1)
    PRIM("error-message", p_error_message, 1, 1)
    PRIM("error-irritants", p_error_irritants, 1, 1)
    PRIM("error?", p_errorp, 1, 1)
    PRIM("raise", p_raise, 1, 1)
    PRIM("raise-continuable", p_raise, 1, 1)
    PRIM("%raised-object", p_raised_object, 1, 1)
    PRIM("%escape", p_escape, 2, 2)
    PRIM("%escaping?", p_escapingp, 1, 1)
    PRIM("%escape-of?", p_escape_ofp, 2, 2)
    PRIM("%escape-values", p_escape_values, 1, 1)
    PRIM("error-object?", p_error_objectp, 1, 1)
    PRIM("error-object-message", p_error_object_message, 1, 1)
    PRIM("error-object-irritants", p_error_object_irritants, 1, 1)
    PRIM("exit", p_exit, 0, 1)
    PRIM("command-line-args", p_command_line_args, 0, 0)
    PRIM("read-file", p_read_file, 1, 1)
    PRIM("write-file", p_write_file, 2, 2)
    PRIM("open-file", p_open_file, 1, 2)
    PRIM("close-file", p_close_file, 1, 1)
    PRIM("file-exists?", p_file_existsp, 1, 1)
    PRIM("delete-file", p_delete_file, 1, 1)
    PRIM("emergency-exit", p_emergency_exit, 0, 1)
    PRIM("get-environment-variable", p_get_environment_variable, 1, 1)
    PRIM("get-environment-variables", p_get_environment_variables, 0, 0)
    PRIM("current-second", p_current_second, 0, 0)
    PRIM("current-jiffy", p_current_jiffy, 0, 0)
    PRIM("jiffies-per-second", p_jiffies_per_second, 0, 0)
    {NULL, NULL, 0, 0}
};
