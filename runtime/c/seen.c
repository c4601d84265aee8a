/* seen.c — a set of objects (or pairs of objects) already met, for the
 * walks over data that may be cyclic: the printer's labels and equal?.
 * Open addressing on malloc'd memory: the walks run between allocations
 * of the collected heap, and the keys are only compared, never followed. */
#include "internal.h"

static uint64_t slot_of(ElleSeen *s, Val a, Val b) {
    uint64_t h = (a * 0x9E3779B97F4A7C15ull) ^ (b * 0xC2B2AE3D27D4EB4Full);
    return (h ^ (h >> 29)) & (s->cap - 1);
}

static void grow(ElleSeen *s) {
    ElleSeenEntry *old = s->entries;
    size_t old_cap = s->cap;
    s->cap = old_cap ? old_cap * 2 : 64;
    s->entries = elle_xmalloc(s->cap * sizeof *s->entries);
    for (size_t i = 0; i < s->cap; i++) s->entries[i].a = 0;
    s->count = 0;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].a) *elle_seen_slot(s, old[i].a, old[i].b) = old[i].value;
    free(old);
}

/* The value slot for (a, b), made (holding 0) if absent; a is never 0. */
int64_t *elle_seen_slot(ElleSeen *s, Val a, Val b) {
    if ((s->count + 1) * 4 > s->cap * 3) grow(s);
    for (uint64_t i = slot_of(s, a, b);; i = (i + 1) & (s->cap - 1)) {
        ElleSeenEntry *e = &s->entries[i];
        if (e->a == a && e->b == b) return &e->value;
        if (!e->a) {
            e->a = a;
            e->b = b;
            e->value = 0;
            s->count++;
            return &e->value;
        }
    }
}

/* The value for (a, b), or 0 if absent. */
int64_t elle_seen_get(const ElleSeen *s, Val a, Val b) {
    if (!s->cap) return 0;
    for (uint64_t i = slot_of((ElleSeen *)s, a, b);; i = (i + 1) & (s->cap - 1)) {
        const ElleSeenEntry *e = &s->entries[i];
        if (e->a == a && e->b == b) return e->value;
        if (!e->a) return 0;
    }
}

void elle_seen_free(ElleSeen *s) {
    free(s->entries);
    *s = (ElleSeen){0};
}
