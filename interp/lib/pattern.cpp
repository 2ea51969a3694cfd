// pattern.cpp — the Lua pattern matcher (see pattern.h for the language).
//
// match_sequence walks the pattern left to right. Items that cannot
// backtrack (a plain character class, %b, %f, a back-reference) advance in a
// loop; items that can (quantifiers, captures, '?') try the rest of the
// pattern with a recursive call and undo their effect when it fails.
// Character classes are the C locale's, looked up in a 256-entry table.
#include "interp/lib/pattern.h"

#include <array>
#include <cstring>

namespace gilvm {

namespace {

enum ClassBit : uint16_t {
  kAlpha = 1 << 0,
  kControl = 1 << 1,
  kDigit = 1 << 2,
  kGraph = 1 << 3,
  kLower = 1 << 4,
  kPunct = 1 << 5,
  kSpace = 1 << 6,
  kUpper = 1 << 7,
  kHexDigit = 1 << 8,
  kNul = 1 << 9,
};

// The C locale's <ctype.h> classes of every byte; bytes >= 128 are in none.
constexpr std::array<uint16_t, 256> kByteClasses = [] {
  std::array<uint16_t, 256> t{};
  for (int c = 0; c < 128; c++) {
    uint16_t bits = 0;
    bool upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z';
    bool digit = c >= '0' && c <= '9';
    if (upper) bits |= kUpper | kAlpha;
    if (lower) bits |= kLower | kAlpha;
    if (digit) bits |= kDigit;
    if (digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) bits |= kHexDigit;
    if (c < 32 || c == 127) bits |= kControl;
    if (c == ' ' || (c >= '\t' && c <= '\r')) bits |= kSpace;
    if (c > 32 && c < 127) {
      bits |= kGraph;
      if (!upper && !lower && !digit) bits |= kPunct;
    }
    if (c == 0) bits |= kNul;
    t[c] = bits;
  }
  return t;
}();

// What the letter after '%' denotes: the class bits, plus kComplement for an
// upper-case letter (%A is everything but %a). Zero: not a class letter, the
// character stands for itself ("%." is a literal dot). %z (the NUL byte) is
// deprecated since Lua 5.2 but still accepted.
constexpr uint16_t kComplement = 1 << 15;
constexpr std::array<uint16_t, 256> kClassOfLetter = [] {
  std::array<uint16_t, 256> t{};
  const struct {
    char letter;
    uint16_t bits;
  } classes[] = {
      {'a', kAlpha},          {'c', kControl},  {'d', kDigit}, {'g', kGraph},
      {'l', kLower},          {'p', kPunct},    {'s', kSpace}, {'u', kUpper},
      {'w', kAlpha | kDigit}, {'x', kHexDigit}, {'z', kNul},
  };
  for (const auto& c : classes) {
    t[uint8_t(c.letter)] = c.bits;
    t[uint8_t(c.letter - 'a' + 'A')] = c.bits | kComplement;
  }
  return t;
}();

// Whether c is in class %cl.
inline bool class_matches(unsigned char c, unsigned char cl) {
  uint16_t cls = kClassOfLetter[cl];
  if (cls == 0) return cl == c;
  bool in_class = (kByteClasses[c] & cls & ~kComplement) != 0;
  return (cls & kComplement) ? !in_class : in_class;
}

unsigned char uchar(char c) {
  return static_cast<unsigned char>(c);
}

}  // namespace

PatternMatcher::PatternMatcher(std::string_view subject, std::string_view pattern,
                               bool allow_anchor)
    : s_begin_(subject.data()),
      s_end_(subject.data() + subject.size()),
      p_begin_(pattern.data()),
      p_end_(pattern.data() + pattern.size()),
      anchored_(allow_anchor && !pattern.empty() && pattern[0] == '^') {
  if (anchored_) ++p_begin_;
}

bool PatternMatcher::has_specials(std::string_view pattern) {
  for (char c : pattern) {
    switch (c) {
      case '^':
      case '$':
      case '*':
      case '+':
      case '?':
      case '.':
      case '(':
      case '[':
      case '%':
      case '-': return true;
      default: break;
    }
  }
  return false;
}

PatternMatcher::Capture PatternMatcher::capture(int i, const char* start, const char* end) const {
  if (i >= level_) {
    if (i != 0) throw PatternError{"invalid capture index %" + std::to_string(i + 1)};
    return {start, end - start};
  }
  if (captures_[i].length == kOpenCapture) throw PatternError{"unfinished capture"};
  return captures_[i];
}

const char* PatternMatcher::match_item(const char* s, const char* p) {
  if (depth_left_-- == 0) throw PatternError{"pattern too complex"};
  s = match_sequence(s, p);
  depth_left_++;
  return s;
}

const char* PatternMatcher::match_sequence(const char* s, const char* p) {
  while (p != p_end_) {
    switch (*p) {
      case '(':
        if (p + 1 != p_end_ && p[1] == ')') return start_capture(s, p + 2, kPositionCapture);
        return start_capture(s, p + 1, kOpenCapture);
      case ')': return end_capture(s, p + 1);
      case '$':
        if (p + 1 == p_end_) return s == s_end_ ? s : nullptr;
        break;  // elsewhere '$' is an ordinary character
      case '%':
        if (p + 1 == p_end_) break;  // item_end reports the error
        switch (p[1]) {
          case 'b':
            s = match_balance(s, p + 2);
            if (!s) return nullptr;
            p += 4;
            continue;
          case 'f': {
            // A frontier: the previous character is not in the set and the
            // next one is; the subject's ends count as '\0'.
            p += 2;
            if (p == p_end_ || *p != '[') throw PatternError{"missing '[' after '%f' in pattern"};
            const char* set_end = item_end(p);
            unsigned char previous = s == s_begin_ ? 0 : uchar(s[-1]);
            unsigned char next = s == s_end_ ? 0 : uchar(*s);
            if (in_set(previous, p, set_end - 1) || !in_set(next, p, set_end - 1)) return nullptr;
            p = set_end;
            continue;
          }
          case '0':
          case '1':
          case '2':
          case '3':
          case '4':
          case '5':
          case '6':
          case '7':
          case '8':
          case '9':
            s = match_back_reference(s, p[1]);
            if (!s) return nullptr;
            p += 2;
            continue;
          default: break;
        }
        break;
      default: break;
    }
    // A single-character class, possibly followed by a quantifier.
    const char* end = item_end(p);
    const char suffix = end < p_end_ ? *end : '\0';
    if (!(s < s_end_ && single_match(uchar(*s), p, end))) {
      // Zero repetitions: go on with the rest of the pattern without a
      // recursive call (this keeps long runs of "a*" within the depth limit).
      if (suffix == '*' || suffix == '?' || suffix == '-') {
        p = end + 1;
        continue;
      }
      return nullptr;
    }
    switch (suffix) {
      case '?':
        if (const char* r = match_item(s + 1, end + 1)) return r;
        p = end + 1;
        continue;
      case '+': return max_expand(s + 1, p, end);
      case '*': return max_expand(s, p, end);
      case '-': return min_expand(s, p, end);
      default:
        ++s;
        p = end;
        continue;
    }
  }
  return s;
}

// Greedy repetition: take as many as possible, then give back one at a time
// until the rest of the pattern matches.
const char* PatternMatcher::max_expand(const char* s, const char* p, const char* end) {
  ptrdiff_t count = 0;
  while (s + count < s_end_ && single_match(uchar(s[count]), p, end)) count++;
  for (; count >= 0; count--) {
    if (const char* r = match_item(s + count, end + 1)) return r;
  }
  return nullptr;
}

// Lazy repetition: try the rest of the pattern first, taking one more
// character only when it fails.
const char* PatternMatcher::min_expand(const char* s, const char* p, const char* end) {
  for (;;) {
    if (const char* r = match_item(s, end + 1)) return r;
    if (s < s_end_ && single_match(uchar(*s), p, end)) {
      ++s;
    } else {
      return nullptr;
    }
  }
}

const char* PatternMatcher::start_capture(const char* s, const char* p, ptrdiff_t what) {
  if (level_ >= kMaxCaptures) throw PatternError{"too many captures"};
  captures_[level_] = {s, what};
  level_++;
  const char* r = match_item(s, p);
  if (!r) level_--;
  return r;
}

const char* PatternMatcher::end_capture(const char* s, const char* p) {
  int open = level_ - 1;
  while (open >= 0 && captures_[open].length != kOpenCapture) open--;
  if (open < 0) throw PatternError{"invalid pattern capture"};
  captures_[open].length = s - captures_[open].start;
  const char* r = match_item(s, p);
  if (!r) captures_[open].length = kOpenCapture;
  return r;
}

// %bxy: an x, then characters up to the y that balances it.
const char* PatternMatcher::match_balance(const char* s, const char* p) {
  if (p + 1 >= p_end_) throw PatternError{"malformed pattern (missing arguments to '%b')"};
  if (s == s_end_ || *s != p[0]) return nullptr;
  const char open = p[0], close = p[1];
  int depth = 1;
  while (++s < s_end_) {
    if (*s == close) {
      if (--depth == 0) return s + 1;
    } else if (*s == open) {
      depth++;
    }
  }
  return nullptr;
}

const char* PatternMatcher::match_back_reference(const char* s, char digit) {
  int i = digit - '1';
  if (i < 0 || i >= level_ || captures_[i].length == kOpenCapture) {
    throw PatternError{"invalid capture index %" + std::to_string(i + 1)};
  }
  // A position capture has no text and so never matches as a back-reference.
  ptrdiff_t length = captures_[i].length;
  if (length >= 0 && s_end_ - s >= length &&
      std::memcmp(captures_[i].start, s, size_t(length)) == 0) {
    return s + length;
  }
  return nullptr;
}

// The end of the single-character class that starts at p.
const char* PatternMatcher::item_end(const char* p) const {
  char c = *p++;
  if (c == '%') {
    if (p == p_end_) throw PatternError{"malformed pattern (ends with '%')"};
    return p + 1;
  }
  if (c == '[') {
    if (p != p_end_ && *p == '^') ++p;
    // The first character of a set is never its closing ']' ("[]]" is a set).
    do {
      if (p == p_end_) throw PatternError{"malformed pattern (missing ']')"};
      c = *p++;
      if (c == '%' && p != p_end_) ++p;  // an escaped character, maybe ']'
    } while (p == p_end_ || *p != ']');
    return p + 1;
  }
  return p;
}

bool PatternMatcher::single_match(unsigned char c, const char* p, const char* end) const {
  switch (*p) {
    case '.': return true;
    case '%': return class_matches(c, uchar(p[1]));
    case '[': return in_set(c, p, end - 1);
    default: return uchar(*p) == c;
  }
}

// Whether c is in the set [ ... ] that spans p (its '[') to set_close (its ']').
bool PatternMatcher::in_set(unsigned char c, const char* p, const char* set_close) const {
  bool negated = false;
  ++p;
  if (*p == '^') {
    negated = true;
    ++p;
  }
  for (; p < set_close; ++p) {
    if (*p == '%') {
      ++p;
      if (class_matches(c, uchar(*p))) return !negated;
    } else if (p[1] == '-' && p + 2 < set_close) {
      if (uchar(p[0]) <= c && c <= uchar(p[2])) return !negated;
      p += 2;
    } else if (uchar(*p) == c) {
      return !negated;
    }
  }
  return negated;
}

}  // namespace gilvm
