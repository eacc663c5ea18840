// C++ types a binding mirrors: a namespace, a template, a scoped enum with its underlying type,
// a class with static members and methods (neither is part of its bytes).
#pragma once
#include <cstdint>

namespace geo {

struct Point {
    double x;
    double y;
};

template <typename T> struct Vec3 {
    T x, y, z;
};

template <typename A, typename B> struct Pair {
    A first;
    B second;
};

enum class Mode : std::uint8_t { Fast = 1, Precise = 2 };

class Tagged {
  public:
    static const int version = 3;
    static int instances;
    int id() const { return id_; }

    Mode mode;
    std::uint32_t id_;
    Point where;
};

struct Limits {
    static constexpr std::uint32_t max_points = 4096;
    static constexpr double epsilon = 1e-9;
    static const int version = 7;
};

inline constexpr std::int64_t origin_offset = -12;

class Shape {
  public:
    virtual ~Shape() {}
    virtual double area() const { return 0.0; }

  protected:
    int sides_;
};

// A user-written copy constructor makes a class non-trivial for calls: C++ passes and returns
// it through a hidden pointer, where a C struct of the same bytes travels in registers.
struct Handle {
    int id;
    int generation;
    Handle() = default;
    Handle(const Handle &other) : id(other.id), generation(other.generation) {}
};

struct Gapped {
    std::uint32_t a;
    std::uint8_t b;
    std::uint8_t c;
};

} // namespace geo
