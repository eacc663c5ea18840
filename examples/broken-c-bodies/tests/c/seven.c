/* A C body file two tests share: each gets its own copy of `seven_from_file`. */
int seven_from_file(void) { return 7; }
