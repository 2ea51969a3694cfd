// lib/utf8.cpp — the `utf8` library of Lua 5.4: encoding code points
// (char), decoding them (codepoint, codes), counting characters (len) and
// finding where the n-th character starts (offset).
//
// Like Lua, it accepts the original UTF-8 of up to six bytes (code points up
// to 2^31 - 1) but, unless the `lax` argument is true, rejects code points
// above U+10FFFF and the surrogates U+D800..U+DFFF. Overlong encodings are
// always invalid. Results and messages are those of Lua 5.4.4 (Debian's
// lua5.4, which the differential tests compare with), leniencies included:
// codes skips stray continuation bytes, offset returns one position.
//
// The decoder reads one byte past a sequence that is cut short; that byte
// is the NUL every String carries after its data, which is no continuation
// byte, so a truncated sequence ends the decoding as invalid.
#include <climits>
#include <cstdint>
#include <string>

#include "interp/core/api.h"
#include "interp/lib/lib.h"

namespace gilvm {

namespace {

constexpr uint32_t kMaxUnicode = 0x10FFFF;
constexpr uint32_t kMaxUtf = 0x7FFFFFFF;  // the largest code point six bytes encode

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// A relative position: negative counts back from the end; before the start
// is 0.
int64_t relative_position(int64_t pos, size_t len) {
  if (pos >= 0) return pos;
  if (0u - uint64_t(pos) > len) return 0;
  return int64_t(len) + pos + 1;
}

// Decodes the sequence at s into *code and returns the byte after it, or
// nullptr if the sequence is invalid (strict: also for code points that are
// no Unicode scalar values).
const char* decode(const char* s, uint32_t* code, bool strict) {
  // The smallest code point of each sequence length, to reject overlong
  // forms; the first entry rejects a lead byte without continuation bytes.
  static const uint32_t kLimits[] = {~uint32_t(0), 0x80, 0x800, 0x10000, 0x200000, 0x4000000};
  unsigned c = static_cast<unsigned char>(s[0]);
  uint32_t result = 0;
  if (c < 0x80) {
    result = c;
  } else {
    int count = 0;  // continuation bytes read
    for (; c & 0x40; c <<= 1) {
      const unsigned cc = static_cast<unsigned char>(s[++count]);
      if ((cc & 0xC0) != 0x80) return nullptr;
      result = (result << 6) | (cc & 0x3F);
    }
    result |= uint32_t(c & 0x7F) << (count * 5);
    if (count > 5 || result > kMaxUtf || result < kLimits[count]) return nullptr;
    s += count;
  }
  if (strict && (result > kMaxUnicode || (0xD800 <= result && result <= 0xDFFF))) return nullptr;
  *code = result;
  return s + 1;
}

// Appends the UTF-8 encoding of code (at most kMaxUtf) to out.
void encode(uint32_t code, std::string* out) {
  if (code < 0x80) {
    out->push_back(char(code));
    return;
  }
  char bytes[8];
  int n = 0;                  // bytes written, from the end
  unsigned first_max = 0x3F;  // the largest payload the first byte still holds
  do {
    bytes[7 - n++] = char(0x80 | (code & 0x3F));
    code >>= 6;
    first_max >>= 1;
  } while (code > first_max);
  bytes[7 - n] = char((~first_max << 1) | code);
  out->append(bytes + 7 - n, size_t(n) + 1);
}

// utf8.char(...): the characters of the code points given, concatenated.
int utf8_char(ThreadState& L) {
  std::string out;
  for (int i = 1, n = L.nargs(); i <= n; i++) {
    const uint64_t code = uint64_t(L.check_integer(i));
    if (code > kMaxUtf) L.arg_error(i, "value out of range");
    encode(uint32_t(code), &out);
  }
  L.push_string(out);
  return 1;
}

// utf8.codepoint(s [, i [, j [, lax]]]): the code points of the characters
// that start in s[i..j].
int utf8_codepoint(ThreadState& L) {
  const String* s = L.check_string(1);
  const int64_t first = relative_position(L.opt_integer(2, 1), s->length);
  const int64_t last = relative_position(L.opt_integer(3, first), s->length);
  const bool lax = L.arg(4).is_truthy();
  if (first < 1) L.arg_error(2, "out of bounds");
  if (last > int64_t(s->length)) L.arg_error(3, "out of bounds");
  if (first > last) return 0;
  if (last - first >= INT_MAX) L.error("string slice too long");
  const int64_t most = last - first + 1;  // results at most: one per byte
  if (most > L.stack_last - L.top) L.error("stack overflow (string slice too long)");
  L.ensure_stack(int(most));
  int n = 0;
  const char* end = s->data + last;
  for (const char* p = s->data + first - 1; p < end; n++) {
    uint32_t code;
    p = decode(p, &code, !lax);
    if (!p) L.error("invalid UTF-8 code");
    L.push(Value::integer(code));
  }
  return n;
}

// utf8.len(s [, i [, j [, lax]]]): the number of characters that start in
// s[i..j], or fail and the position of the first invalid byte.
int utf8_len(ThreadState& L) {
  const String* s = L.check_string(1);
  const int64_t len = int64_t(s->length);
  int64_t pos = relative_position(L.opt_integer(2, 1), s->length);
  int64_t last = relative_position(L.opt_integer(3, -1), s->length);
  const bool lax = L.arg(4).is_truthy();
  if (!(1 <= pos && --pos <= len)) L.arg_error(2, "initial position out of bounds");
  if (!(--last < len)) L.arg_error(3, "final position out of bounds");
  int64_t n = 0;
  while (pos <= last) {
    uint32_t code;
    const char* next = decode(s->data + pos, &code, !lax);
    if (!next) {
      L.push(Value());
      L.push(Value::integer(pos + 1));
      return 2;
    }
    pos = next - s->data;
    n++;
  }
  L.push(Value::integer(n));
  return 1;
}

// utf8.offset(s, n [, i]): the byte position where the n-th character
// counting from position i starts (n = 0: the character that contains i).
int utf8_offset(ThreadState& L) {
  const String* s = L.check_string(1);
  const char* d = s->data;
  const int64_t len = int64_t(s->length);
  int64_t n = L.check_integer(2);
  int64_t pos = relative_position(L.opt_integer(3, n >= 0 ? 1 : len + 1), s->length);
  if (!(1 <= pos && --pos <= len)) L.arg_error(3, "position out of bounds");
  if (n == 0) {
    while (pos > 0 && is_continuation(d[pos])) pos--;
  } else {
    if (is_continuation(d[pos])) L.error("initial position is a continuation byte");
    if (n < 0) {
      for (; n < 0 && pos > 0; n++) {
        do pos--;
        while (pos > 0 && is_continuation(d[pos]));
      }
    } else {
      for (n--; n > 0 && pos < len; n--) {
        do pos++;
        while (is_continuation(d[pos]));  // stops at the NUL after the data at the latest
      }
    }
  }
  L.push(n == 0 ? Value::integer(pos + 1) : Value());
  return 1;
}

// The iterator of utf8.codes: (s, position of the previous character) ->
// position and code point of the next one.
int codes_step(ThreadState& L, bool strict) {
  const String* s = L.check_string(1);
  int64_t previous;
  uint64_t pos = to_integer(L.arg(2), &previous) ? uint64_t(previous) : 0;
  if (pos < s->length) {
    while (is_continuation(s->data[pos])) pos++;  // the rest of the previous character
  }
  if (pos >= s->length) return 0;  // also when the control value was negative
  uint32_t code;
  if (!decode(s->data + pos, &code, strict)) L.error("invalid UTF-8 code");
  L.push(Value::integer(int64_t(pos) + 1));
  L.push(Value::integer(code));
  return 2;
}

int codes_step_strict(ThreadState& L) {
  return codes_step(L, true);
}

int codes_step_lax(ThreadState& L) {
  return codes_step(L, false);
}

// utf8.codes(s [, lax]): for p, c in utf8.codes(s) iterates over the
// characters of s.
int utf8_codes(ThreadState& L) {
  const bool lax = L.arg(2).is_truthy();
  L.check_string(1);
  L.push(Value::native(lax ? codes_step_lax : codes_step_strict));
  L.push(L.args()[0]);
  L.push(Value::integer(0));
  return 3;
}

}  // namespace

void open_utf8_lib(Interpreter& I) {
  Table* lib = I.new_module("utf8", {{"offset", utf8_offset},
                                     {"codepoint", utf8_codepoint},
                                     {"char", utf8_char},
                                     {"len", utf8_len},
                                     {"codes", utf8_codes}});
  // One character: an ASCII byte or a lead byte, then continuation bytes.
  static constexpr char kCharPattern[] = "[\0-\x7F\xC2-\xFD][\x80-\xBF]*";
  I.set_field(lib, "charpattern",
              Value::string(I.new_string(std::string_view(kCharPattern, sizeof kCharPattern - 1))));
}

}  // namespace gilvm
