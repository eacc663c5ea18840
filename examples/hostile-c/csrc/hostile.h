#ifndef HOSTILE_H
#define HOSTILE_H
#include <stdint.h>

struct pair {
    int32_t a;
    double b;
};

#define FINE 7
#define ALSO_FINE 8

int hostile_add(int a, int b);

static inline int hostile_add_impl(int a, int b) { return a + b; }


/* For tests/guards.rs: members whose Rust mirror is conditional or renamed. */
struct conditional {
    int32_t always;
    double c_b;
    uint16_t type;
};

#endif
