// lib/string.cpp — the `string` library of Lua 5.4 (pack, unpack and
// packsize are in strpack.cpp) and the metatable every string shares.
//
// The string metatable does two jobs: `__index = string` makes s:upper()
// work, and its arithmetic metamethods implement Lua 5.4's string -> number
// coercion ("10" + 1 == 11), which lives here rather than in the VM.
//
// Results are built in a std::string and turned into a Lua string once, at
// the end: no function allocates per character. The pattern functions (find,
// match, gmatch, gsub) run the matcher of pattern.h and convert its
// PatternErrors into Lua errors. gsub may call back into Lua (a function or a
// table with __index as replacement): everything collectable it uses across
// such a call is on the stack (its arguments), and the matcher only points
// into the subject, which is argument 1.
#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "interp/core/api.h"
#include "interp/core/dump.h"
#include "interp/lib/lib.h"
#include "interp/lib/pattern.h"

namespace gilvm {

namespace {

// lstrlib's MAX_SIZE on 64-bit systems: the largest result string.rep builds.
constexpr size_t kMaxResultSize = INT_MAX;

std::string_view view_of(const Value& v) {
  return v.as_string()->view();
}

// --- positions -------------------------------------------------------------

// An end position (sub, byte): negative counts from the end; clamps to [0, len].
size_t end_position(int64_t pos, size_t len) {
  if (pos > int64_t(len)) return len;
  if (pos >= 0) return size_t(pos);
  if (pos < -int64_t(len)) return 0;
  return size_t(int64_t(len) + pos + 1);
}

// --- simple functions --------------------------------------------------------

int str_len(ThreadState& L) {
  L.push(Value::integer(int64_t(L.check_string(1)->length)));
  return 1;
}

int str_sub(ThreadState& L) {
  String* s = L.check_string(1);
  size_t len = s->length;
  size_t start = string_start_position(L.check_integer(2), len);
  size_t end = end_position(L.opt_integer(3, -1), len);
  if (start > end) {
    L.push_string("");
  } else if (start == 1 && end == len) {
    L.push(Value::string(s));
  } else {
    L.push_string(std::string_view(s->data + start - 1, end - start + 1));
  }
  return 1;
}

int str_reverse(ThreadState& L) {
  std::string_view s = L.check_string(1)->view();
  std::string r(s.rbegin(), s.rend());
  L.push_string(r);
  return 1;
}

// Case mapping of the C locale: only ASCII letters change.
template <bool kUpper>
int str_change_case(ThreadState& L) {
  std::string r(L.check_string(1)->view());
  for (char& c : r) {
    if (kUpper ? (c >= 'a' && c <= 'z') : (c >= 'A' && c <= 'Z')) c ^= 0x20;
  }
  L.push_string(r);
  return 1;
}

int str_rep(ThreadState& L) {
  std::string_view s = L.check_string(1)->view();
  int64_t n = L.check_integer(2);
  std::string_view sep = L.arg(3).is_nil() ? std::string_view("") : L.check_string(3)->view();
  size_t unit = s.size() + sep.size();
  if (n <= 0 || unit == 0) {
    L.push_string("");
    return 1;
  }
  if (unit > kMaxResultSize / uint64_t(n)) L.error("resulting string too large");
  // Write one copy of s and sep, then double what is written: a handful of
  // large copies instead of n small ones. The last separator is cut off.
  const size_t full = unit * size_t(n);
  std::string r(full, '\0');
  std::memcpy(r.data(), s.data(), s.size());
  std::memcpy(r.data() + s.size(), sep.data(), sep.size());
  for (size_t filled = unit; filled < full;) {
    size_t chunk = std::min(filled, full - filled);
    std::memcpy(r.data() + filled, r.data(), chunk);
    filled += chunk;
  }
  r.resize(full - sep.size());
  L.push_string(r);
  return 1;
}

int str_byte(ThreadState& L) {
  std::string_view s = L.check_string(1)->view();
  int64_t first = L.opt_integer(2, 1);
  size_t start = string_start_position(first, s.size());
  // The end defaults to the start as given, before it is adjusted: s:byte(0) is empty.
  size_t end = end_position(L.opt_integer(3, first), s.size());
  if (start > end) return 0;
  if (end - start >= size_t(INT_MAX)) L.error("string slice too long");
  int n = int(end - start + 1);
  if (n > L.stack_last - L.top) L.error("stack overflow (string slice too long)");
  for (int i = 0; i < n; i++) L.push(Value::integer(uint8_t(s[start - 1 + size_t(i)])));
  return n;
}

int str_char(ThreadState& L) {
  int n = L.nargs();
  std::string r(size_t(n), '\0');
  for (int i = 1; i <= n; i++) {
    int64_t c = L.check_integer(i);
    if (uint64_t(c) > UCHAR_MAX) L.arg_error(i, "value out of range");
    r[size_t(i - 1)] = char(c);
  }
  L.push_string(r);
  return 1;
}

int str_dump(ThreadState& L) {
  Value f = L.arg(1);
  if (!f.is_function()) L.type_error(1, "function");
  bool strip = L.arg(2).is_truthy();
  // Native functions have no bytecode to write.
  if (f.tag != Tag::LClosure) L.error("unable to dump given function");
  L.push_string(dump_proto(f.as_lclosure()->proto, strip));
  return 1;
}

// --- pattern matching ----------------------------------------------------------

// Runs body(), turning a malformed-pattern error into a Lua error.
template <class Body>
int with_pattern_errors(ThreadState& L, Body body) {
  try {
    return body();
  } catch (const PatternError& e) {
    L.error("%s", e.message.c_str());
  }
}

void push_capture(ThreadState& L, const PatternMatcher& m, int i, const char* s, const char* e) {
  PatternMatcher::Capture c = m.capture(i, s, e);
  if (c.length == PatternMatcher::kPositionCapture) {
    L.push(Value::integer(m.position_of(c)));
  } else {
    L.push_string(std::string_view(c.start, size_t(c.length)));
  }
}

// Pushes the captures of the match [s, e), or the whole match when the
// pattern has none and `whole_if_none`; returns how many were pushed.
int push_captures(ThreadState& L, const PatternMatcher& m, const char* s, const char* e,
                  bool whole_if_none) {
  int n = m.result_count(whole_if_none);
  if (n > L.stack_last - L.top) L.error("stack overflow (too many captures)");
  for (int i = 0; i < n; i++) push_capture(L, m, i, s, e);
  return n;
}

// string.find and string.match.
int find_or_match(ThreadState& L, bool find) {
  std::string_view s = L.check_string(1)->view();
  std::string_view p = L.check_string(2)->view();
  size_t init = string_start_position(L.opt_integer(3, 1), s.size()) - 1;
  if (init > s.size()) {
    L.push(Value());
    return 1;
  }
  if (find && (L.arg(4).is_truthy() || !PatternMatcher::has_specials(p))) {
    // glibc's memmem (two-way search) stays linear where a first-character
    // scan degrades, as with "ab" in "aaaa...b".
    const void* found = memmem(s.data() + init, s.size() - init, p.data(), p.size());
    if (found == nullptr) {
      L.push(Value());
      return 1;
    }
    size_t at = size_t(static_cast<const char*>(found) - s.data());
    L.push(Value::integer(int64_t(at) + 1));
    L.push(Value::integer(int64_t(at + p.size())));
    return 2;
  }
  return with_pattern_errors(L, [&] {
    PatternMatcher m(s, p);
    const char* start = s.data() + init;
    do {
      if (const char* e = m.match(start)) {
        if (!find) return push_captures(L, m, start, e, true);
        L.push(Value::integer(start - s.data() + 1));
        L.push(Value::integer(e - s.data()));
        return 2 + push_captures(L, m, nullptr, nullptr, false);
      }
    } while (start++ < m.subject_end() && !m.anchored());
    L.push(Value());
    return 1;
  });
}

int str_find(ThreadState& L) {
  return find_or_match(L, true);
}
int str_match(ThreadState& L) {
  return find_or_match(L, false);
}

// The iterator string.gmatch returns. Its upvalues: the subject, the
// pattern, the offset where the next search starts and the offset where the
// last match ended (-1 before the first match), so that an empty match right
// after a match is not reported twice ("abc":gmatch("x*")).
enum GmatchUpvalue { kSubject, kPattern, kNextOffset, kLastMatchEnd, kNumGmatchUpvalues };

int gmatch_step(ThreadState& L) {
  NClosure* self = L.ci->func->as_nclosure();
  std::string_view s = view_of(self->upvalues[kSubject]);
  std::string_view p = view_of(self->upvalues[kPattern]);
  const int64_t next = self->upvalues[kNextOffset].i;
  const int64_t last_end = self->upvalues[kLastMatchEnd].i;
  return with_pattern_errors(L, [&] {
    PatternMatcher m(s, p, /*allow_anchor=*/false);
    for (const char* start = s.data() + next; start <= m.subject_end(); start++) {
      const char* e = m.match(start);
      if (e && e - s.data() != last_end) {
        self->upvalues[kNextOffset] = self->upvalues[kLastMatchEnd] = Value::integer(e - s.data());
        return push_captures(L, m, start, e, true);
      }
    }
    return 0;
  });
}

int str_gmatch(ThreadState& L) {
  String* s = L.check_string(1);
  String* p = L.check_string(2);
  size_t init = string_start_position(L.opt_integer(3, 1), s->length) - 1;
  if (init > s->length) init = s->length + 1;  // past the end: no matches
  NClosure* it = L.interp.new_nclosure(gmatch_step, "gmatch_step", kNumGmatchUpvalues);
  it->upvalues[kSubject] = Value::string(s);
  it->upvalues[kPattern] = Value::string(p);
  it->upvalues[kNextOffset] = Value::integer(int64_t(init));
  it->upvalues[kLastMatchEnd] = Value::integer(-1);
  L.push(Value::nclosure(it));
  return 1;
}

// Appends a replacement string with its %0-%9 and %% escapes expanded.
void append_expanded(ThreadState& L, std::string& out, std::string_view repl,
                     const PatternMatcher& m, const char* s, const char* e) {
  size_t from = 0;
  for (size_t at; (at = repl.find('%', from)) != std::string_view::npos; from = at + 2) {
    out.append(repl.data() + from, at - from);
    char c = at + 1 < repl.size() ? repl[at + 1] : '\0';
    if (c == '%') {
      out.push_back('%');
    } else if (c == '0') {
      out.append(s, size_t(e - s));
    } else if (c >= '1' && c <= '9') {
      PatternMatcher::Capture cap = m.capture(c - '1', s, e);
      if (cap.length == PatternMatcher::kPositionCapture) {
        char buf[32];
        out.append(buf, size_t(std::to_chars(buf, buf + sizeof buf, m.position_of(cap)).ptr - buf));
      } else {
        out.append(cap.start, size_t(cap.length));
      }
    } else {
      L.error("invalid use of '%c' in replacement string", '%');
    }
  }
  if (from < repl.size()) out.append(repl.data() + from, repl.size() - from);
}

// Appends what a function or table replacement gives for the match [s, e):
// the function called with the captures, or the table indexed by the first
// capture. false or nil keeps the match unchanged.
void append_looked_up(ThreadState& L, std::string& out, const Value* repl, const PatternMatcher& m,
                      const char* s, const char* e) {
  Value* base = L.top;
  if (repl->tag == Tag::Table) {
    push_capture(L, m, 0, s, e);
    *base = L.index(*repl, *base);  // the key stays on the stack during __index
  } else {
    L.push(*repl);
    push_captures(L, m, s, e, true);
    L.call(base, 1);
  }
  Value r = *base;
  if (r.is_falsy()) {
    out.append(s, size_t(e - s));
  } else if (r.is_string()) {
    out.append(view_of(r));
  } else if (r.is_number()) {
    char buf[64];
    out.append(buf, format_number(r, buf));
  } else {
    L.error("invalid replacement value (a %s)", type_name(r));
  }
  L.top = base;
}

int str_gsub(ThreadState& L) {
  String* const subject = L.check_string(1);
  std::string_view src = subject->view();
  std::string_view p = L.check_string(2)->view();
  Value* repl = L.args() + 2;
  int64_t max_replacements = L.opt_integer(4, int64_t(src.size()) + 1);
  switch (L.arg(3).tag) {
    case Tag::Int:
    case Tag::Float: L.to_string_in_place(repl); break;
    case Tag::String:
    case Tag::Table:
    case Tag::LClosure:
    case Tag::NClosure:
    case Tag::LightNative: break;
    default: L.type_error(3, "string/function/table");
  }
  return with_pattern_errors(L, [&] {
    PatternMatcher m(src, p);
    std::string out;
    const char* s = src.data();
    const char* last_match_end = nullptr;  // no empty match right where a match ended
    int64_t count = 0;
    while (count < max_replacements) {
      const char* e = m.match(s);
      if (e && e != last_match_end) {
        count++;
        if (repl->is_string()) {
          append_expanded(L, out, view_of(*repl), m, s, e);
        } else {
          append_looked_up(L, out, repl, m, s, e);
        }
        s = last_match_end = e;
      } else if (s < m.subject_end()) {
        out.push_back(*s++);
      } else {
        break;
      }
      if (m.anchored()) break;
    }
    if (count == 0) {
      L.push(Value::string(subject));  // as Lua: no match returns the subject itself
    } else {
      out.append(s, size_t(m.subject_end() - s));
      L.push_string(out);
    }
    L.push(Value::integer(count));
    return 2;
  });
}

// --- string.format ---------------------------------------------------------------

// Most flag, width and precision characters a conversion specification may
// have (lstrlib's MAX_FORMAT less its safety margin).
constexpr size_t kMaxSpecFlagsAndDigits = 20;
// Room for any single conversion: "%99.99f" of the largest double is 410 bytes.
constexpr size_t kItemBufferSize = 512;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// One conversion specification as a printf format: '%', flags, width,
// precision and the conversion character, NUL-terminated.
struct Spec {
  char text[kMaxSpecFlagsAndDigits + 8];  // with room for an "ll" length modifier
  size_t length;
  char conversion() const { return text[length - 1]; }
  bool has_modifiers() const { return length > 2; }
};

// Checks a conversion specification against what Lua allows for its
// conversion: flags from `flags`, a width of at most two digits (not starting
// with '0', which is a flag) and, where `precision`, a precision of at most
// two digits.
void check_spec(ThreadState& L, const Spec& spec, const char* flags, bool precision) {
  const char* p = spec.text + 1;
  p += std::strspn(p, flags);
  auto skip_two_digits = [](const char* q) {
    for (int i = 0; i < 2 && is_digit(*q); i++) q++;
    return q;
  };
  if (*p != '0') {
    p = skip_two_digits(p);
    if (*p == '.' && precision) p = skip_two_digits(p + 1);
  }
  bool is_letter = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
  if (!is_letter) L.error("invalid conversion specification: '%s'", spec.text);
}

template <class T>
void append_printf(std::string& out, const char* format, T x) {
  char buf[kItemBufferSize];
  int n = std::snprintf(buf, sizeof buf, format, x);
  out.append(buf, size_t(std::max(n, 0)));
}

// An integer conversion: the specification with "ll" before its conversion.
void append_integer(std::string& out, Spec spec, long long x) {
  char conversion = spec.conversion();
  std::memcpy(spec.text + spec.length - 1, "ll", 2);
  spec.text[spec.length + 1] = conversion;
  spec.text[spec.length + 2] = '\0';
  append_printf(out, spec.text, x);
}

// %e %E %f %g %G of a finite number. std::to_chars prints exactly the digits
// printf would (the standard specifies it so) several times faster than
// glibc's printf; the flags and the width are applied here. Returns false
// for what it leaves to printf: the '#' flag and infinities and NaNs.
bool append_float_fast(std::string& out, const Spec& spec, double x) {
  if (!std::isfinite(x)) return false;
  bool left = false, plus = false, space = false, zero = false;
  const char* p = spec.text + 1;
  for (;; p++) {
    if (*p == '-') {
      left = true;
    } else if (*p == '+') {
      plus = true;
    } else if (*p == ' ') {
      space = true;
    } else if (*p == '0') {
      zero = true;
    } else if (*p == '#') {
      return false;
    } else {
      break;
    }
  }
  size_t width = 0;
  while (is_digit(*p)) width = width * 10 + size_t(*p++ - '0');
  int precision = 6;
  if (*p == '.') {
    precision = 0;
    for (p++; is_digit(*p); p++) precision = precision * 10 + (*p - '0');
  }
  const char conversion = *p;
  std::chars_format style = conversion == 'f' ? std::chars_format::fixed
                            : (conversion == 'e' || conversion == 'E')
                                ? std::chars_format::scientific
                                : std::chars_format::general;
  char digits[kItemBufferSize];
  auto [end, error] = std::to_chars(digits, digits + sizeof digits, x, style, precision);
  if (error != std::errc()) return false;
  const char* body = digits;
  char sign = '\0';
  if (*body == '-') {
    sign = *body++;
  } else if (plus) {
    sign = '+';
  } else if (space) {
    sign = ' ';
  }
  if (conversion == 'E' || conversion == 'G') {
    for (char* c = digits; c < end; c++) {
      if (*c == 'e') *c = 'E';
    }
  }
  size_t length = size_t(end - body) + (sign ? 1 : 0);
  size_t pad = width > length ? width - length : 0;
  if (!left && !zero) out.append(pad, ' ');
  if (sign) out.push_back(sign);
  if (!left && zero) out.append(pad, '0');
  out.append(body, size_t(end - body));
  if (left) out.append(pad, ' ');
  return true;
}

// A string as a Lua literal that reads back as the same bytes (%q).
void append_quoted(std::string& out, std::string_view s) {
  out.push_back('"');
  for (size_t i = 0; i < s.size(); i++) {
    unsigned char c = uint8_t(s[i]);
    if (c == '"' || c == '\\' || c == '\n') {
      out.push_back('\\');
      out.push_back(char(c));
    } else if (c < 32 || c == 127) {
      // A decimal escape takes all three digits when a digit follows it.
      bool digit_follows = i + 1 < s.size() && is_digit(s[i + 1]);
      char buf[8];
      int n = std::snprintf(buf, sizeof buf, digit_follows ? "\\%03d" : "\\%d", c);
      out.append(buf, size_t(n));
    } else {
      out.push_back(char(c));
    }
  }
  out.push_back('"');
}

// %q: a value as Lua source text that reads back as the same value.
void append_literal(ThreadState& L, std::string& out, int arg) {
  Value v = L.arg(arg);
  char buf[kItemBufferSize];
  switch (v.tag) {
    case Tag::String: append_quoted(out, view_of(v)); break;
    case Tag::Int:
      // "-9223372036854775808" would read back as a float: write it in hex.
      if (v.i == INT64_MIN) {
        out.append("0x8000000000000000");
      } else {
        out.append(buf, size_t(std::to_chars(buf, buf + sizeof buf, v.i).ptr - buf));
      }
      break;
    case Tag::Float:
      if (v.n == HUGE_VAL) {
        out.append("1e9999");
      } else if (v.n == -HUGE_VAL) {
        out.append("-1e9999");
      } else if (v.n != v.n) {
        out.append("(0/0)");
      } else {
        append_printf(out, "%a", v.n);  // hex: exact
      }
      break;
    case Tag::Nil:
    case Tag::False:
    case Tag::True: out.append(L.to_display_string(v)->view()); break;
    default: L.arg_error(arg, "value has no literal form");
  }
}

// The address %p shows: the object's for reference types, none for values.
const void* pointer_of(const Value& v) {
  switch (v.tag) {
    case Tag::LightUserdata: return v.p;
    case Tag::LightNative: return reinterpret_cast<const void*>(v.f);
    default: return v.is_collectable() ? v.gc : nullptr;
  }
}

void append_formatted_string(ThreadState& L, std::string& out, const Spec& spec, int arg) {
  const Value v = L.arg(arg);
  if (!spec.has_modifiers()) {  // the common cases first: no string to create
    if (v.is_string()) {
      out.append(view_of(v));
      return;
    }
    if (v.is_number()) {
      char buf[64];
      out.append(buf, format_number(v, buf));
      return;
    }
  }
  std::string_view s = L.to_display_string(v)->view();  // copied out before any other call
  if (!spec.has_modifiers()) {
    out.append(s);
    return;
  }
  if (s.find('\0') != std::string_view::npos) L.arg_error(arg, "string contains zeros");
  check_spec(L, spec, "-", true);
  // Without a precision, a string this long is wider than any allowed width.
  if (std::strchr(spec.text, '.') == nullptr && s.size() >= 100) {
    out.append(s);
    return;
  }
  std::string terminated(s);
  append_printf(out, spec.text, terminated.c_str());
}

// The characters a specification may have between '%' and the conversion.
bool is_spec_char(char c) {
  switch (c) {
    case '-':
    case '+':
    case ' ':
    case '#':
    case '.': return true;
    default: return is_digit(c);
  }
}

int str_format(ThreadState& L) {
  const int nargs = L.nargs();
  std::string_view fmt = L.check_string(1)->view();
  std::string out;
  out.reserve(fmt.size() + 16);
  int arg = 1;
  size_t i = 0;
  while (i < fmt.size()) {
    size_t percent = fmt.find('%', i);
    if (percent == std::string_view::npos) {
      out.append(fmt.data() + i, fmt.size() - i);
      break;
    }
    out.append(fmt.data() + i, percent - i);
    i = percent + 1;
    if (i < fmt.size() && fmt[i] == '%') {
      out.push_back('%');
      i++;
      continue;
    }
    if (++arg > nargs) L.arg_error(arg, "no value");
    // The specification: '%', flags, digits and dots, then one more character
    // (the conversion; the end of the format reads as '\0', as in C).
    size_t span = 0;
    while (i + span < fmt.size() && is_spec_char(fmt[i + span])) span++;
    if (span > kMaxSpecFlagsAndDigits) L.error("invalid format (too long)");
    Spec spec;
    spec.text[0] = '%';
    std::memcpy(spec.text + 1, fmt.data() + i, span);
    spec.text[span + 1] = i + span < fmt.size() ? fmt[i + span] : '\0';
    spec.text[span + 2] = '\0';
    spec.length = span + 2;
    i += span + 1;
    switch (spec.conversion()) {
      case 'd':
      case 'i': {
        int64_t n = L.check_integer(arg);
        if (!spec.has_modifiers()) {
          char buf[32];
          out.append(buf, size_t(std::to_chars(buf, buf + sizeof buf, n).ptr - buf));
          break;
        }
        check_spec(L, spec, "-+0 ", true);
        append_integer(out, spec, n);
        break;
      }
      case 'u': {
        int64_t n = L.check_integer(arg);
        check_spec(L, spec, "-0", true);
        append_integer(out, spec, n);
        break;
      }
      case 'o':
      case 'x':
      case 'X': {
        int64_t n = L.check_integer(arg);
        check_spec(L, spec, "-#0", true);
        append_integer(out, spec, n);
        break;
      }
      case 'c': {
        int64_t n = L.check_integer(arg);
        check_spec(L, spec, "-", false);
        append_printf(out, spec.text, int(n));
        break;
      }
      case 'e':
      case 'E':
      case 'f':
      case 'g':
      case 'G': {
        double x = L.check_number(arg);
        check_spec(L, spec, "-+ #0", true);
        if (!append_float_fast(out, spec, x)) append_printf(out, spec.text, x);
        break;
      }
      case 'a':
      case 'A': {
        double x = L.check_number(arg);
        check_spec(L, spec, "-+ #0", true);
        append_printf(out, spec.text, x);
        break;
      }
      case 'p': {
        const void* p = pointer_of(L.arg(arg));
        check_spec(L, spec, "-", false);
        if (p == nullptr) {
          spec.text[spec.length - 1] = 's';
          append_printf(out, spec.text, "(null)");
        } else {
          append_printf(out, spec.text, p);
        }
        break;
      }
      case 'q':
        if (spec.has_modifiers()) L.error("specifier '%%q' cannot have modifiers");
        append_literal(L, out, arg);
        break;
      case 's': append_formatted_string(L, out, spec, arg); break;
      default: L.error("invalid conversion '%s' to 'format'", spec.text);
    }
  }
  L.push_string(out);
  return 1;
}

// --- arithmetic on strings (the string metatable) ------------------------------------

// A number, or a string that reads as one ("0x10", " 1e3 ").
bool arith_operand(const Value& v, Value* out) {
  if (v.is_number()) {
    *out = v;
    return true;
  }
  if (!v.is_string()) return false;
  std::optional<Value> n = string_to_number(view_of(v));
  if (!n) return false;
  *out = *n;
  return true;
}

// a <op> b on numbers with Lua's rules: integer results for integer operands
// (wrapping around) except for / and ^, which always give floats.
Value arith(ThreadState& L, TM op, const Value& a, const Value& b) {
  if (a.is_int() && b.is_int() && op != TM::Div && op != TM::Pow) {
    uint64_t x = uint64_t(a.i), y = uint64_t(b.i);
    switch (op) {
      case TM::Add: return Value::integer(int64_t(x + y));
      case TM::Sub: return Value::integer(int64_t(x - y));
      case TM::Mul: return Value::integer(int64_t(x * y));
      case TM::Unm: return Value::integer(int64_t(0 - x));
      case TM::Mod:
        if (b.i == 0) L.runtime_error("attempt to perform 'n%%0'");
        return Value::integer(int_mod(a.i, b.i));
      case TM::IDiv:
        if (b.i == 0) L.runtime_error("attempt to divide by zero");
        return Value::integer(int_floor_div(a.i, b.i));
      default: break;
    }
  }
  double x = a.as_number(), y = b.as_number();
  switch (op) {
    case TM::Add: return Value::number(x + y);
    case TM::Sub: return Value::number(x - y);
    case TM::Mul: return Value::number(x * y);
    case TM::Div: return Value::number(x / y);
    case TM::Pow: return Value::number(y == 2 ? x * x : std::pow(x, y));
    case TM::Mod: return Value::number(float_mod(x, y));
    case TM::IDiv: return Value::number(std::floor(x / y));
    default: return Value::number(-x);  // TM::Unm
  }
}

// The body of every string arithmetic metamethod: numeric strings convert;
// otherwise the second operand's own metamethod gets a chance (the VM tried
// the string's first), and failing that, Lua's error.
int string_arith(ThreadState& L, TM op, const char* op_name) {
  Value a, b;
  if (arith_operand(L.arg(1), &a) && arith_operand(L.arg(2), &b)) {
    L.push(arith(L, op, a, b));
    return 1;
  }
  const Value second = L.arg(2);
  const Value tm = second.is_string() ? Value() : L.metamethod(second, op);
  if (tm.is_nil()) {
    L.error("attempt to %s a '%s' with a '%s'", op_name, type_name(L.arg(1)), type_name(second));
  }
  Value* base = L.top;
  L.push(tm);
  L.push(L.arg(1));
  L.push(second);
  L.call(base, 1);
  return 1;
}

int string_add(ThreadState& L) {
  return string_arith(L, TM::Add, "add");
}
int string_sub(ThreadState& L) {
  return string_arith(L, TM::Sub, "sub");
}
int string_mul(ThreadState& L) {
  return string_arith(L, TM::Mul, "mul");
}
int string_mod(ThreadState& L) {
  return string_arith(L, TM::Mod, "mod");
}
int string_pow(ThreadState& L) {
  return string_arith(L, TM::Pow, "pow");
}
int string_div(ThreadState& L) {
  return string_arith(L, TM::Div, "div");
}
int string_idiv(ThreadState& L) {
  return string_arith(L, TM::IDiv, "idiv");
}
int string_unm(ThreadState& L) {
  return string_arith(L, TM::Unm, "unm");
}

}  // namespace

size_t string_start_position(int64_t pos, size_t len) {
  if (pos > 0) return size_t(pos);
  if (pos == 0 || pos < -int64_t(len)) return 1;
  return size_t(int64_t(len) + pos + 1);
}

void open_string_lib(Interpreter& I) {
  Table* lib = I.new_module("string", {{"byte", str_byte},
                                       {"char", str_char},
                                       {"dump", str_dump},
                                       {"find", str_find},
                                       {"format", str_format},
                                       {"gmatch", str_gmatch},
                                       {"gsub", str_gsub},
                                       {"len", str_len},
                                       {"lower", str_change_case<false>},
                                       {"match", str_match},
                                       {"rep", str_rep},
                                       {"reverse", str_reverse},
                                       {"sub", str_sub},
                                       {"upper", str_change_case<true>}});
  open_string_pack(I, lib);

  Table* meta = I.new_table(0, 16);
  I.type_metatables[size_t(Tag::String)] = meta;
  I.set_field(meta, "__index", Value::table(lib));
  I.set_functions(meta, {{"__add", string_add},
                         {"__sub", string_sub},
                         {"__mul", string_mul},
                         {"__mod", string_mod},
                         {"__pow", string_pow},
                         {"__div", string_div},
                         {"__idiv", string_idiv},
                         {"__unm", string_unm}});
}

}  // namespace gilvm
