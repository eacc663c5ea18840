//! No library code: the broken bindings live in tests/, next to the checks that catch them.
