/* A stand-in for Windows's bcryptprimitives.dll, for Wine 8 (Debian 12's), which lacks it:
 * Rust's std (since 1.78) imports ProcessPrng from it, so no Rust binary for Windows starts
 * under that Wine (status c0000135). Built by mingw-w64 and put beside the test binary
 * (tests/windows.rs); Wine 9 ships its own. */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len) {
        ULONG n = len > 0x7fffffff ? 0x7fffffff : (ULONG)len;
        if (!RtlGenRandom(data, n))
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
