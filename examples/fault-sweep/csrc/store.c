/* The store, with bugs planted on its error paths (compiled without STORE_FIXED) and the
   same code with them fixed (with STORE_FIXED). Allocations in order, for one store_open and
   adds that grow the table: 1 the store, 2 its name, 3 its table, then per add: the key's
   copy, and a realloc of the table every fourth add. */
#include "store.h"
#include <stdlib.h>
#include <string.h>

struct entry { char *key; int value; };

struct store {
    char *name;
    struct entry *table;
    size_t len, cap;
};

store *store_open(const char *name) {
    store *s = malloc(sizeof *s);
    if (!s) return NULL;
    s->name = strdup(name);
    if (!s->name) {
#ifdef STORE_FIXED
        free(s);
#endif
        /* planted: without the fix, the store leaks when its name cannot be copied */
        return NULL;
    }
    s->len = 0;
    s->cap = 4;
    s->table = calloc(s->cap, sizeof *s->table);
#ifdef STORE_FIXED
    if (!s->table) {
        free(s->name);
        free(s);
        return NULL;
    }
#endif
    /* planted: without the fix, a failed calloc is written through */
    s->table[0].key = NULL;
    return s;
}

int store_add(store *s, const char *key, int value) {
    if (s->len == s->cap) {
        struct entry *grown = realloc(s->table, 2 * s->cap * sizeof *grown);
        if (!grown) {
#ifndef STORE_FIXED
            /* planted: the old table is still the store's: freeing it here frees it twice */
            free(s->table);
#endif
            return -1;
        }
        s->table = grown;
        s->cap *= 2;
    }
    char *copy = strdup(key);
    if (!copy) return -1;
    s->table[s->len].key = copy;
    s->table[s->len].value = value;
    s->len++;
    return 0;
}

size_t store_len(const store *s) { return s->len; }

void store_close(store *s) {
    for (size_t i = 0; i < s->len; i++) free(s->table[i].key);
    free(s->table);
    free(s->name);
    free(s);
}

int three_allocations(void) {
    void *a = malloc(16), *b = calloc(2, 8), *c = strdup("three");
    int ok = a && b && c;
    free(a);
    free(b);
    free(c);
    return ok ? 0 : -1;
}
