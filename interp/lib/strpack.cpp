// lib/strpack.cpp — string.pack, string.unpack and string.packsize: Lua
// values to and from binary layouts described by a format string, as in
// Lua 5.4 (manual §6.4.2).
//
// A format is read one option at a time (FormatReader::next). Each option is
// an item — an integer, a float, a string in one of three layouts, a padding
// byte, or a setting that lays out no bytes ('<', '>', '=', '!', ' ') — with
// a size, preceded by the zero bytes that align it. An item is aligned to its
// own size, capped by the maximum alignment that '!' sets (1 until then, so a
// format without '!' is never padded); 'Xop' aligns to op's size and lays out
// nothing else. All three functions read formats through the one reader, so
// they agree on every layout and raise Lua's own messages for bad formats.
#include <bit>
#include <climits>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "interp/core/api.h"
#include "interp/lib/lib.h"

namespace gilvm {

namespace {

constexpr int kMaxIntegerSize = 16;            // i16: the widest integer option
constexpr int kIntegerSize = sizeof(int64_t);  // a Lua integer: wider ones are sign-extended
constexpr int kNativeMaxAlign = 8;             // '!' alone: the strictest alignment of a C type
constexpr size_t kMaxFormatSize = INT_MAX;     // the largest size a format may lay out
constexpr char kPaddingByte = '\0';
constexpr bool kNativeLittle = std::endian::native == std::endian::little;

enum class Kind {
  kSigned,        // b h i l j (and i1..i16)
  kUnsigned,      // B H I L J T (and I1..I16)
  kFloat,         // f
  kDouble,        // d n
  kFixedString,   // cN: exactly N bytes
  kLengthString,  // sN: an N-byte length, then the bytes
  kZeroString,    // z: the bytes, then a zero
  kPadding,       // x: one zero byte
  kAlign,         // Xop: only the alignment of op
  kSetting,       // < > = ! and spaces: no bytes
};

struct Item {
  Kind kind;
  int size;     // bytes of the item (of its length, for kLengthString)
  int padding;  // zero bytes before it that align it
};

class FormatReader {
 public:
  FormatReader(ThreadState& L, std::string_view format) : L_(L), at_(format) {}

  bool done() const { return at_.empty(); }
  bool little_endian() const { return little_; }

  // The next item, for a layout that has `offset` bytes so far.
  Item next(size_t offset) {
    Item item{};
    item.kind = read_option(&item.size);
    int align = item.size;
    if (item.kind == Kind::kAlign) {
      if (done() || read_option(&align) == Kind::kFixedString || align == 0)
        L_.arg_error(1, "invalid next option for option 'X'");
    }
    if (align <= 1 || item.kind == Kind::kFixedString) return item;
    if (align > max_align_) align = max_align_;
    if (!std::has_single_bit(unsigned(align)))
      L_.arg_error(1, "format asks for alignment not power of 2");
    item.padding = int((unsigned(align) - (offset & unsigned(align - 1))) & unsigned(align - 1));
    return item;
  }

 private:
  bool digit_next() const { return !done() && at_[0] >= '0' && at_[0] <= '9'; }

  // A count after an option, or `fallback` when none is written. Digits stop
  // being read before the count could pass INT_MAX (the rest are read as
  // options, as Lua does).
  int read_count(int fallback) {
    if (!digit_next()) return fallback;
    int count = 0;
    do {
      count = count * 10 + (at_[0] - '0');
      at_.remove_prefix(1);
    } while (digit_next() && count <= (INT_MAX - 9) / 10);
    return count;
  }

  // The size of an integer, a length prefix or a maximum alignment.
  int read_size(int fallback) {
    const int size = read_count(fallback);
    if (size < 1 || size > kMaxIntegerSize)
      L_.error("integral size (%d) out of limits [1,%d]", size, kMaxIntegerSize);
    return size;
  }

  Kind read_option(int* size) {
    const char option = at_[0];
    at_.remove_prefix(1);
    *size = 0;
    switch (option) {
      case 'b': *size = sizeof(char); return Kind::kSigned;
      case 'B': *size = sizeof(char); return Kind::kUnsigned;
      case 'h': *size = sizeof(short); return Kind::kSigned;
      case 'H': *size = sizeof(short); return Kind::kUnsigned;
      case 'l': *size = sizeof(long); return Kind::kSigned;
      case 'L': *size = sizeof(long); return Kind::kUnsigned;
      case 'j': *size = kIntegerSize; return Kind::kSigned;
      case 'J': *size = kIntegerSize; return Kind::kUnsigned;
      case 'T': *size = sizeof(size_t); return Kind::kUnsigned;
      case 'f': *size = sizeof(float); return Kind::kFloat;
      case 'd':
      case 'n': *size = sizeof(double); return Kind::kDouble;
      case 'i': *size = read_size(sizeof(int)); return Kind::kSigned;
      case 'I': *size = read_size(sizeof(int)); return Kind::kUnsigned;
      case 's': *size = read_size(sizeof(size_t)); return Kind::kLengthString;
      case 'c':
        *size = read_count(-1);
        if (*size == -1) L_.error("missing size for format option 'c'");
        return Kind::kFixedString;
      case 'z': return Kind::kZeroString;
      case 'x': *size = 1; return Kind::kPadding;
      case 'X': return Kind::kAlign;
      case ' ': return Kind::kSetting;
      case '<': little_ = true; return Kind::kSetting;
      case '>': little_ = false; return Kind::kSetting;
      case '=': little_ = kNativeLittle; return Kind::kSetting;
      case '!': max_align_ = read_size(kNativeMaxAlign); return Kind::kSetting;
      default: L_.error("invalid format option '%c'", option);
    }
  }

  ThreadState& L_;
  std::string_view at_;  // the options not read yet
  bool little_ = kNativeLittle;
  int max_align_ = 1;
};

// Byte i (0 = least significant) of a `size`-byte field in the given order.
size_t byte_at(int i, int size, bool little) {
  return size_t(little ? i : size - 1 - i);
}

// Appends the low `size` bytes of n; bytes beyond a Lua integer's eight
// extend its sign.
void append_integer(std::string& out, uint64_t n, int size, bool little, bool negative) {
  const size_t start = out.size();
  out.append(size_t(size), '\0');
  for (int i = 0; i < size; i++) {
    const uint8_t byte = i < kIntegerSize ? uint8_t(n >> (8 * i)) : negative ? 0xff : 0;
    out[start + byte_at(i, size, little)] = char(byte);
  }
}

// Reads a `size`-byte integer. A narrower one is sign-extended when signed;
// a wider one must hold a Lua integer (its extra bytes only extend the sign).
int64_t read_integer(ThreadState& L, const char* bytes, int size, bool little, bool is_signed) {
  uint64_t n = 0;
  const int low_bytes = size < kIntegerSize ? size : kIntegerSize;
  for (int i = low_bytes - 1; i >= 0; i--) n = n << 8 | uint8_t(bytes[byte_at(i, size, little)]);
  if (size < kIntegerSize) {
    if (is_signed) {
      const uint64_t sign_bit = uint64_t(1) << (8 * size - 1);
      n = (n ^ sign_bit) - sign_bit;
    }
  } else if (size > kIntegerSize) {
    const uint8_t extension = is_signed && int64_t(n) < 0 ? 0xff : 0;
    for (int i = kIntegerSize; i < size; i++) {
      if (uint8_t(bytes[byte_at(i, size, little)]) != extension)
        L.error("%d-byte integer does not fit into Lua Integer", size);
    }
  }
  return int64_t(n);
}

template <class Float>
void append_float(std::string& out, Float f, bool little) {
  char bytes[sizeof(Float)];
  std::memcpy(bytes, &f, sizeof f);
  for (size_t i = 0; i < sizeof f; i++)
    out.push_back(little == kNativeLittle ? bytes[i] : bytes[sizeof f - 1 - i]);
}

template <class Float>
Float read_float(const char* bytes, bool little) {
  char native[sizeof(Float)];
  for (size_t i = 0; i < sizeof native; i++)
    native[i] = little == kNativeLittle ? bytes[i] : bytes[sizeof native - 1 - i];
  Float f;
  std::memcpy(&f, native, sizeof f);
  return f;
}

int str_pack(ThreadState& L) {
  FormatReader format(L, L.check_string(1)->view());
  // Lua's pack leaves a nil after its arguments, so that a missing one is
  // "number expected, got nil" rather than "got no value".
  L.push(Value());
  std::string out;
  int arg = 1;
  while (!format.done()) {
    const Item item = format.next(out.size());
    const bool little = format.little_endian();
    out.append(size_t(item.padding), kPaddingByte);
    switch (item.kind) {
      case Kind::kSigned: {
        const int64_t n = L.check_integer(++arg);
        if (item.size < kIntegerSize) {
          const int64_t limit = int64_t(1) << (8 * item.size - 1);
          if (n < -limit || n >= limit) L.arg_error(arg, "integer overflow");
        }
        append_integer(out, uint64_t(n), item.size, little, n < 0);
        break;
      }
      case Kind::kUnsigned: {
        const int64_t n = L.check_integer(++arg);
        if (item.size < kIntegerSize && uint64_t(n) >= uint64_t(1) << (8 * item.size))
          L.arg_error(arg, "unsigned overflow");
        append_integer(out, uint64_t(n), item.size, little, false);
        break;
      }
      case Kind::kFloat: append_float(out, float(L.check_number(++arg)), little); break;
      case Kind::kDouble: append_float(out, L.check_number(++arg), little); break;
      case Kind::kFixedString: {
        const std::string_view s = L.check_string(++arg)->view();
        if (s.size() > size_t(item.size)) L.arg_error(arg, "string longer than given size");
        out.append(s);
        out.append(size_t(item.size) - s.size(), kPaddingByte);
        break;
      }
      case Kind::kLengthString: {
        const std::string_view s = L.check_string(++arg)->view();
        if (item.size < int(sizeof(size_t)) && s.size() >= size_t(1) << (8 * item.size))
          L.arg_error(arg, "string length does not fit in given size");
        append_integer(out, s.size(), item.size, little, false);
        out.append(s);
        break;
      }
      case Kind::kZeroString: {
        const std::string_view s = L.check_string(++arg)->view();
        if (s.find('\0') != std::string_view::npos) L.arg_error(arg, "string contains zeros");
        out.append(s);
        out.push_back('\0');
        break;
      }
      case Kind::kPadding: out.push_back(kPaddingByte); break;
      case Kind::kAlign:
      case Kind::kSetting: break;
    }
  }
  L.push_string(out);
  return 1;
}

int str_packsize(ThreadState& L) {
  FormatReader format(L, L.check_string(1)->view());
  size_t total = 0;
  while (!format.done()) {
    const Item item = format.next(total);
    if (item.kind == Kind::kLengthString || item.kind == Kind::kZeroString)
      L.arg_error(1, "variable-length format");
    const size_t size = size_t(item.padding) + size_t(item.size);
    if (total > kMaxFormatSize - size) L.arg_error(1, "format result too large");
    total += size;
  }
  L.push(Value::integer(int64_t(total)));
  return 1;
}

int str_unpack(ThreadState& L) {
  FormatReader format(L, L.check_string(1)->view());
  const std::string_view data = L.check_string(2)->view();  // argument 2 keeps it alive
  size_t pos = string_start_position(L.opt_integer(3, 1), data.size()) - 1;
  if (pos > data.size()) L.arg_error(3, "initial position out of string");
  int results = 0;
  while (!format.done()) {
    const Item item = format.next(pos);
    const bool little = format.little_endian();
    if (size_t(item.padding) + size_t(item.size) > data.size() - pos)
      L.arg_error(2, "data string too short");
    pos += size_t(item.padding);
    const char* at = data.data() + pos;
    // Room for this value and the final position.
    if (L.stack_last - L.top < 2) L.error("stack overflow (too many results)");
    switch (item.kind) {
      case Kind::kSigned:
      case Kind::kUnsigned:
        L.push(Value::integer(read_integer(L, at, item.size, little, item.kind == Kind::kSigned)));
        break;
      case Kind::kFloat: L.push(Value::number(read_float<float>(at, little))); break;
      case Kind::kDouble: L.push(Value::number(read_float<double>(at, little))); break;
      case Kind::kFixedString: L.push_string(std::string_view(at, size_t(item.size))); break;
      case Kind::kLengthString: {
        const size_t length = size_t(read_integer(L, at, item.size, little, false));
        if (length > data.size() - pos - size_t(item.size)) L.arg_error(2, "data string too short");
        L.push_string(std::string_view(at + item.size, length));
        pos += length;
        break;
      }
      case Kind::kZeroString: {
        const size_t zero = data.find('\0', pos);
        if (zero == std::string_view::npos) L.arg_error(2, "unfinished string for format 'z'");
        L.push_string(data.substr(pos, zero - pos));
        pos = zero + 1;
        break;
      }
      case Kind::kPadding:
      case Kind::kAlign:
      case Kind::kSetting: results--; break;
    }
    results++;
    pos += size_t(item.size);
  }
  L.push(Value::integer(int64_t(pos) + 1));
  return results + 1;
}

}  // namespace

void open_string_pack(Interpreter& I, Table* string_lib) {
  I.set_functions(string_lib,
                  {{"pack", str_pack}, {"packsize", str_packsize}, {"unpack", str_unpack}});
}

}  // namespace gilvm
