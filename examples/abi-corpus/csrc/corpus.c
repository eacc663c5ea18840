#include "corpus.h"

struct simple simple_echo(struct simple s) { return s; }
void simple_copy(const struct simple *in, struct simple *out) { *out = *in; }
struct mixed mixed_echo(struct mixed m) { return m; }
