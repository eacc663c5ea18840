#include <stddef.h>
#include "t1.h"

void T1a(void) {}
void *T1b(void) { return NULL; }
void *T1c(void *a) { return a; }
int32_t T1d(unsigned a) { return (int32_t)a; }
void T1e(unsigned a, const struct T1Bar *b) { (void)a; (void)b; }
void T1f(void) {}
void T1g(int32_t *a) { (void)a; }
void T1h(const int32_t *b) { (void)b; }
void T1i(int32_t a[4]) { (void)a; }
void T1j(const int32_t b[4]) { (void)b; }
void T1o(int32_t (*a)[4]) { (void)a; }
void T1p(int32_t (*const a)[4]) { (void)a; }
void T1r(Arr a) { (void)a; }
void T1s(const Arr a) { (void)a; }
void T1t(Arr *a) { (void)a; }
void T1v(const Arr *a) { (void)a; }

static void takes_u8(uint8_t x) { (void)x; }
static void takes_nothing(void) {}

uint32_t T1static = 3;
const uint8_t T1_static_u8 = 42;
void (*const T1_static_const_fn_ptr_unsafe2)(uint8_t) = takes_u8;
void (*const T1_static_const_fn_ptr_unsafe3)(void) = takes_nothing;
const uint8_t T1_static_right = 7;
const int32_t T1_arr0[2] = {0};
const int32_t T1_arr1[2][3] = {{0}};
const int32_t T1_arr2[1][2][3] = {{{0}}};
int32_t T1_arr3[2];
int32_t T1_arr4[2][3];
int32_t T1_arr5[1][2][3];
int32_t T1_arr42[1][2][3];
const int16_t *T1_sref = (const int16_t *)1337;
const int32_t *T1_mut_opt_ref;
int32_t *T1_mut_opt_mut_ref;
const int32_t *T1_const_opt_const_ref;
void (*const T1_opt_fn1)(void) = takes_nothing;

volatile uint8_t *vol_ptr;
void *T1_vol0(volatile void *x, void *a) { return a ? a : (void *)x; }
volatile void *T1_vol1(void *x, void *b) { (void)b; return x; }
volatile void *T1_vol2(void *c, volatile void *x) { (void)c; return x; }
