/* What the bindings of this crate cover: SQLite's public API. */
#include <sqlite3.h>
