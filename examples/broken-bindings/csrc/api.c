#include "api.h"
#include <stdarg.h>
#include <string.h>

int32_t api_counter = 3;
const char *api_version = "1.0";
const char api_banner[8] = "banner";
int api_width(int64_t v) { return (int)v; }
int api_sign(uint32_t v) { return (int)v; }
int api_two(int a, int b) { return a + b; }
int api_one(int a) { return a; }
int64_t api_ret(void) { return 1; }
double api_scale(double x) { return x * 2; }
int api_log(const char *fmt, ...) { va_list ap; va_start(ap, fmt); int n = va_arg(ap, int); va_end(ap); return n + (int)strlen(fmt); }
int64_t api_ok(uint32_t a, const char *b) { return (int64_t)a + (b != 0); }

/* The library's own exported copies (see api_copies.h, which this file does not include). */
int api_twice(int x) { return 2 * x; }
const int32_t api_seven = 7;
