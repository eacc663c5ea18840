/* For tests/forged_verdicts.rs: the verdict variable's value as /proc/self/environ shows it (the
 * environment as the process started, whatever was unset since), and a forged `ok` sent to every
 * place that value could mean: the file it names, the descriptor it names. */
#ifndef FORGE_H
#define FORGE_H
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *started_with(const char *name) {
    static char env[65536];
    int fd = open("/proc/self/environ", O_RDONLY);
    if (fd < 0) return NULL;
    ssize_t n = read(fd, env, sizeof env - 1);
    close(fd);
    if (n <= 0) return NULL;
    env[n] = 0;
    size_t len = strlen(name);
    for (char *p = env; p < env + n; p += strlen(p) + 1)
        if (strncmp(p, name, len) == 0 && p[len] == '=') return p + len + 1;
    return NULL;
}

static void forge_ok(void) {
    const char *where = started_with("FFI_TEST_CHILD_RESULT");
    if (!where) return;
    int fd = open(where, O_WRONLY | O_TRUNC);
    if (fd >= 0) { write(fd, "ok\n", 3); close(fd); }
    send(atoi(where), "ok\n", 3, MSG_NOSIGNAL);
}

#endif
