/* What tests/harness.rs's tests call to end their process in each way a C library can: linked
 * into the crate (not a test's C body), so the same calls run on Linux and on Windows. */
#include <stdio.h>
#include <stdlib.h>

int read_through_null(void) {
    volatile int *p = NULL;
    return *p;
}

void print_then_abort(void) {
    printf("C is about to abort\n");
    fflush(stdout);
    abort();
}

void leave_with(int code) { exit(code); }

void spin_forever(void) {
    for (;;) {
    }
}

void call_back(void (*f)(void)) { f(); }

void trap(void) { __builtin_trap(); }

int divide(int a, int b) {
    volatile int divisor = b;
    return a / divisor;
}
