/* What the bindings of this crate cover: zlib, and glibc's TCP/IP header types (bit-fields,
 * anonymous unions) and socket calls (transparent-union parameters under _GNU_SOURCE). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <zlib.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
