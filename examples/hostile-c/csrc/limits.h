/* For tests/run_dir.rs: lower this process's limits on file size to nothing and on open
 * files to the three standard streams. */
#ifndef LIMITS_H
#define LIMITS_H
#include <sys/resource.h>

static inline int lower_the_limits(void) {
    struct rlimit none = { 0, 0 };
    struct rlimit three = { 3, 3 };
    return setrlimit(RLIMIT_FSIZE, &none) | setrlimit(RLIMIT_NOFILE, &three);
}

#endif
