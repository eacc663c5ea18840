/* A small key/value store with an open/add/close API: every call allocates. */
#ifndef STORE_H
#define STORE_H
#include <stddef.h>

typedef struct store store;

/* A store named `name`, or NULL when memory runs out. */
store *store_open(const char *name);
/* Adds `key` = `value`; 0 on success, -1 when memory runs out (the store is unchanged). */
int store_add(store *s, const char *key, int value);
/* The number of entries. */
size_t store_len(const store *s);
void store_close(store *s);
/* Adds an entry per line `key=value` read from `fd` to its end: the number added, or -1 when
   reading fails or memory runs out. */
long store_load(store *s, int fd);
/* Writes every entry to `fd` as a line `key=value`: 0 when all of it is written, else -1. */
int store_save(const store *s, int fd);
/* Three allocations, whatever happens: for the test that Rust's are not counted. */
int three_allocations(void);

#endif
