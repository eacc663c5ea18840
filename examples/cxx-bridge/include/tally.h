// The C++ side of the bridge: a tally that counts words, scaled by a Rust function.
#pragma once
#include <cstdint>
#include <memory>
#include "rust/cxx.h"

namespace tally {

class Tally {
public:
    explicit Tally(int32_t start);
    void add_words(rust::Str text);
    int32_t total() const;

private:
    int32_t total_;
};

std::unique_ptr<Tally> new_tally(int32_t start);

} // namespace tally
