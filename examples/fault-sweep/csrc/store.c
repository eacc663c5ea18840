/* The store, with bugs planted on its error paths (compiled without STORE_FIXED) and the
   same code with them fixed (with STORE_FIXED). Allocations in order, for one store_open and
   adds that grow the table: 1 the store, 2 its name, 3 its table, then per add: the key's
   copy, and a realloc of the table every fourth add. */
#include "store.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* The whole input of `fd`, NUL-terminated, in `*out` (freed by the caller): its length, or -1. */
static long read_all(int fd, char **out) {
    size_t len = 0, cap = 64;
    char *text = malloc(cap);
    if (!text) return -1;
    for (;;) {
        if (len + 1 == cap) {
            char *grown = realloc(text, 2 * cap);
            if (!grown) { free(text); return -1; }
            text = grown;
            cap *= 2;
        }
        ssize_t n = read(fd, text + len, cap - 1 - len);
#ifdef STORE_FIXED
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) { free(text); return -1; }
        if (n == 0) break;
#else
        /* planted: an interrupted read (-1, EINTR) is taken for the end of the input */
        if (n <= 0) break;
#endif
        len += (size_t)n;
    }
    text[len] = '\0';
    *out = text;
    return (long)len;
}

long store_load(store *s, int fd) {
    char *text;
    if (read_all(fd, &text) < 0) return -1;
    long added = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char *eq = strchr(line, '=');
        if (!eq) continue;
        *eq = '\0';
        if (store_add(s, line, atoi(eq + 1)) != 0) { free(text); return -1; }
        added++;
    }
    free(text);
    return added;
}

int store_save(const store *s, int fd) {
    for (size_t i = 0; i < s->len; i++) {
        char line[256];
        int len = snprintf(line, sizeof line, "%s=%d\n", s->table[i].key, s->table[i].value);
        if (len < 0 || (size_t)len >= sizeof line) return -1;
#ifdef STORE_FIXED
        for (int done = 0; done < len;) {
            ssize_t n = write(fd, line + done, (size_t)(len - done));
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) return -1;
            done += (int)n;
        }
#else
        /* planted: one write per line, as if a write always wrote everything it was given */
        if (write(fd, line, (size_t)len) < 0) return -1;
#endif
    }
    return 0;
}

int three_allocations(void) {
    void *a = malloc(16), *b = calloc(2, 8), *c = strdup("three");
    int ok = a && b && c;
    free(a);
    free(b);
    free(c);
    return ok ? 0 : -1;
}
