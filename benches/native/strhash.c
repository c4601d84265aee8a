/* Strings and a hash table: the same work as strhash.lisp, with malloc'd
 * strings and an open-addressing table of string keys. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
typedef struct { char *key; long count; } Entry;
static Entry *table; static size_t cap = 1024, used;
static uint64_t hash(const char *s) { uint64_t h = 14695981039346656037u; while (*s) h = (h ^ (unsigned char)*s++) * 1099511628211u; return h; }
static Entry *slot(const char *k) {
    for (size_t i = hash(k) & (cap - 1);; i = (i + 1) & (cap - 1))
        if (!table[i].key || strcmp(table[i].key, k) == 0) return &table[i];
}
static void grow(void) {
    Entry *old = table; size_t n = cap; cap *= 2; table = calloc(cap, sizeof *table);
    for (size_t i = 0; i < n; i++) if (old[i].key) *slot(old[i].key) = old[i];
    free(old);
}
int main(int argc, char **argv) {
    long long n = atoll(argv[1]);
    table = calloc(cap, sizeof *table);
    for (long long i = 0; i < n; i++) {
        char num[32]; snprintf(num, sizeof num, "%lld", (i * 7919) % 5000);
        char *key = malloc(strlen(num) + 5); strcpy(key, "key-"); strcat(key, num);
        Entry *e = slot(key);
        if (e->key) { free(key); e->count++; }
        else { e->key = key; e->count = 1; if (++used * 2 > cap) grow(); }
    }
    long total = 0;
    for (size_t i = 0; i < cap; i++) if (table[i].key) total += (long)strlen(table[i].key);
    printf("%zu keys, %ld characters, key-42 seen %ld times\n", used, total, slot("key-42")->count);
    return 0;
}
