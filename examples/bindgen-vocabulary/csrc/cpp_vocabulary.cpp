#include "cpp_vocabulary.hpp"

namespace cvocab {

int32_t Shape::count = 0;

Shape::Shape(int32_t id) : id_(id) { ++count; }
Shape::~Shape() { --count; }
double Shape::area() const { return 0.0; }
int32_t Shape::id() const { return id_; }

Circle::Circle(int32_t id, double radius) : Shape(id), radius(radius) {}
double Circle::area() const { return 3.0 * radius * radius; }

Ticket::Ticket() : number(0) {}
Ticket::Ticket(const Ticket &other) : number(other.number) {}
Ticket::~Ticket() {}

int32_t add(const Point &a, const Point &b) { return a.x + b.x + a.y + b.y; }
Color mix(Color a, Color b) { return Color(uint8_t(a) | uint8_t(b)); }
Ticket issue(int32_t number) {
    Ticket t;
    t.number = number;
    return t;
}
int32_t redeem(Ticket ticket) { return ticket.number; }

namespace inner {
int64_t twice(int64_t value) { return 2 * value; }
}

int32_t view_sum(const View *view) { return view->first + view->count + view->last; }

int32_t holder_tag(const Holder *holder) { return holder->wide.tag + holder->narrow.tag; }

} // namespace cvocab
