/* builtins.c — the table of every built-in procedure, by area. */
#include "internal.h"

extern const ElleBuiltin elle_number_builtins[], elle_equal_builtins[], elle_list_builtins[],
    elle_string_builtins[], elle_hash_builtins[], elle_io_builtins[];

const ElleBuiltin *const elle_builtin_tables[] = {
    elle_number_builtins, elle_equal_builtins, elle_list_builtins,
    elle_string_builtins, elle_hash_builtins, elle_io_builtins, NULL,
};

const char *const elle_intrinsic_names[] = {[ELLE_INTRINSIC_APPLY] = "apply"};
