/* A tiny C object API, header-only so that it is compiled (and instrumented) with the C bodies. */
#ifndef WIDGET_H
#define WIDGET_H
#include <stddef.h>
#include <stdlib.h>
typedef struct widget { int value; char name[28]; } widget;
static inline widget *widget_new(int value) { widget *w = calloc(1, sizeof *w); w->value = value; return w; }
static inline void widget_free(widget *w) { free(w); }
#endif
