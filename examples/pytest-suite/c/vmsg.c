#include <stdlib.h>

#include "vmsg.h"

struct vmsg {
    size_t len;
    uint8_t bytes[];
};

struct vmsg *vmsg_new(size_t len) {
    struct vmsg *m = calloc(1, sizeof *m + len);
    if (m) m->len = len;
    return m;
}

size_t vmsg_len(const struct vmsg *m) { return m->len; }

int vmsg_set(struct vmsg *m, size_t at, uint8_t value) {
    if (at >= m->len) return -1;
    m->bytes[at] = value;
    return 0;
}

uint32_t vmsg_sum(const struct vmsg *m) {
    uint32_t sum = 0;
    for (size_t i = 0; i < m->len; i++) sum += m->bytes[i];
    return sum;
}

void vmsg_free(struct vmsg *m) { free(m); }
