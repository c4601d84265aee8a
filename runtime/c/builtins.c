/* builtins.c — the table of every built-in procedure, by area. */
#include "internal.h"

extern const ElleBuiltin elle_number_builtins[], elle_equal_builtins[], elle_list_builtins[],
    elle_string_builtins[], elle_hash_builtins[], elle_io_builtins[], elle_memory_builtins[], elle_struct_builtins[], elle_guard_builtins[], elle_bits_builtins[],
    elle_coperator_builtins[], elle_bytevector_builtins[], elle_char_builtins[], elle_vector_builtins[], elle_port_builtins[], elle_record_builtins[], elle_values_builtins[], elle_read_builtins[];

const ElleBuiltin *const elle_builtin_tables[] = {
    elle_number_builtins, elle_equal_builtins, elle_list_builtins,
    elle_string_builtins, elle_hash_builtins, elle_io_builtins, elle_memory_builtins, elle_struct_builtins, elle_guard_builtins, elle_bits_builtins, elle_coperator_builtins, elle_bytevector_builtins, elle_char_builtins, elle_vector_builtins, elle_port_builtins, elle_record_builtins, elle_values_builtins, elle_read_builtins, NULL,
};

const char *const elle_intrinsic_names[] = {[ELLE_INTRINSIC_APPLY] = "apply"};

/* The tables' symbols, in elle_builtin_tables' order: a compiled program
 * names the one table each built-in it uses is in, so it links only those
 * areas' primitives. */
static const char *const table_symbols[] = {
    "elle_number_builtins", "elle_equal_builtins", "elle_list_builtins",
    "elle_string_builtins", "elle_hash_builtins", "elle_io_builtins", "elle_memory_builtins", "elle_struct_builtins", "elle_guard_builtins", "elle_bits_builtins", "elle_coperator_builtins", "elle_bytevector_builtins", "elle_char_builtins", "elle_vector_builtins", "elle_port_builtins", "elle_record_builtins", "elle_values_builtins", "elle_read_builtins",
};
_Static_assert(sizeof table_symbols / sizeof *table_symbols == sizeof elle_builtin_tables / sizeof *elle_builtin_tables - 1,
               "a symbol for each built-in table");

Val elle_builtin_in(const ElleBuiltin *table, const char *name) {
    for (const ElleBuiltin *b = table; b->name; b++)
        if (strcmp(b->name, name) == 0) return elle_make_primitive(b->name, b->fn, b->min_args, b->max_args);
    return ELLE_FALSE;
}

Val elle_intrinsic_named(const char *name) {
    for (int i = 0; i < ELLE_INTRINSIC_COUNT; i++)
        if (strcmp(elle_intrinsic_names[i], name) == 0) {
            Val p = elle_make_primitive(elle_intrinsic_names[i], NULL, 2, -1);
            elle_header(p)->flags |= ELLE_PRIM_INTRINSIC;
            elle_header(p)->aux = (uint32_t)i;
            return p;
        }
    return ELLE_FALSE;
}

const char *elle_builtin_table_symbol(const char *name) {
    for (size_t t = 0; elle_builtin_tables[t]; t++)
        for (const ElleBuiltin *b = elle_builtin_tables[t]; b->name; b++)
            if (strcmp(b->name, name) == 0) return table_symbols[t];
    return NULL;
}
