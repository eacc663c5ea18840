/* vmsg: a small message buffer library, loaded from Python with ctypes (tests/ctypes). */
#ifndef VMSG_H
#define VMSG_H

#include <stddef.h>
#include <stdint.h>

struct vmsg;

/* A message of `len` zero bytes; NULL when out of memory. */
struct vmsg *vmsg_new(size_t len);
size_t vmsg_len(const struct vmsg *m);
/* Sets byte `at` to `value`; -1 when `at` is out of range. */
int vmsg_set(struct vmsg *m, size_t at, uint8_t value);
uint32_t vmsg_sum(const struct vmsg *m);
void vmsg_free(struct vmsg *m);

#endif
