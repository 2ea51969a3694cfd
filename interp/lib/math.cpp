// lib/math.cpp — the `math` library, as in Lua 5.4 (including the functions
// Debian's lua5.4 keeps for 5.3 compatibility: pow, cosh, sinh, tanh, frexp,
// ldexp, log10).
//
// Lua 5.4 keeps integers and floats apart, and so does this library: floor,
// ceil and modf give integers when the result fits, abs/fmod/max/min keep the
// subtype of their arguments, and the trigonometric functions give floats.
//
// math.random is Lua 5.4's generator, xoshiro256**, seeded and projected onto
// intervals exactly as lmathlib.c does, so a seeded sequence is the same
// sequence stock Lua prints. The generator's state is a userdata shared as an
// upvalue by random and randomseed: one state per interpreter.
#include <cmath>
#include <cstdint>
#include <ctime>

#include "interp/core/api.h"
#include "interp/lib/lib.h"

namespace gilvm {

namespace {

// Pushes a float, as an integer when it has an exact integer value in range.
int push_integral(ThreadState& L, double d) {
  int64_t i;
  L.push(float_to_integer(d, &i) ? Value::integer(i) : Value::number(d));
  return 1;
}

int push_float(ThreadState& L, double d) {
  L.push(Value::number(d));
  return 1;
}

// ---------------------------------------------------------------------------
// Rounding and remainders

int math_abs(ThreadState& L) {
  const Value v = L.arg(1);
  if (v.is_int()) {
    L.push(Value::integer(v.i < 0 ? int64_t(0 - uint64_t(v.i)) : v.i));  // wraps for mininteger
    return 1;
  }
  return push_float(L, std::fabs(L.check_number(1)));
}

int math_floor(ThreadState& L) {
  if (L.arg(1).is_int()) {
    L.push(L.args()[0]);
    return 1;
  }
  return push_integral(L, std::floor(L.check_number(1)));
}

int math_ceil(ThreadState& L) {
  if (L.arg(1).is_int()) {
    L.push(L.args()[0]);
    return 1;
  }
  return push_integral(L, std::ceil(L.check_number(1)));
}

// fmod truncates toward zero (unlike '%', which floors).
int math_fmod(ThreadState& L) {
  const Value a = L.arg(1), b = L.arg(2);
  if (a.is_int() && b.is_int()) {
    if (b.i == 0) L.arg_error(2, "zero");
    // x % -1 is 0, and computing it would overflow for mininteger.
    L.push(Value::integer(b.i == -1 ? 0 : a.i % b.i));
    return 1;
  }
  const double y = L.check_number(2);  // Lua checks the divisor first
  return push_float(L, std::fmod(L.check_number(1), y));
}

// modf(x) -> integral part (rounded toward zero), fractional part.
int math_modf(ThreadState& L) {
  if (L.arg(1).is_int()) {
    L.push(L.args()[0]);
    L.push(Value::number(0.0));
    return 2;
  }
  const double x = L.check_number(1);
  const double whole = x < 0 ? std::ceil(x) : std::floor(x);
  push_integral(L, whole);
  L.push(Value::number(x == whole ? 0.0 : x - whole));  // inf has no fractional part
  return 2;
}

int math_tointeger(ThreadState& L) {
  int64_t i;
  if (L.nargs() >= 1 && to_integer(L.args()[0], &i)) {
    L.push(Value::integer(i));
  } else {
    L.check_any(1);
    L.push(Value());
  }
  return 1;
}

// ---------------------------------------------------------------------------
// Powers, logarithms, trigonometry

int math_sqrt(ThreadState& L) {
  return push_float(L, std::sqrt(L.check_number(1)));
}
int math_exp(ThreadState& L) {
  return push_float(L, std::exp(L.check_number(1)));
}
int math_sin(ThreadState& L) {
  return push_float(L, std::sin(L.check_number(1)));
}
int math_cos(ThreadState& L) {
  return push_float(L, std::cos(L.check_number(1)));
}
int math_tan(ThreadState& L) {
  return push_float(L, std::tan(L.check_number(1)));
}
int math_asin(ThreadState& L) {
  return push_float(L, std::asin(L.check_number(1)));
}
int math_acos(ThreadState& L) {
  return push_float(L, std::acos(L.check_number(1)));
}

int math_atan(ThreadState& L) {
  const double y = L.check_number(1);
  const double x = L.opt_number(2, 1.0);
  return push_float(L, std::atan2(y, x));
}
int math_deg(ThreadState& L) {
  return push_float(L, L.check_number(1) * (180.0 / M_PI));
}
int math_rad(ThreadState& L) {
  return push_float(L, L.check_number(1) * (M_PI / 180.0));
}

// log(x [, base]); bases 2 and 10 use the exact library functions.
int math_log(ThreadState& L) {
  const double x = L.check_number(1);
  if (L.arg(2).is_nil()) return push_float(L, std::log(x));
  const double base = L.check_number(2);
  if (base == 2.0) return push_float(L, std::log2(x));
  if (base == 10.0) return push_float(L, std::log10(x));
  return push_float(L, std::log(x) / std::log(base));
}

int math_pow(ThreadState& L) {
  const double x = L.check_number(1);
  return push_float(L, std::pow(x, L.check_number(2)));
}
int math_log10(ThreadState& L) {
  return push_float(L, std::log10(L.check_number(1)));
}
int math_cosh(ThreadState& L) {
  return push_float(L, std::cosh(L.check_number(1)));
}
int math_sinh(ThreadState& L) {
  return push_float(L, std::sinh(L.check_number(1)));
}
int math_tanh(ThreadState& L) {
  return push_float(L, std::tanh(L.check_number(1)));
}

int math_frexp(ThreadState& L) {
  int exponent;
  push_float(L, std::frexp(L.check_number(1), &exponent));
  L.push(Value::integer(exponent));
  return 2;
}

int math_ldexp(ThreadState& L) {
  const double m = L.check_number(1);
  const int64_t e = L.check_integer(2);
  return push_float(L, std::ldexp(m, int(e)));
}

// ---------------------------------------------------------------------------
// Comparisons and types

int math_ult(ThreadState& L) {
  const int64_t a = L.check_integer(1);
  const int64_t b = L.check_integer(2);
  L.push(Value::boolean(uint64_t(a) < uint64_t(b)));
  return 1;
}

// max/min compare their arguments with '<' (metamethods included) and return
// the winning argument itself; the first of equal values wins.
int math_max(ThreadState& L) {
  const int n = L.nargs();
  if (n < 1) L.arg_error(1, "value expected");
  const Value* args = L.args();
  int best = 0;
  for (int i = 1; i < n; i++) {
    if (L.less_than(args[best], args[i])) best = i;
  }
  L.push(args[best]);
  return 1;
}

int math_min(ThreadState& L) {
  const int n = L.nargs();
  if (n < 1) L.arg_error(1, "value expected");
  const Value* args = L.args();
  int best = 0;
  for (int i = 1; i < n; i++) {
    if (L.less_than(args[i], args[best])) best = i;
  }
  L.push(args[best]);
  return 1;
}

int math_type(ThreadState& L) {
  L.check_any(1);
  const Value v = L.args()[0];
  if (v.is_int()) {
    L.push_string("integer");
  } else if (v.is_float()) {
    L.push_string("float");
  } else {
    L.push(Value());
  }
  return 1;
}

// ---------------------------------------------------------------------------
// Pseudo-random numbers: xoshiro256** (Blackman and Vigna)

struct RandomState {
  uint64_t s[4];
};

uint64_t rotate_left(uint64_t x, int n) {
  return (x << n) | (x >> (64 - n));
}

uint64_t next_random(RandomState& g) {
  uint64_t* s = g.s;
  const uint64_t result = rotate_left(s[1] * 5, 7) * 9;
  const uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotate_left(s[3], 45);
  return result;
}

// A float in [0, 1) from the top 53 bits.
double random_float(uint64_t r) {
  return double(r >> 11) * 0x1.0p-53;
}

// Projects a random number onto [0, n]: when n + 1 is not a power of two, the
// number is masked to the smallest 2^b - 1 covering n and redrawn until it
// falls inside (no modulo bias).
uint64_t project(uint64_t r, uint64_t n, RandomState& g) {
  if ((n & (n + 1)) == 0) return r & n;
  uint64_t mask = n;
  for (int shift = 1; shift < 64; shift *= 2) mask |= mask >> shift;
  while ((r &= mask) > n) r = next_random(g);
  return r;
}

RandomState& own_random_state(ThreadState& L) {
  Userdata* u = L.ci->func->as_nclosure()->upvalues[0].as_userdata();
  return *reinterpret_cast<RandomState*>(u->data);
}

// Seeds as Lua does: the state is (n1, 0xff, n2, 0), then 16 values are
// discarded to spread the seed.
void seed_random(RandomState& g, uint64_t n1, uint64_t n2) {
  g.s[0] = n1;
  g.s[1] = 0xff;  // never an all-zero state
  g.s[2] = n2;
  g.s[3] = 0;
  for (int i = 0; i < 16; i++) next_random(g);
}

// random() -> float in [0, 1); random(0) -> any integer; random(m) -> [1, m];
// random(m, n) -> [m, n]. The generator advances before arguments are checked.
int math_random(ThreadState& L) {
  RandomState& g = own_random_state(L);
  const uint64_t r = next_random(g);
  int64_t low, up;
  switch (L.nargs()) {
    case 0: return push_float(L, random_float(r));
    case 1:
      low = 1;
      up = L.check_integer(1);
      if (up == 0) {
        L.push(Value::integer(int64_t(r)));
        return 1;
      }
      break;
    case 2:
      low = L.check_integer(1);
      up = L.check_integer(2);
      break;
    default: L.error("wrong number of arguments");
  }
  if (low > up) L.arg_error(1, "interval is empty");
  const uint64_t offset = project(r, uint64_t(up) - uint64_t(low), g);
  L.push(Value::integer(int64_t(offset + uint64_t(low))));
  return 1;
}

// randomseed([n1 [, n2]]) returns the two seed parts it used; without
// arguments it seeds from the time and an address, as Lua does.
int math_randomseed(ThreadState& L) {
  RandomState& g = own_random_state(L);
  uint64_t n1, n2;
  if (L.nargs() == 0) {
    n1 = uint64_t(std::time(nullptr));
    n2 = uint64_t(reinterpret_cast<uintptr_t>(&g));
  } else {
    n1 = uint64_t(L.check_integer(1));
    n2 = uint64_t(L.opt_integer(2, 0));
  }
  seed_random(g, n1, n2);
  L.push(Value::integer(int64_t(n1)));
  L.push(Value::integer(int64_t(n2)));
  return 2;
}

}  // namespace

void open_math_lib(Interpreter& I) {
  Table* lib = I.new_module(
      "math", {{"abs", math_abs},     {"ceil", math_ceil},  {"floor", math_floor},
               {"fmod", math_fmod},   {"modf", math_modf},  {"tointeger", math_tointeger},
               {"sqrt", math_sqrt},   {"exp", math_exp},    {"log", math_log},
               {"sin", math_sin},     {"cos", math_cos},    {"tan", math_tan},
               {"asin", math_asin},   {"acos", math_acos},  {"atan", math_atan},
               {"atan2", math_atan},  {"deg", math_deg},    {"rad", math_rad},
               {"ult", math_ult},     {"max", math_max},    {"min", math_min},
               {"type", math_type},   {"pow", math_pow},    {"log10", math_log10},
               {"cosh", math_cosh},   {"sinh", math_sinh},  {"tanh", math_tanh},
               {"frexp", math_frexp}, {"ldexp", math_ldexp}});

  I.set_field(lib, "pi", Value::number(3.141592653589793238462643383279502884));
  I.set_field(lib, "huge", Value::number(HUGE_VAL));
  I.set_field(lib, "maxinteger", Value::integer(INT64_MAX));
  I.set_field(lib, "mininteger", Value::integer(INT64_MIN));

  // random and randomseed share one generator state, seeded from the time.
  Userdata* state = I.new_userdata(sizeof(RandomState));
  seed_random(*reinterpret_cast<RandomState*>(state->data), uint64_t(std::time(nullptr)),
              uint64_t(reinterpret_cast<uintptr_t>(state)));
  NClosure* random = I.new_nclosure(math_random, "random", 1);
  random->upvalues[0] = Value::userdata(state);
  I.set_field(lib, "random", Value::nclosure(random));
  NClosure* randomseed = I.new_nclosure(math_randomseed, "randomseed", 1);
  randomseed->upvalues[0] = Value::userdata(state);
  I.set_field(lib, "randomseed", Value::nclosure(randomseed));
}

}  // namespace gilvm
