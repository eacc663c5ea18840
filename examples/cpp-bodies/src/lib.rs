//! Nothing of its own: the C++ is in the test bodies of `tests/cpp.rs`, compiled by the C++
//! compiler the `cc` crate picks (`CXX`, `CXXFLAGS`).
