/* N calls of add() from libadd.so through libffi's ffi_call with a CIF
 * prepared once (the floor for a libffi-based interpreter), or the same
 * loop without the call. */
#include <dlfcn.h>
#include <ffi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv) {
    long n = atol(argv[1]);
    int call = strcmp(argv[2], "call") == 0;
    void *h = dlopen(argv[3], RTLD_NOW);
    if (!h) { fprintf(stderr, "%s\n", dlerror()); return 1; }
    void *add = dlsym(h, "add");
    ffi_cif cif;
    ffi_type *types[2] = {&ffi_type_sint, &ffi_type_sint};
    if (ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_sint, types) != FFI_OK) return 1;
    int acc = 0, one = 1;
    void *values[2] = {&acc, &one};
    ffi_arg r;
    if (call)
        for (long i = 0; i < n; i++) { ffi_call(&cif, FFI_FN(add), &r, values); acc = (int)r; }
    else
        for (long i = 0; i < n; i++) { acc = acc + 1; __asm__ volatile("" : "+r"(acc)); }
    printf("%d\n", acc);
    return 0;
}
