/* A process a test starts and the harness must end with it: appends a line to the file named
 * by its argument every 100 ms, forever. tests/windows.rs builds it with mingw-w64 and reads
 * the file: when the lines stop, the process is gone. */
#include <stdio.h>
#include <windows.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        return 2;
    }
    for (;;) {
        FILE *f = fopen(argv[1], "a");
        if (f) {
            fputs("beat\n", f);
            fclose(f);
        }
        Sleep(100);
    }
}
