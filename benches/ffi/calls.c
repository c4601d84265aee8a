/* N calls of add() from libadd.so, or the same loop without the call. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "add.h"
int main(int argc, char **argv) {
    long n = atol(argv[1]);
    int call = strcmp(argv[2], "call") == 0;
    int acc = 0;
    if (call)
        for (long i = 0; i < n; i++) { acc = add(acc, 1); __asm__ volatile("" : "+r"(acc)); }
    else
        for (long i = 0; i < n; i++) { acc = acc + 1; __asm__ volatile("" : "+r"(acc)); }
    printf("%d\n", acc);
    return 0;
}
