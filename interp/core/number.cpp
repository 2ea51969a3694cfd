// number.cpp — Lua's numerals: reading them from strings (tonumber, string
// arithmetic, numeric for-loop coercions), writing them as tostring does, and
// the value conversions built on both.
//
// A numeral is first tried as an integer and only then as a float, exactly as
// Lua does: "10" is the integer 10, "10.0" and "1e1" are floats, a decimal
// integer numeral too large for 64 bits becomes a float, while a hex integer
// numeral of any length wraps around modulo 2^64.
#include "interp/core/number.h"

#include <charconv>
#include <cstdlib>
#include <cstring>

#include "interp/core/object.h"

namespace gilvm {

namespace {

// The C locale's isspace, without the locale lookup.
bool is_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// An integer numeral: optional spaces and sign, then decimal digits (the
// value must fit in an int64_t) or "0x" and hex digits (any number, wrapping),
// then optional spaces and nothing else.
std::optional<int64_t> parse_integer(const char* p, const char* end) {
  while (p < end && is_space(*p)) ++p;
  bool negative = false;
  if (p < end && (*p == '-' || *p == '+')) negative = (*p++ == '-');
  uint64_t magnitude = 0;
  bool any_digit = false;
  if (end - p >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
    for (p += 2; p < end; ++p) {
      int d = hex_digit_value(*p);
      if (d < 0) break;
      magnitude = magnitude * 16 + unsigned(d);
      any_digit = true;
    }
  } else {
    // Only a negative numeral may reach 2^63 (INT64_MIN).
    const uint64_t limit = negative ? uint64_t(INT64_MAX) + 1 : uint64_t(INT64_MAX);
    for (; p < end && is_digit(*p); ++p) {
      unsigned d = unsigned(*p - '0');
      if (magnitude > (limit - d) / 10) return std::nullopt;  // overflow: a float numeral
      magnitude = magnitude * 10 + d;
      any_digit = true;
    }
  }
  while (p < end && is_space(*p)) ++p;
  if (!any_digit || p != end) return std::nullopt;
  return int64_t(negative ? 0 - magnitude : magnitude);
}

// A float numeral, decimal or hex (with an optional binary 'p' exponent), as
// the C library's strtod reads it. strtod would also accept "inf", "nan" and
// "infinity", which Lua rejects: every one of them contains an 'n'.
std::optional<double> parse_float(std::string_view s) {
  if (s.find_first_of("nN") != std::string_view::npos) return std::nullopt;
  // strtod needs a terminated string; numerals are short, so copy to the stack.
  char small[128];
  std::string large;
  const char* text;
  if (s.size() < sizeof small) {
    std::memcpy(small, s.data(), s.size());
    small[s.size()] = '\0';
    text = small;
  } else {
    large.assign(s);
    text = large.c_str();
  }
  char* end;
  double d = std::strtod(text, &end);
  if (end == text) return std::nullopt;
  while (is_space(*end)) ++end;
  if (*end != '\0') return std::nullopt;
  return d;
}

}  // namespace

std::optional<Value> string_to_number(std::string_view s) {
  // An embedded NUL ends the numeral for the C library but not for Lua.
  if (s.find('\0') != std::string_view::npos) return std::nullopt;
  if (auto i = parse_integer(s.data(), s.data() + s.size())) return Value::integer(*i);
  if (auto d = parse_float(s)) return Value::number(*d);
  return std::nullopt;
}

size_t format_number(const Value& v, char* buf) {
  constexpr size_t kBufferSize = 64;
  if (v.is_int()) {
    char* end = std::to_chars(buf, buf + kBufferSize - 1, v.i).ptr;
    *end = '\0';
    return size_t(end - buf);
  }
  // to_chars with a precision is specified to print exactly what printf's
  // "%.14g" (LUAI_NUMFFORMAT) prints, including "inf" and "-nan", but faster.
  char* end = std::to_chars(buf, buf + kBufferSize - 3, v.n, std::chars_format::general, 14).ptr;
  // A float that prints like an integer gets ".0" so that it reads back as a float.
  bool looks_like_integer = true;
  for (const char* p = buf; p < end; ++p) {
    if (!(is_digit(*p) || *p == '-')) {
      looks_like_integer = false;
      break;
    }
  }
  if (looks_like_integer) {
    *end++ = '.';
    *end++ = '0';
  }
  *end = '\0';
  return size_t(end - buf);
}

std::string number_to_string(const Value& v) {
  char buf[64];
  size_t n = format_number(v, buf);
  return std::string(buf, n);
}

bool to_integer(const Value& v, int64_t* out) {
  switch (v.tag) {
    case Tag::Int: *out = v.i; return true;
    case Tag::Float: return float_to_integer(v.n, out);
    case Tag::String: {
      auto n = string_to_number(v.as_string()->view());
      return n && to_integer(*n, out);
    }
    default: return false;
  }
}

bool to_number(const Value& v, double* out) {
  switch (v.tag) {
    case Tag::Int: *out = double(v.i); return true;
    case Tag::Float: *out = v.n; return true;
    case Tag::String: {
      auto n = string_to_number(v.as_string()->view());
      if (!n) return false;
      *out = n->as_number();
      return true;
    }
    default: return false;
  }
}

}  // namespace gilvm
