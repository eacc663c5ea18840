/* C types that ctypes mirrors get wrong in practice: packing, bit-fields, anonymous members. */
#ifndef SHAPES_H
#define SHAPES_H

#include <stdint.h>
#include <stdbool.h>

struct sample {
    int32_t id;
    uint8_t tag;
    double value;
    char label[12];
    void *user;
    int (*callback)(int);
    bool enabled;
};

/* A wire header: packed, so `length` is at offset 1. */
#pragma pack(push, 1)
struct wire {
    uint8_t kind;
    uint32_t length;
    uint16_t crc;
};
#pragma pack(pop)

struct flags {
    unsigned ready : 1;
    unsigned mode : 3;
    signed level : 4;
    uint32_t rest;
};

/* A tagged value whose union has no name: its members are the struct's. */
struct tagged {
    int kind;
    union {
        int32_t i;
        double d;
    };
};

union number {
    int64_t i;
    double d;
    uint8_t bytes[8];
};

struct nested {
    struct sample first;
    union number n;
    uint16_t count;
    struct wire headers[2];
};

enum shape_kind { SHAPE_NONE, SHAPE_CIRCLE, SHAPE_SQUARE };

/* An enum member: ctypes has no enums, a binding mirrors it as the integer C gives it. */
struct event {
    enum shape_kind kind;
    uint32_t at;
};

#endif
