/* For tests/lingering.rs: start a process that sleeps 20 s, holding whatever the test's process
 * holds (its output pipe), and note its pid in $HOSTILE_PID_DIR if set. The detached one runs in
 * a session of its own (setsid) and its parent exits at once, as a daemon's does: no process
 * group kill reaches it. */
#ifndef LINGER_H
#define LINGER_H
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static inline void note_sleeper(const char *tag, pid_t pid) {
    const char *dir = getenv("HOSTILE_PID_DIR");
    if (pid > 0 && dir != NULL) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s.%d", dir, tag, (int)pid);
        FILE *f = fopen(path, "w");
        if (f != NULL) fclose(f);
    }
}

static inline int start_a_sleeper(const char *tag) {
    pid_t pid = fork();
    if (pid == 0) {
        sleep(20);
        _exit(0);
    }
    note_sleeper(tag, pid);
    return pid > 0 ? 0 : -1;
}

static inline int start_a_detached_sleeper(const char *tag) {
    int fds[2];
    if (pipe(fds) != 0) return -1;
    pid_t middle = fork();
    if (middle == 0) {
        setsid();
        pid_t pid = fork();
        if (pid == 0) {
            close(fds[0]);
            close(fds[1]);
            sleep(20);
            _exit(0);
        }
        (void)!write(fds[1], &pid, sizeof pid);
        _exit(0);
    }
    close(fds[1]);
    pid_t sleeper = -1;
    ssize_t got = read(fds[0], &sleeper, sizeof sleeper);
    close(fds[0]);
    waitpid(middle, NULL, 0);
    if (got != sizeof sleeper || sleeper <= 0) return -1;
    note_sleeper(tag, sleeper);
    return 0;
}

#endif
