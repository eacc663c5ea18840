/* What the bindings of this crate cover: libcurl's public API (easy, multi, share, URL and
 * header interfaces). */
#include <curl/curl.h>
