#include "registry.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

struct registry {
    pthread_mutex_t lock;
    uint32_t ids[REGISTRY_MAX];
    size_t count;
    registry_stats stats;
    registry_event_fn callback;
    void *callback_user;
    registry_destroy_hook destroy_hook;
    void *destroy_user;
};

static _Thread_local char last_error[256];

static int fail(int status, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return status;
}

const char *registry_last_error(void) { return last_error; }

void registry_config_default(registry_config *out) {
    out->capacity = REGISTRY_MAX;
    out->strict = true;
    snprintf(out->name, sizeof out->name, "%s", "default");
    out->on_register = NULL;
    out->user = NULL;
}

registry_t *registry_create(void) {
    registry_t *r = calloc(1, sizeof *r);
    if (r == NULL) return NULL;
    pthread_mutex_init(&r->lock, NULL);
    return r;
}

void registry_destroy(registry_t *r) {
    if (r == NULL) return;
    if (r->destroy_hook) r->destroy_hook(r->destroy_user);
    pthread_mutex_destroy(&r->lock);
    free(r);
}

int registry_register(registry_t *r, uint32_t id) {
    if (r == NULL) return fail(REGISTRY_ERR_NULL, "registry_register: registry is NULL");
    pthread_mutex_lock(&r->lock);
    for (size_t i = 0; i < r->count; i++) {
        if (r->ids[i] == id) {
            r->stats.rejected++;
            pthread_mutex_unlock(&r->lock);
            return fail(REGISTRY_ERR_DUPLICATE, "registry_register: id %u is already registered", id);
        }
    }
    if (r->count == REGISTRY_MAX) {
        r->stats.rejected++;
        pthread_mutex_unlock(&r->lock);
        return fail(REGISTRY_ERR_FULL, "registry_register: registry is full (%d ids)", REGISTRY_MAX);
    }
    r->ids[r->count++] = id;
    r->stats.registered++;
    r->stats.checksum += id;
    registry_event_fn cb = r->callback;
    void *user = r->callback_user;
    pthread_mutex_unlock(&r->lock);
    if (cb != NULL && cb(id, user) != 0) {
        return fail(REGISTRY_ERR_CALLBACK, "registry_register: callback rejected id %u", id);
    }
    return REGISTRY_OK;
}

size_t registry_count(const registry_t *r) {
    if (r == NULL) return 0;
    pthread_mutex_lock((pthread_mutex_t *)&r->lock);
    size_t n = r->count;
    pthread_mutex_unlock((pthread_mutex_t *)&r->lock);
    return n;
}

int registry_stats_get(const registry_t *r, registry_stats *out) {
    if (r == NULL || out == NULL) return fail(REGISTRY_ERR_NULL, "registry_stats_get: NULL argument");
    pthread_mutex_lock((pthread_mutex_t *)&r->lock);
    *out = r->stats;
    pthread_mutex_unlock((pthread_mutex_t *)&r->lock);
    return REGISTRY_OK;
}

int registry_set_callback(registry_t *r, registry_event_fn cb, void *user) {
    if (r == NULL) return fail(REGISTRY_ERR_NULL, "registry_set_callback: registry is NULL");
    pthread_mutex_lock(&r->lock);
    r->callback = cb;
    r->callback_user = user;
    pthread_mutex_unlock(&r->lock);
    return REGISTRY_OK;
}

int registry_set_destroy_hook(registry_t *r, registry_destroy_hook hook, void *user) {
    if (r == NULL) return fail(REGISTRY_ERR_NULL, "registry_set_destroy_hook: registry is NULL");
    r->destroy_hook = hook;
    r->destroy_user = user;
    return REGISTRY_OK;
}

int64_t buffer_xor(const uint8_t *data, size_t len, uint8_t key, uint8_t *out, size_t cap) {
    if (data == NULL || out == NULL) return fail(REGISTRY_ERR_NULL, "buffer_xor: NULL buffer");
    size_t n = len < cap ? len : cap;
    for (size_t i = 0; i < n; i++) out[i] = data[i] ^ key;
    return (int64_t)n;
}

uint32_t buffer_checksum(const uint8_t *data, size_t len) {
    uint32_t sum = 0;
    for (size_t i = 0; i < len; i++) sum = sum * 31u + data[i];
    return sum;
}
