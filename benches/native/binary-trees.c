/* Core anchor: binary-trees (Benchmarks Game algorithm), single thread, malloc/free. */
#include <stdio.h>
#include <stdlib.h>


typedef struct node { struct node *left, *right; } node;

static node *make(int d) {
    node *t = malloc(sizeof *t);
    if (d > 0) { t->left = make(d - 1); t->right = make(d - 1); }
    else t->left = t->right = NULL;
    return t;
}
static int check(const node *t) { return t->left ? 1 + check(t->left) + check(t->right) : 1; }
static void destroy(node *t) {
    if (t->left) { destroy(t->left); destroy(t->right); }
    free(t);
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 16;
    
    int min_depth = 4, max_depth = n < min_depth + 2 ? min_depth + 2 : n;
    node *t = make(max_depth + 1);
    printf("stretch tree of depth %d\t check: %d\n", max_depth + 1, check(t));
    destroy(t);
    node *long_lived = make(max_depth);
    for (int d = min_depth; d <= max_depth; d += 2) {
        int iters = 1 << (max_depth - d + min_depth), sum = 0;
        for (int i = 0; i < iters; i++) { t = make(d); sum += check(t); destroy(t); }
        printf("%d\t trees of depth %d\t check: %d\n", iters, d, sum);
    }
    printf("long lived tree of depth %d\t check: %d\n", max_depth, check(long_lived));
    destroy(long_lived);

    return 0;
}
