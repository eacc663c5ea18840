/* A C body file with a syntax error on line 4: the report must point here, not at Rust. */
int broken_from_file(void) {
    int x = 2;
    return x +;
}
