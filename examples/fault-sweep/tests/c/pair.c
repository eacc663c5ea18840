/* A C body in a file of its own, shared by two tests of tests/c_file.rs (`c_file = ..`): a
 * pair of strings copied onto the heap, every allocation checked. */
#include <stdlib.h>
#include <string.h>

struct pair { char *left, *right; };

static char *copy(const char *s) {
    size_t n = strlen(s) + 1;
    char *out = malloc(n);
    if (out) memcpy(out, s, n);
    return out;
}

/* 0 and the pair's total length, or -1 when memory ran out (nothing leaked). */
int pair_total(const char *left, const char *right) {
    struct pair *p = malloc(sizeof *p);
    if (!p) return -1;
    p->left = copy(left);
    p->right = copy(right);
    int total = (p->left && p->right) ? (int)(strlen(p->left) + strlen(p->right)) : -1;
    free(p->left);
    free(p->right);
    free(p);
    return total;
}
