#include "portable.h"

int PORTABLE_API portable_add(int a, int b) { return a + b; }
int plain_add(int a, int b) { return a + b; }
