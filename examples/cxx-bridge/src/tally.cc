#include "cxx-bridge-example/include/tally.h"
#include "cxx-bridge-example/src/lib.rs.h"

namespace tally {

Tally::Tally(int32_t start) : total_(start) {}

void Tally::add_words(rust::Str text) {
    bool in_word = false;
    for (char c : text) {
        bool letter = c != ' ' && c != '\n' && c != '\t';
        if (letter && !in_word) {
            // Each word weighs what Rust says.
            total_ += word_weight();
        }
        in_word = letter;
    }
}

int32_t Tally::total() const { return total_; }

std::unique_ptr<Tally> new_tally(int32_t start) { return std::make_unique<Tally>(start); }

} // namespace tally
