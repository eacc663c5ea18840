// The header the bindings are generated from and the checks compile against.
#include <tinyxml2.h>
