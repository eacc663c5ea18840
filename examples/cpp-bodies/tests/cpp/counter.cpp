// A C++ class behind a C API, as C++ libraries expose themselves to Rust: an opaque handle,
// created and destroyed through extern "C" functions.
#include <map>
#include <string>

class Counter {
  public:
    void add(const std::string &word) { ++counts_[word]; }
    int count(const std::string &word) const {
        auto found = counts_.find(word);
        return found == counts_.end() ? 0 : found->second;
    }
    int distinct() const { return static_cast<int>(counts_.size()); }

  private:
    std::map<std::string, int> counts_;
};

extern "C" {
Counter *counter_new(void) { return new Counter(); }
void counter_add(Counter *c, const char *word) { c->add(word); }
int counter_count(const Counter *c, const char *word) { return c->count(word); }
int counter_distinct(const Counter *c) { return c->distinct(); }
void counter_free(Counter *c) { delete c; }
}
