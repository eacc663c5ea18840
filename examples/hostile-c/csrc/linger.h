/* For tests/lingering.rs: start a process that sleeps 20 s, holding whatever the test's process
 * holds (its output pipe), and note its pid in $HOSTILE_PID_DIR if set. */
#ifndef LINGER_H
#define LINGER_H
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static inline int start_a_sleeper(const char *tag) {
    pid_t pid = fork();
    if (pid == 0) {
        sleep(20);
        _exit(0);
    }
    const char *dir = getenv("HOSTILE_PID_DIR");
    if (pid > 0 && dir != NULL) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s.%d", dir, tag, (int)pid);
        FILE *f = fopen(path, "w");
        if (f != NULL) fclose(f);
    }
    return pid > 0 ? 0 : -1;
}

#endif
