// One of each C++ construct bindgen has its own vocabulary for: namespaces (nested too), an
// `enum class` with its underlying type, class-scope constants, a polymorphic class and a class
// derived from it, static data members, constructors and destructors, references (parameters
// and members), a class
// passed by value that C++ passes through a hidden pointer, and template instances.
#include <stdint.h>

namespace cvocab {

enum class Color : uint8_t { Red = 1, Green = 2, Blue = 4 };

enum Plain { PLAIN_A = 1, PLAIN_B = 300 };

struct Point {
    int32_t x;
    int32_t y;
    enum { DIMENSIONS = 2 };
};

class Shape {
public:
    explicit Shape(int32_t id);
    virtual ~Shape();
    virtual double area() const;
    int32_t id() const;
    static int32_t count;

protected:
    int32_t id_;
};

class Circle : public Shape {
public:
    Circle(int32_t id, double radius);
    double area() const override;
    double radius;
};

// A user-provided copy constructor and destructor: not trivial for the purposes of calls, so
// C++ passes and returns it through a hidden pointer whatever its size.
struct Ticket {
    Ticket();
    Ticket(const Ticket &other);
    ~Ticket();
    int32_t number;
};

int32_t add(const Point &a, const Point &b);
Color mix(Color a, Color b);
Ticket issue(int32_t number);
int32_t redeem(Ticket ticket);

namespace inner {
int64_t twice(int64_t value);
}

template <typename T> struct Box {
    T value;
    int32_t tag;
};

// Reference members: stored as pointers, bound as pointers.
struct View {
    const int32_t &first;
    int32_t count;
    int32_t &&last;
};

int32_t view_sum(const View *view);

struct Holder {
    Box<int64_t> wide;
    Box<char> narrow;
};

int32_t holder_tag(const Holder *holder);

} // namespace cvocab
