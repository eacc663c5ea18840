/* The C runtime headers a Windows program (mingw-w64's CRT) includes: the libc crate's Windows
 * items declared here are checked against them (tests/windows_surface.rs), for
 * x86_64-pc-windows-gnu, without running. */
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/utime.h>
#include <time.h>
#include <wchar.h>
#include <direct.h>
#include <process.h>
#include <locale.h>
#include <setjmp.h>
