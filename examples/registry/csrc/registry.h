/* registry: a small thread-safe C library used as ffi-test's main example. */
#ifndef REGISTRY_H
#define REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REGISTRY_MAX 64

/* Status codes returned by every fallible function. */
typedef enum registry_status {
    REGISTRY_OK = 0,
    REGISTRY_ERR_NULL = -1,
    REGISTRY_ERR_DUPLICATE = -2,
    REGISTRY_ERR_FULL = -3,
    REGISTRY_ERR_CALLBACK = -4
} registry_status;

typedef struct registry registry_t;

/* Called after an id is registered; a non-zero return makes registry_register fail with
 * REGISTRY_ERR_CALLBACK (the id stays registered). */
typedef int (*registry_event_fn)(uint32_t id, void *user);

/* Called once by registry_destroy, just before the memory is freed. */
typedef void (*registry_destroy_hook)(void *user);

/* Counters reported by registry_stats. */
typedef struct registry_stats {
    uint32_t registered;
    uint32_t rejected;
    uint64_t checksum;
} registry_stats;

/* Creation options, filled with defaults by registry_config_default. */
typedef struct registry_config {
    uint32_t capacity;
    bool strict;
    char name[16];
    registry_event_fn on_register;
    void *user;
} registry_config;

void registry_config_default(registry_config *out);

registry_t *registry_create(void);
void registry_destroy(registry_t *r);
int registry_register(registry_t *r, uint32_t id);
size_t registry_count(const registry_t *r);
int registry_stats_get(const registry_t *r, registry_stats *out);
int registry_set_callback(registry_t *r, registry_event_fn cb, void *user);
int registry_set_destroy_hook(registry_t *r, registry_destroy_hook hook, void *user);

/* Message of the last error on this thread ("" if none). Owned by the library. */
const char *registry_last_error(void);

/* Bounded buffer processing: reads exactly len bytes of data, writes at most cap bytes to out.
 * Returns the number of bytes written, or a negative status. */
int64_t buffer_xor(const uint8_t *data, size_t len, uint8_t key, uint8_t *out, size_t cap);
uint32_t buffer_checksum(const uint8_t *data, size_t len);

#endif
