/* gc.c — allocator and non-moving mark-sweep collector.
 *
 * Invariants:
 * - Small objects (<= ELLE_SMALL_MAX bytes) live in 64 KiB blocks aligned to
 *   their size, one size class per block; a cell is live iff its header's
 *   kind is not ELLE_FREE. Free cells are linked through their second word.
 * - Large objects get a block of their own (a multiple of 64 KiB).
 * - Every 64 KiB chunk of every block is in `chunk_map`, so any word can be
 *   tested for "points into a live object" (interior pointers included):
 *   that is what makes conservative scanning of the native stack safe.
 * - Objects never move. Marking uses an explicit stack (no recursion), so a
 *   million-element list is marked in constant native stack.
 */
#include "internal.h"

#include <stdio.h>
#include <unistd.h>

#include <stdlib.h>
#include <string.h>

#define CHUNK_SHIFT 16
#define CHUNK_SIZE ((size_t)1 << CHUNK_SHIFT)
#define ELLE_SMALL_MAX 8192

static const uint32_t size_classes[] = {16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 6144, 8192};
#define NCLASSES (sizeof size_classes / sizeof size_classes[0])

typedef struct Block {
    struct Block *next; /* all blocks, one list */
    size_t size;        /* bytes in the block, header included */
    uint32_t cell;      /* cell size; 0 for a large-object block */
    uint32_t cls;
    uint32_t ncells;
    uint32_t nlive;
    char *cells;        /* first cell */
} Block;

typedef struct FreeCell { ElleHeader h; struct FreeCell *next; } FreeCell;

static Block *blocks;
static FreeCell *free_lists[NCLASSES];
static uint8_t class_of_size[ELLE_SMALL_MAX / 8 + 1];

/* chunk index -> block, open addressing; keys are chunk numbers (+1, so 0 = empty). */
static uintptr_t *map_keys;
static Block **map_vals;
static size_t map_cap, map_count;
static uintptr_t heap_lo = UINTPTR_MAX, heap_hi;

static size_t heap_bytes, live_bytes_after_gc, allocated_since_gc, allocated_total, threshold;
static size_t heap_max; /* ELLE_HEAP_MAX; 0: no limit */
static size_t heap_limit(const char *text);
static size_t collections;
static int stress, in_collect;
static void *stack_bottom;

ElleValueStack elle_vstack;

static Val *protected_vals;
static size_t protected_len, protected_cap;
static Val **root_slots;
typedef struct { Val *start; int64_t n; } RootRange;
static RootRange *root_ranges;
static size_t root_ranges_len, root_ranges_cap;
static size_t root_slots_len, root_slots_cap;

static Val *mark_stack;
static size_t mark_len, mark_cap;

#define MIN_THRESHOLD ((size_t)8 << 20)

static void *xmalloc(size_t n) {
    void *p = malloc(n);
    if (!p) elle_fatal("out of memory (%zu bytes)", n);
    return p;
}

static void *xrealloc(void *p, size_t n) {
    p = realloc(p, n);
    if (!p) elle_fatal("out of memory (%zu bytes)", n);
    return p;
}

static size_t map_hash(uintptr_t key) { return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 17); }

static void map_insert(uintptr_t chunk, Block *b);

static void map_grow(void) {
    uintptr_t *old_keys = map_keys;
    Block **old_vals = map_vals;
    size_t old_cap = map_cap;
    map_cap = map_cap ? map_cap * 2 : 1024;
    map_keys = calloc(map_cap, sizeof *map_keys);
    map_vals = calloc(map_cap, sizeof *map_vals);
    if (!map_keys || !map_vals) elle_fatal("out of memory (block map)");
    map_count = 0;
    for (size_t i = 0; i < old_cap; i++)
        if (old_keys[i] > 1) map_insert(old_keys[i] - 1, old_vals[i]);
    free(old_keys);
    free(old_vals);
}

/* key 0 = empty, key 1 = deleted */
static void map_insert(uintptr_t chunk, Block *b) {
    if ((map_count + 1) * 2 > map_cap) map_grow();
    size_t mask = map_cap - 1, i = map_hash(chunk) & mask;
    while (map_keys[i] > 1) i = (i + 1) & mask;
    map_keys[i] = chunk + 1;
    map_vals[i] = b;
    map_count++;
}

static Block *map_find(uintptr_t chunk) {
    if (!map_cap) return NULL;
    size_t mask = map_cap - 1, i = map_hash(chunk) & mask;
    while (map_keys[i] != 0) {
        if (map_keys[i] == chunk + 1) return map_vals[i];
        i = (i + 1) & mask;
    }
    return NULL;
}

static void map_remove(uintptr_t chunk) {
    size_t mask = map_cap - 1, i = map_hash(chunk) & mask;
    while (map_keys[i] != 0) {
        if (map_keys[i] == chunk + 1) {
            map_keys[i] = 1;
            return;
        }
        i = (i + 1) & mask;
    }
}

/* A new block, or NULL when the system has no memory for it. */
static Block *new_block(size_t size, uint32_t cell, uint32_t cls) {
    char *mem = aligned_alloc(CHUNK_SIZE, size);
    if (!mem) return NULL;
    Block *b = (Block *)mem;
    b->size = size;
    b->cell = cell;
    b->cls = cls;
    b->cells = mem + ((sizeof(Block) + 15) & ~(size_t)15);
    b->ncells = cell ? (uint32_t)((size - (size_t)(b->cells - mem)) / cell) : 1;
    b->nlive = 0;
    b->next = blocks;
    blocks = b;
    for (size_t off = 0; off < size; off += CHUNK_SIZE) map_insert(((uintptr_t)mem + off) >> CHUNK_SHIFT, b);
    if ((uintptr_t)mem < heap_lo) heap_lo = (uintptr_t)mem;
    if ((uintptr_t)mem + size > heap_hi) heap_hi = (uintptr_t)mem + size;
    heap_bytes += size;
    return b;
}

static void release_block(Block *b) {
    for (size_t off = 0; off < b->size; off += CHUNK_SIZE) map_remove(((uintptr_t)b + off) >> CHUNK_SHIFT);
    heap_bytes -= b->size;
    free(b);
}

static int refill(uint32_t cls) {
    uint32_t cell = size_classes[cls];
    Block *b = new_block(CHUNK_SIZE, cell, cls);
    if (!b) return 0;
    FreeCell *head = free_lists[cls];
    for (uint32_t i = b->ncells; i-- > 0;) {
        FreeCell *c = (FreeCell *)(b->cells + (size_t)i * cell);
        c->h.kind = ELLE_FREE;
        c->next = head;
        head = c;
    }
    free_lists[cls] = head;
    return 1;
}

void elle_set_stack_bottom(void *bottom) { stack_bottom = bottom; }

void elle_gc_init(void *bottom) {
    stack_bottom = bottom;
    for (size_t s = 0, c = 0; s <= ELLE_SMALL_MAX; s += 8) {
        while (size_classes[c] < s) c++;
        class_of_size[s / 8] = (uint8_t)c;
    }
    const char *st = getenv("ELLE_GC_STRESS");
    stress = st && *st && strcmp(st, "0") != 0;
    heap_max = heap_limit(getenv("ELLE_HEAP_MAX"));
    threshold = MIN_THRESHOLD;
    size_t cap = (size_t)1 << 24; /* 16M slots; pages are committed only when touched */
#ifdef __wasi__
    /* linear memory has no lazily zeroed pages: calloc would touch them
     * all, and only native.c's primitive calls use this stack here, which
     * write each slot before the collector can see it */
    elle_vstack.base = malloc(cap * sizeof(Val));
#else
    elle_vstack.base = calloc(cap, sizeof(Val));
#endif
    if (!elle_vstack.base) elle_fatal("out of memory (value stack)");
    elle_vstack.top = elle_vstack.base;
    elle_vstack.limit = elle_vstack.base + cap;
}

void elle_gc_note_external(size_t bytes) {
    allocated_since_gc += bytes;
}

/* ELLE_HEAP_MAX: bytes, or with a K, M or G suffix; 0 (no limit) if unset */
static size_t heap_limit(const char *text) {
    if (!text || !*text) return 0;
    char *end;
    unsigned long long n = strtoull(text, &end, 10);
    int shift = *end == 'K' || *end == 'k' ? 10 : *end == 'M' || *end == 'm' ? 20 : *end == 'G' || *end == 'g' ? 30 : 0;
    if (n == 0 || (shift == 0 && *end) || (shift && end[1]) || n > (SIZE_MAX >> shift)) elle_fatal("ELLE_HEAP_MAX: expected a size such as 512M, got '%s'", text);
    return (size_t)n << shift;
}

/* Room for `more` heap bytes under ELLE_HEAP_MAX, after a collection if
 * need be. */
static int heap_has_room(size_t more) {
    if (!heap_max || heap_bytes + more <= heap_max) return 1;
#if ELLE_GC_AT_SAFE_POINTS
    /* what the limit cannot hold even empty fails now; otherwise the heap
     * is over the limit until the next safe point, which collects and
     * stops the program if it is still over */
    if (more > heap_max) return 0;
    elle_gc_wanted = 1;
    return 1;
#else
    if (!in_collect) elle_gc_collect();
    return heap_bytes + more <= heap_max;
#endif
}

_Noreturn static void out_of_memory(size_t bytes) {
    fflush(stdout);
    if (heap_max && heap_bytes + bytes > heap_max - CHUNK_SIZE)
        fprintf(stderr, "elle: out of memory: the heap would grow past ELLE_HEAP_MAX (%zu MiB)\n", heap_max >> 20);
    else
        fprintf(stderr, "elle: out of memory: the system gave no more (%zu bytes asked for, %zu MiB in use)\n", bytes, heap_bytes >> 20);
    fflush(stderr);
    _exit(1);
}

void *elle_alloc(ElleKind kind, size_t bytes) {
    void *p = elle_try_alloc(kind, bytes);
    if (!p) out_of_memory(bytes);
    return p;
}

void *elle_try_alloc(ElleKind kind, size_t bytes) {
    if (bytes < sizeof(FreeCell)) bytes = sizeof(FreeCell);
    if (bytes > SIZE_MAX / 2) return NULL;
    bytes = (bytes + 7) & ~(size_t)7;
    if (!in_collect && (stress || allocated_since_gc >= threshold)) {
        if (ELLE_GC_AT_SAFE_POINTS) elle_gc_wanted = 1;
        else elle_gc_collect();
    }
    ElleHeader *h;
    if (bytes <= ELLE_SMALL_MAX) {
        uint32_t cls = class_of_size[bytes / 8];
        if (!free_lists[cls]) {
            int room = heap_has_room(CHUNK_SIZE); /* a collection may have refilled the list */
            if (!free_lists[cls] && (!room || !refill(cls))) return NULL;
        }
        FreeCell *c = free_lists[cls];
        free_lists[cls] = c->next;
        h = &c->h;
        bytes = size_classes[cls];
        Block *b = map_find((uintptr_t)c >> CHUNK_SHIFT);
        b->nlive++;
    } else {
        size_t hdr = (sizeof(Block) + 15) & ~(size_t)15;
        size_t size = (bytes + hdr + CHUNK_SIZE - 1) & ~(CHUNK_SIZE - 1);
        Block *b = heap_has_room(size) ? new_block(size, 0, 0) : NULL;
        if (!b) return NULL;
        b->nlive = 1;
        h = (ElleHeader *)b->cells;
    }
    memset(h, 0, bytes);
    h->kind = (uint8_t)kind;
    allocated_since_gc += bytes;
    allocated_total += bytes;
    return h;
}

/* The object that `addr` points into, or NULL. */
static ElleHeader *find_object(uintptr_t addr) {
    if (addr < heap_lo || addr >= heap_hi) return NULL;
    Block *b = map_find(addr >> CHUNK_SHIFT);
    if (!b) return NULL;
    if ((char *)addr < b->cells) return NULL;
    size_t off = (size_t)((char *)addr - b->cells);
    ElleHeader *h;
    if (b->cell == 0) {
        h = (ElleHeader *)b->cells;
    } else {
        size_t i = off / b->cell;
        if (i >= b->ncells) return NULL;
        h = (ElleHeader *)(b->cells + i * b->cell);
    }
    return h->kind == ELLE_FREE ? NULL : h;
}

static void push_mark(ElleHeader *h) {
    if (h->mark) return;
    h->mark = 1;
    if (mark_len == mark_cap) {
        mark_cap = mark_cap ? mark_cap * 2 : 4096;
        mark_stack = xrealloc(mark_stack, mark_cap * sizeof(Val));
    }
    mark_stack[mark_len++] = (Val)(uintptr_t)h;
}

static inline void mark_val(Val v) {
    if (elle_is_ptr(v) && v) push_mark(elle_header(v));
}

/* The native stack holds words of every kind, AddressSanitizer's poisoned
 * redzones among them: reading them all is the point. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ELLE_SCANS_ANY_WORD __attribute__((no_sanitize_address))
#endif
#elif defined(__SANITIZE_ADDRESS__)
#define ELLE_SCANS_ANY_WORD __attribute__((no_sanitize_address))
#endif
#ifndef ELLE_SCANS_ANY_WORD
#define ELLE_SCANS_ANY_WORD
#endif

static size_t stack_bytes_scanned; /* by the last collection */

ELLE_SCANS_ANY_WORD static void mark_conservative(const void *lo, const void *hi) {
    uintptr_t a = ((uintptr_t)lo + 7) & ~(uintptr_t)7;
    stack_bytes_scanned += (uintptr_t)hi > a ? (uintptr_t)hi - a : 0;
    for (; a + sizeof(uintptr_t) <= (uintptr_t)hi; a += sizeof(uintptr_t)) {
        ElleHeader *h = find_object(*(const uintptr_t *)a);
        if (h) push_mark(h);
    }
}

static void trace(ElleHeader *h) {
    Val v = (Val)(uintptr_t)h;
    switch ((ElleKind)h->kind) {
    case ELLE_PAIR: mark_val(elle_car(v)); mark_val(elle_cdr(v)); break;
    case ELLE_SYMBOL:
    case ELLE_KEYWORD: mark_val(ELLE_AS(ElleSymbol, v)->name); break;
    case ELLE_VECTOR: {
        ElleVector *vec = ELLE_AS(ElleVector, v);
        for (int64_t i = 0; i < vec->len; i++) mark_val(vec->items[i]);
        break;
    }
    case ELLE_HASHTABLE: mark_val(ELLE_AS(ElleHashTable, v)->entries); mark_val(ELLE_AS(ElleHashTable, v)->index); break;
    case ELLE_CLOSURE: {
        ElleClosure *c = ELLE_AS(ElleClosure, v);
        mark_val(c->name);
        for (int64_t i = 0; i < c->nfree; i++) mark_val(c->free[i]);
        break;
    }
    case ELLE_BOX: mark_val(ELLE_AS(ElleBox, v)->v); break;
    case ELLE_ERROR: mark_val(ELLE_AS(ElleError, v)->message); mark_val(ELLE_AS(ElleError, v)->irritants); break;
    case ELLE_PORT: mark_val(ELLE_AS(EllePort, v)->path); break;
    case ELLE_CSTRUCT: mark_val(ELLE_AS(ElleCStruct, v)->type); break;
    case ELLE_POINTER: mark_val(ELLE_AS(EllePointer, v)->owner); break;
    case ELLE_RECORD_TYPE: mark_val(ELLE_AS(ElleRecordType, v)->name); mark_val(ELLE_AS(ElleRecordType, v)->fields); break;
    case ELLE_RECORD: {
        ElleRecord *r = ELLE_AS(ElleRecord, v);
        mark_val(r->type);
        for (uint32_t i = 0; i < r->h.aux; i++) mark_val(r->fields[i]);
        break;
    }
    default: break; /* no references */
    }
}

static void finalize(ElleHeader *h) {
    if (h->kind == ELLE_PORT) elle_port_finalize((EllePort *)h);
    if (h->kind == ELLE_CBLOCK) elle_cblock_finalize((ElleCBlock *)h);
    if (h->kind == ELLE_STRING) elle_string_finalize((ElleString *)h);
}

static void sweep(void) {
    for (size_t c = 0; c < NCLASSES; c++) free_lists[c] = NULL;
    size_t live = 0;
    size_t empty_kept = 0;
    Block **link = &blocks;
    while (*link) {
        Block *b = *link;
        if (b->cell == 0) {
            ElleHeader *h = (ElleHeader *)b->cells;
            if (h->mark) {
                h->mark = 0;
                live += b->size;
                link = &b->next;
            } else {
                finalize(h);
                *link = b->next;
                release_block(b);
            }
            continue;
        }
        FreeCell *head = free_lists[b->cls];
        uint32_t nlive = 0;
        for (uint32_t i = b->ncells; i-- > 0;) {
            ElleHeader *h = (ElleHeader *)(b->cells + (size_t)i * b->cell);
            if (h->kind != ELLE_FREE && h->mark) {
                h->mark = 0;
                nlive++;
                continue;
            }
            if (h->kind != ELLE_FREE) finalize(h);
            FreeCell *fc = (FreeCell *)h;
            fc->h.kind = ELLE_FREE;
            fc->next = head;
            head = fc;
        }
        b->nlive = nlive;
        /* Give wholly empty blocks back, keeping a few for the next allocations. */
        if (nlive == 0 && ++empty_kept > 16) {
            *link = b->next;
            release_block(b);
            continue;
        }
        free_lists[b->cls] = head;
        live += (size_t)nlive * b->cell;
        link = &b->next;
    }
    live_bytes_after_gc = live;
}

void elle_gc_collect(void) {
    if (in_collect) return;
    in_collect = 1;
    collections++;
    mark_len = 0;
    stack_bytes_scanned = 0;
    elle_scan_stack(stack_bottom, mark_conservative);
    for (Val *p = elle_vstack.base; p < elle_vstack.top; p++) mark_val(*p);
    for (size_t i = 0; i < protected_len; i++) mark_val(protected_vals[i]);
    for (size_t i = 0; i < root_slots_len; i++) mark_val(*root_slots[i]);
    for (size_t i = 0; i < root_ranges_len; i++)
        for (int64_t j = 0; j < root_ranges[i].n; j++) mark_val(root_ranges[i].start[j]);
    elle_mark_runtime_roots(mark_val);
    while (mark_len) trace(elle_header(mark_stack[--mark_len]));
    sweep();
    allocated_since_gc = 0;
    /* A collection's work is the live data and the stack it scans; the next
     * waits for as much allocation, so a program deep in recursion (a stack
     * of hundreds of MiB) pays for it in proportion, not once per 8 MiB. */
    size_t work = live_bytes_after_gc > stack_bytes_scanned ? live_bytes_after_gc : stack_bytes_scanned;
    threshold = work > MIN_THRESHOLD ? work : MIN_THRESHOLD;
    in_collect = 0;
}

int32_t elle_gc_wanted;
void *volatile elle_frame_escape;

/* Under stress, as natively: a collection for each allocation (at the
 * safe point after it), not at every safe point. */
void elle_gc_safe_point(void) {
    elle_gc_collect();
    elle_gc_wanted = 0;
    if (heap_max && heap_bytes > heap_max) out_of_memory(0);
}

void elle_gc_protect(Val v) {
    if (!elle_is_ptr(v)) return;
    if (protected_len == protected_cap) {
        protected_cap = protected_cap ? protected_cap * 2 : 256;
        protected_vals = xrealloc(protected_vals, protected_cap * sizeof(Val));
    }
    protected_vals[protected_len++] = v;
}

void elle_gc_add_root_range(Val *start, int64_t n) {
    if (root_ranges_len == root_ranges_cap) {
        root_ranges_cap = root_ranges_cap ? root_ranges_cap * 2 : 8;
        root_ranges = xrealloc(root_ranges, root_ranges_cap * sizeof(RootRange));
    }
    root_ranges[root_ranges_len++] = (RootRange){start, n};
}

void elle_gc_add_root(Val *slot) {
    if (root_slots_len == root_slots_cap) {
        root_slots_cap = root_slots_cap ? root_slots_cap * 2 : 64;
        root_slots = xrealloc(root_slots, root_slots_cap * sizeof(Val *));
    }
    root_slots[root_slots_len++] = slot;
}

ElleGcStats elle_gc_stats(void) {
    ElleGcStats s = {collections, heap_bytes, live_bytes_after_gc, allocated_total};
    return s;
}

void *elle_xmalloc(size_t n) { return xmalloc(n); }
void *elle_xrealloc(void *p, size_t n) { return xrealloc(p, n); }
