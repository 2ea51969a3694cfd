// number.h — Lua's number rules: string <-> number conversion, float <-> int
// conversion, and the integer/float arithmetic that differs from C++'s.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "interp/core/value.h"

namespace gilvm {

// Parses a numeral as Lua does (decimal and hex integers and floats, hex
// exponents, surrounding spaces). Integer numerals that overflow become floats.
std::optional<Value> string_to_number(std::string_view s);

// Formats a number as tostring does: integers as %d, floats as %.14g with
// ".0" added when the result looks like an integer ("inf", "-inf", "nan",
// "-nan" as the C library prints them).
std::string number_to_string(const Value& v);
// Appends the same text to out without allocating a std::string.
size_t format_number(const Value& v, char* buf /* at least 64 bytes */);

// Float -> integer when the float has an exact integer value in range.
inline bool float_to_integer(double d, int64_t* out) {
  if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) return false;
  int64_t i = int64_t(d);
  if (double(i) != d) return false;
  *out = i;
  return true;
}

// Value -> integer with Lua's rules (exact floats and numeric strings convert).
bool to_integer(const Value& v, int64_t* out);
// Value -> float (numbers, numeric strings).
bool to_number(const Value& v, double* out);

// Integer division and modulo rounding toward minus infinity (the caller
// checks for a zero divisor).
inline int64_t int_floor_div(int64_t a, int64_t b) {
  if (b == -1) return int64_t(0u - uint64_t(a));  // avoids overflow of INT64_MIN / -1
  int64_t q = a / b;
  if ((a % b != 0) && ((a ^ b) < 0)) q -= 1;
  return q;
}
inline int64_t int_mod(int64_t a, int64_t b) {
  if (b == -1) return 0;
  int64_t r = a % b;
  if (r != 0 && (r ^ b) < 0) r += b;
  return r;
}
inline double float_mod(double a, double b) {
  double r = std::fmod(a, b);
  // fmod truncates; correct it when a and b have different signs.
  if ((r > 0) ? b < 0 : (r < 0 && b > 0)) r += b;
  return r;
}
inline int64_t shift_left(int64_t x, int64_t y) {
  if (y <= -64 || y >= 64) return 0;
  if (y >= 0) return int64_t(uint64_t(x) << y);
  return int64_t(uint64_t(x) >> -y);
}

}  // namespace gilvm
