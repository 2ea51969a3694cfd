// marshal.cpp — the marshalling format, its encoder and its decoder (see
// marshal.h for what travels and what is refused).
//
// The format, version 1. Numbers are unsigned LEB128 varints (7 bits a byte,
// least significant group first, bit 0x80 on every byte but the last; at most
// 10 bytes) unless said otherwise.
//
//   message   "\x1bGM", version byte (1), value count, then that many values
//   value     a tag byte and its payload:
//     0 nil   1 false   2 true
//     3 integer   zigzag varint ((x << 1) ^ (x >> 63): small magnitudes, short)
//     4 float     the 8 bytes of the IEEE double, little-endian
//     5 string    byte length, then the bytes
//     6 table     array count A, pair count P, then A values (the keys 1..A),
//                 then P (key, value) pairs
//     7 function  a prototype: 0 and then the byte length and bytes of a Lua
//                 5.4 binary chunk of the function (dump.h), or k > 0 for the
//                 k-th prototype of this message sent earlier; then the
//                 upvalue count, which must match the prototype's, and per
//                 upvalue either 0 and its value (a new upvalue) or 1 and c
//                 (the c-th upvalue of this message, counting from 0: shared)
//     8 native    byte length, then the standard name ("print", "math.sqrt")
//     9 globals   the receiver's globals table
//    10 ref       i: the i-th object of this message (counting from 0)
//
// Objects are the strings, tables and functions, numbered in the order their
// tags are written; a later occurrence of the same object is a ref, which is
// how sharing and cycles travel. A table or function takes its number before
// its contents are written, so its contents may refer to it. Upvalues and
// prototypes are numbered the same way, each in their own sequence.
//
// Decoding untrusted bytes. Every read is checked against the bytes left, and
// so is every count before anything is allocated for it: a count of A items
// promises at least A more bytes (a value is at least its tag byte, a pair or
// an upvalue at least two), and the promise is held until the items are read.
// A count is accepted only if it fits in the bytes not already promised, so
// the sizes that all the open tables and functions preallocate add up to no
// more than the message's length, however they nest. References must point
// backwards, nesting is limited to kMaxDepth, and a prototype is whatever
// load_binary_chunk (the verifier) accepts.
#include "loop/marshal.h"

#include <cinttypes>
#include <climits>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <vector>

#include "interp/core/chunk.h"
#include "interp/core/dump.h"
#include "interp/core/table.h"

namespace gilvm::marshal {

namespace {

constexpr char kSignature[] = "\x1bGM";
constexpr size_t kSignatureBytes = sizeof kSignature - 1;
constexpr uint8_t kVersion = 1;

enum ValueTag : uint8_t {
  kNil = 0,
  kFalse = 1,
  kTrue = 2,
  kInteger = 3,
  kFloat = 4,
  kString = 5,
  kTable = 6,
  kFunction = 7,
  kNative = 8,
  kGlobals = 9,
  kRef = 10,
};

enum UpvalueTag : uint8_t { kNewUpvalue = 0, kSharedUpvalue = 1 };

// The largest array or hash part a message may ask for: the table's own
// limits (table.cpp) are near it, and no frame is that large anyway.
constexpr uint64_t kMaxTableCount = uint64_t(1) << 30;

// ---------------------------------------------------------------------------
// Which natives are standard

// The modules whose native functions travel by name: Lua's standard library
// and gilvm's modules that are always loaded (API.md). Base functions are
// named without a prefix. Modules this interpreter lacks are skipped.
constexpr const char* kStandardModules[] = {
    "_G",    "string", "table", "math",   "utf8", "os",   "io",   "coroutine",
    "debug", "sys",    "gil",   "thread", "sync", "work", "loop", "executor"};

// An interpreter's index of its standard natives: two tables in its
// registry, made from the module tables the first time a native is sent or
// received (later changes to those tables do not change what the names
// mean). `names` maps each function, as a light userdata of its C++ address,
// to its name; `functions` maps names to the function values, which the
// index keeps alive. Two names for one function keep the first one found.
struct NativeIndex {
  Table* names;
  Table* functions;
};

constexpr const char* kIndexNamesKey = "gilvm.marshal.native_names";
constexpr const char* kIndexFunctionsKey = "gilvm.marshal.native_functions";

// The key a native has in the index's `names`: a native without upvalues
// is known by its C++ address (any closure of it is the same function); one
// with upvalues (`type`, `pairs`, `math.random` keep per-interpreter state
// there) by the closure itself, so that only the module's own closure has
// the name. Nil for a value that is not a native.
Value native_key(const Value& v) {
  if (v.tag == Tag::LightNative) return Value::light_userdata(reinterpret_cast<void*>(v.f));
  if (v.tag != Tag::NClosure) return Value();
  if (v.as_nclosure()->num_upvalues > 0) return v;
  return Value::light_userdata(reinterpret_cast<void*>(v.as_nclosure()->fn));
}

NativeIndex native_index(ThreadState& L) {
  Interpreter& I = L.interp;
  String* names_key = I.intern(kIndexNamesKey);
  String* functions_key = I.intern(kIndexFunctionsKey);
  const Value names = table_get_str(I.registry, names_key);
  if (names.is_table())
    return {names.as_table(), table_get_str(I.registry, functions_key).as_table()};

  NativeIndex index{I.new_table(0, 256), I.new_table(0, 256)};
  table_set_str(L, I.registry, names_key, Value::table(index.names));
  table_set_str(L, I.registry, functions_key, Value::table(index.functions));
  for (const char* module : kStandardModules) {
    const Value lib = table_get_str(I.loaded, I.intern(module));
    if (!lib.is_table()) continue;
    const bool is_base = std::strcmp(module, "_G") == 0;
    Value key, value;
    while (table_next(L, lib.as_table(), &key, &value)) {
      const Value native = native_key(value);
      if (native.is_nil() || !key.is_string()) continue;
      std::string name(key.as_string()->view());
      if (!is_base) name = std::string(module) + "." + name;
      String* name_string = I.new_string(name);
      table_set_str(L, index.functions, name_string, value);
      if (table_get(index.names, native).is_nil())
        table_set(L, index.names, native, Value::string(name_string));
    }
  }
  return index;
}

// ---------------------------------------------------------------------------
// Encoding

// Why a value cannot be sent, and where it was. `where` grows from the
// innermost step outwards as the exception passes each level.
struct CannotSend {
  std::string what;
  std::vector<std::string> where;

  std::string message() const {
    // A path from deep nesting keeps its innermost and outermost steps.
    constexpr size_t kHead = 4, kTail = 4;
    std::string path;
    for (size_t i = 0; i < where.size(); i++) {
      if (where.size() > kHead + kTail && i == kHead) {
        path += " of ...";
        i = where.size() - kTail;
      }
      if (!path.empty()) path += " of ";
      path += where[i];
    }
    return "cannot send a " + what + " (" + path + ")";
  }
};

// A string key as messages show it: at most 40 bytes, control bytes as '?'.
std::string printable(std::string_view s) {
  constexpr size_t kMaxShown = 40;
  std::string out;
  for (size_t i = 0; i < s.size() && i < kMaxShown; i++) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    out += c < 0x20 || c == 0x7f ? '?' : char(c);
  }
  if (s.size() > kMaxShown) out += "...";
  return out;
}

// The step from a table to the value stored under `key`.
std::string field_step(const Value& key) {
  char number[64];
  switch (key.tag) {
    case Tag::String: return "field '" + printable(key.as_string()->view()) + "'";
    case Tag::Int: snprintf(number, sizeof number, "index %" PRId64, key.i); return number;
    case Tag::Float: snprintf(number, sizeof number, "index %.14g", key.n); return number;
    default: return std::string("value at a ") + type_name(key) + " key";
  }
}

std::string upvalue_step(const LClosure* c, int i) {
  const String* name = c->proto->upvalues[size_t(i)].name;
  if (name) return "upvalue '" + printable(name->view()) + "'";
  return "upvalue #" + std::to_string(i + 1);
}

// Numbers the objects an encoder has written, by address: an open-addressing
// table with linear probing, because every string, table and function of a
// message is looked up in it once and std::unordered_map allocates a node
// per entry. The keys have an array of their own, so that a probe, which
// misses the cache once a message is large, touches only keys.
class ObjectNumbers {
 public:
  static constexpr uint32_t kNew = UINT32_MAX;

  // The number p was given when first seen; or kNew, after giving p the
  // next number.
  uint32_t find_or_add(const void* p) {
    if ((count_ + 1) * 2 > keys_.size()) grow();
    const size_t mask = keys_.size() - 1;
    for (size_t i = hash(p) & mask;; i = (i + 1) & mask) {
      if (keys_[i] == p) return numbers_[i];
      if (keys_[i] == nullptr) {
        keys_[i] = p;
        numbers_[i] = count_++;
        return kNew;
      }
    }
  }

  // Takes a number for an object that has no address here (a string given
  // as C++ bytes): the decoder numbers every string it reads.
  void add_unaddressed() { count_++; }

 private:
  static size_t hash(const void* p) {
    uint64_t x = reinterpret_cast<uintptr_t>(p);
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return size_t(x);
  }

  void grow() {
    const size_t size = keys_.empty() ? 64 : keys_.size() * 2;
    std::vector<const void*> old_keys(size, nullptr);
    std::vector<uint32_t> old_numbers(size);
    old_keys.swap(keys_);
    old_numbers.swap(numbers_);
    const size_t mask = size - 1;
    for (size_t j = 0; j < old_keys.size(); j++) {
      if (!old_keys[j]) continue;
      size_t i = hash(old_keys[j]) & mask;
      while (keys_[i]) i = (i + 1) & mask;
      keys_[i] = old_keys[j];
      numbers_[i] = old_numbers[j];
    }
  }

  std::vector<const void*> keys_;
  std::vector<uint32_t> numbers_;
  uint32_t count_ = 0;
};

class Encoder {
 public:
  Encoder(ThreadState& L, size_t count) : L_(L), I_(L.interp) {
    out_.append(kSignature, kSignatureBytes);
    out_.push_back(char(kVersion));
    write_varint(count);
  }

  // Writes one of the message's values; `root` names it in messages.
  void write_root(const Value& v, const std::string& root) {
    try {
      write_value(v, 0);
    } catch (CannotSend& e) {
      e.where.push_back(root);
      throw;
    }
  }

  void write_string_root(std::string_view s) {
    objects_.add_unaddressed();
    write_string_bytes(s);
  }

  std::string finish() { return std::move(out_); }

 private:
  void write_byte(uint8_t b) { out_.push_back(char(b)); }

  void write_varint(uint64_t x) {
    char bytes[10];
    int n = 0;
    while (x >= 0x80) {
      bytes[n++] = char(0x80 | (x & 0x7f));
      x >>= 7;
    }
    bytes[n++] = char(x);
    out_.append(bytes, size_t(n));
  }

  void write_string_bytes(std::string_view s) {
    write_byte(kString);
    write_varint(s.size());
    out_.append(s.data(), s.size());
  }

  // True if the object was written before (and a ref to it is now written).
  bool write_ref_if_seen(const GCObject* o) {
    uint32_t number = objects_.find_or_add(o);
    if (number == ObjectNumbers::kNew) return false;
    write_byte(kRef);
    write_varint(number);
    return true;
  }

  void write_value(const Value& v, int depth) {
    switch (v.tag) {
      case Tag::Nil: write_byte(kNil); return;
      case Tag::False: write_byte(kFalse); return;
      case Tag::True: write_byte(kTrue); return;
      case Tag::Int:
        write_byte(kInteger);
        write_varint((uint64_t(v.i) << 1) ^ uint64_t(v.i >> 63));
        return;
      case Tag::Float: {
        uint64_t bits;
        std::memcpy(&bits, &v.n, sizeof bits);
        char bytes[8];
        for (int i = 0; i < 8; i++) bytes[i] = char(bits >> (8 * i));
        write_byte(kFloat);
        out_.append(bytes, sizeof bytes);
        return;
      }
      case Tag::String:
        if (!write_ref_if_seen(v.gc)) write_string_bytes(v.as_string()->view());
        return;
      case Tag::Table: write_table(v.as_table(), depth); return;
      case Tag::LClosure: write_function(v.as_lclosure(), depth); return;
      case Tag::NClosure:
      case Tag::LightNative: write_native(v); return;
      case Tag::Userdata: throw CannotSend{userdata_name(v.as_userdata()), {}};
      case Tag::LightUserdata: throw CannotSend{"light userdata", {}};
      // A coroutine is a running computation: its stack, its fiber, where it
      // is suspended. None of that can be copied into another interpreter.
      case Tag::Thread: throw CannotSend{"coroutine", {}};
      default: throw CannotSend{type_name(v), {}};
    }
  }

  // What native types are called in messages: their metatable's __name.
  std::string userdata_name(const Userdata* u) const {
    if (u->metatable) {
      const Value name = table_get_str(u->metatable, I_.str_name_field);
      if (name.is_string()) return std::string(name.as_string()->view());
    }
    return "userdata";
  }

  void check_depth(int depth) {
    if (depth >= kMaxDepth)
      throw CannotSend{"value nested more than " + std::to_string(kMaxDepth) + " levels deep", {}};
  }

  // Writes the value of a table entry; a failure inside it learns the step.
  void write_entry_value(const Value& key, const Value& value, int depth) {
    try {
      write_value(value, depth);
    } catch (CannotSend& e) {
      e.where.push_back(field_step(key));
      throw;
    }
  }

  void write_table(Table* t, int depth) {
    if (t == I_.globals) {
      write_byte(kGlobals);
      return;
    }
    if (write_ref_if_seen(t)) return;
    if (t->metatable) throw CannotSend{"table with a metatable", {}};
    check_depth(depth);

    // The non-nil prefix of the array part travels as the array, the rest
    // as pairs: one consistent copy of the entries, as other threads may be
    // writing to the table (the copy's values stay reachable from the stack
    // or from the table: no collection runs before the encoding ends).
    std::vector<Value> prefix;
    std::vector<std::pair<Value, Value>> pairs;
    table_snapshot(t, &prefix, &pairs);

    write_byte(kTable);
    write_varint(prefix.size());
    write_varint(pairs.size());
    for (size_t i = 0; i < prefix.size(); i++)
      write_entry_value(Value::integer(int64_t(i) + 1), prefix[i], depth + 1);
    for (const auto& [key, value] : pairs) {
      try {
        write_value(key, depth + 1);
      } catch (CannotSend& e) {
        e.where.push_back("a key");
        throw;
      }
      write_entry_value(key, value, depth + 1);
    }
  }

  void write_function(LClosure* c, int depth) {
    if (write_ref_if_seen(c)) return;
    check_depth(depth);
    write_byte(kFunction);
    uint32_t proto_number = protos_.find_or_add(c->proto);
    if (proto_number == ObjectNumbers::kNew) {
      write_varint(0);
      // Debug information stays: the receiver's errors and tracebacks cite
      // the sender's source and lines.
      std::string chunk = dump_proto(c->proto, /*strip=*/false);
      write_varint(chunk.size());
      out_ += chunk;
    } else {
      write_varint(uint64_t(proto_number) + 1);
    }
    write_varint(c->num_upvalues);
    for (int i = 0; i < c->num_upvalues; i++) {
      UpVal* uv = c->upvals[i];
      uint32_t cell = upvalues_.find_or_add(uv);
      if (cell != ObjectNumbers::kNew) {
        write_byte(kSharedUpvalue);
        write_varint(cell);
        continue;
      }
      write_byte(kNewUpvalue);
      try {
        write_value(uv->get(&L_), depth + 1);
      } catch (CannotSend& e) {
        e.where.push_back(upvalue_step(c, i));
        throw;
      }
    }
  }

  void write_native(const Value& v) {
    const Value native = native_key(v);
    if (!native.is_nil()) {
      if (!native_names_) native_names_ = native_index(L_).names;
      const Value name = table_get(native_names_, native);
      if (name.is_string()) {
        std::string_view s = name.as_string()->view();
        write_byte(kNative);
        write_varint(s.size());
        out_.append(s.data(), s.size());
        return;
      }
    }
    throw CannotSend{"native function that is not in the standard library", {}};
  }

  ThreadState& L_;
  Interpreter& I_;
  std::string out_;
  ObjectNumbers objects_;
  ObjectNumbers upvalues_;
  ObjectNumbers protos_;
  Table* native_names_ = nullptr;
};

// ---------------------------------------------------------------------------
// Decoding

// Thrown inside the decoder, caught at its boundary; `why` completes
// "malformed message: ".
struct Malformed {
  std::string why;
};

[[noreturn]] __attribute__((format(printf, 1, 2))) void malformed(const char* fmt, ...) {
  char buffer[512];
  va_list args;
  va_start(args, fmt);
  vsnprintf(buffer, sizeof buffer, fmt, args);
  va_end(args);
  throw Malformed{buffer};
}

class Decoder {
 public:
  Decoder(ThreadState& L, std::string_view bytes)
      : L_(L),
        I_(L.interp),
        begin_(reinterpret_cast<const uint8_t*>(bytes.data())),
        pos_(begin_),
        end_(begin_ + bytes.size()) {}

  // Checks the header; returns the number of values.
  size_t read_header() {
    if (size_t(end_ - pos_) < kSignatureBytes + 1 ||
        std::memcmp(pos_, kSignature, kSignatureBytes) != 0)
      malformed("not a gilvm message (bad signature)");
    pos_ += kSignatureBytes;
    uint8_t version = *pos_++;
    if (version != kVersion)
      malformed("format version %u, this interpreter reads version %u", version, kVersion);
    return read_count(1, "value");
  }

  // One value of the message (each is promised one byte by read_header).
  Value read_root() {
    release(1);
    return read_value(0);
  }

  void check_end() {
    if (pos_ != end_) malformed("unexpected bytes after the last value (from byte %zu)", offset());
  }

 private:
  size_t offset() const { return size_t(pos_ - begin_); }
  // Bytes left that no open count has promised.
  size_t available() const { return size_t(end_ - pos_) - promised_; }

  const uint8_t* take(size_t n) {
    if (n > available()) malformed("truncated at byte %zu", offset());
    const uint8_t* p = pos_;
    pos_ += n;
    return p;
  }

  uint8_t read_byte() { return *take(1); }

  uint64_t read_varint() {
    uint64_t x = 0;
    for (int shift = 0;; shift += 7) {
      uint8_t b = read_byte();
      if (shift == 63 && b > 1) malformed("number too large at byte %zu", offset() - 1);
      x |= uint64_t(b & 0x7f) << shift;
      if (!(b & 0x80)) return x;
    }
  }

  // A count of items of at least `bytes_each` bytes: it must fit in the
  // bytes not yet promised, and promises them until release().
  size_t read_count(size_t bytes_each, const char* what) {
    size_t at = offset();
    uint64_t n = read_varint();
    if (n > available() / bytes_each)
      malformed("%s count %" PRIu64 " at byte %zu is more than the message holds", what, n, at);
    promised_ += size_t(n) * bytes_each;
    return size_t(n);
  }

  void release(size_t n) { promised_ -= n; }

  void check_depth(int depth) {
    if (depth >= kMaxDepth) malformed("nested more than %d levels deep", kMaxDepth);
  }

  Value read_value(int depth) {
    size_t at = offset();
    uint8_t tag = read_byte();
    switch (tag) {
      case kNil: return Value::nil();
      case kFalse: return Value::boolean(false);
      case kTrue: return Value::boolean(true);
      case kInteger: {
        uint64_t z = read_varint();
        return Value::integer(int64_t((z >> 1) ^ (~(z & 1) + 1)));
      }
      case kFloat: {
        const uint8_t* p = take(8);
        uint64_t bits = 0;
        for (int i = 0; i < 8; i++) bits |= uint64_t(p[i]) << (8 * i);
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return Value::number(d);
      }
      case kString: {
        uint64_t n = read_varint();
        if (n > available())
          malformed("string of %" PRIu64 " bytes at byte %zu is truncated", n, at);
        const char* p = reinterpret_cast<const char*>(take(size_t(n)));
        Value s = Value::string(I_.new_string({p, size_t(n)}));
        objects_.push_back(s);
        return s;
      }
      case kTable: return read_table(depth);
      case kFunction: return read_function(at, depth);
      case kNative: return read_native();
      case kGlobals: return Value::table(I_.globals);
      case kRef: {
        uint64_t i = read_varint();
        if (i >= objects_.size())
          malformed("reference to object %" PRIu64 " at byte %zu, only %zu seen", i, at,
                    objects_.size());
        return objects_[size_t(i)];
      }
      default: malformed("unknown value tag %u at byte %zu", tag, at);
    }
  }

  Value read_table(int depth) {
    check_depth(depth);
    size_t array_count = read_count(1, "array");
    size_t pair_count = read_count(2, "pair");
    if (array_count > kMaxTableCount || pair_count > kMaxTableCount)
      malformed("table of %zu + %zu entries is too large", array_count, pair_count);
    Table* t = I_.new_table(uint32_t(array_count), uint32_t(pair_count));
    Value table = Value::table(t);
    objects_.push_back(table);
    for (size_t i = 0; i < array_count; i++) {
      release(1);
      table_set_int(L_, t, int64_t(i) + 1, read_value(depth + 1));
    }
    for (size_t i = 0; i < pair_count; i++) {
      release(1);
      size_t at = offset();
      Value key = read_value(depth + 1);
      if (key.is_nil()) malformed("table key at byte %zu is nil", at);
      if (key.is_float() && key.n != key.n) malformed("table key at byte %zu is NaN", at);
      release(1);
      Value value = read_value(depth + 1);
      table_set(L_, t, key, value);
    }
    return table;
  }

  // `at` is where the function's tag is, for messages.
  Value read_function(size_t at, int depth) {
    check_depth(depth);
    uint64_t which = read_varint();
    Proto* p;
    if (which == 0) {
      uint64_t n = read_varint();
      if (n > available()) malformed("chunk of %" PRIu64 " bytes at byte %zu is truncated", n, at);
      const char* chunk = reinterpret_cast<const char*>(take(size_t(n)));
      std::string error;
      p = load_binary_chunk(I_, {chunk, size_t(n)}, "=(marshal)", &error);
      if (!p) malformed("function at byte %zu: %s", at, error.c_str());
      protos_.push_back(p);
    } else {
      if (which - 1 >= protos_.size())
        malformed("reference to prototype %" PRIu64 " at byte %zu, only %zu seen", which - 1, at,
                  protos_.size());
      p = protos_[size_t(which - 1)];
    }
    LClosure* c = I_.new_lclosure(p);
    Value function = Value::lclosure(c);
    objects_.push_back(function);
    size_t n = read_count(2, "upvalue");
    if (n != p->upvalues.size())
      malformed("function at byte %zu has %zu upvalues, its prototype %zu", at, n,
                p->upvalues.size());
    // Until every upvalue is filled the closure must not run; nothing runs
    // before decode returns, and a failed decode leaves it unreachable.
    for (size_t i = 0; i < n; i++) {
      release(1);
      uint8_t kind = read_byte();
      release(1);
      if (kind == kNewUpvalue) {
        UpVal* uv = I_.new_upval();
        upvalues_.push_back(uv);
        c->upvals[i] = uv;
        uv->closed = read_value(depth + 1);
      } else if (kind == kSharedUpvalue) {
        size_t ref_at = offset();
        uint64_t cell = read_varint();
        if (cell >= upvalues_.size())
          malformed("reference to upvalue %" PRIu64 " at byte %zu, only %zu seen", cell, ref_at,
                    upvalues_.size());
        c->upvals[i] = upvalues_[size_t(cell)];
      } else {
        malformed("unknown upvalue kind %u at byte %zu", kind, offset() - 1);
      }
    }
    return function;
  }

  Value read_native() {
    size_t at = offset();
    uint64_t n = read_varint();
    if (n > available()) malformed("name of %" PRIu64 " bytes at byte %zu is truncated", n, at);
    std::string_view name(reinterpret_cast<const char*>(take(size_t(n))), size_t(n));
    if (!native_functions_) native_functions_ = native_index(L_).functions;
    const Value f = table_get_str(native_functions_, I_.new_string(name));
    if (f.is_nil())
      malformed("no standard function '%s' in this interpreter", printable(name).c_str());
    return f;
  }

  ThreadState& L_;
  Interpreter& I_;
  const uint8_t* begin_;
  const uint8_t* pos_;
  const uint8_t* end_;
  size_t promised_ = 0;
  // The message's objects so far, by number. They are not on the stack, but
  // nothing collects before decode returns (see marshal.h).
  std::vector<Value> objects_;
  std::vector<UpVal*> upvalues_;
  std::vector<Proto*> protos_;
  Table* native_functions_ = nullptr;
};

}  // namespace

std::string encode(ThreadState& L, const Value* values, int n, const char* role) {
  std::string error;
  try {
    Encoder encoder(L, size_t(n));
    for (int i = 0; i < n; i++)
      encoder.write_root(values[i], std::string(role) + " " + std::to_string(i + 1));
    return encoder.finish();
  } catch (const CannotSend& e) {
    error = e.message();
  }
  L.error("%s", error.c_str());
}

std::string encode_error(ThreadState& L, const Value& error, std::string_view traceback) {
  std::string why;
  try {
    Encoder encoder(L, 2);
    encoder.write_root(error, "the error value");
    encoder.write_string_root(traceback);
    return encoder.finish();
  } catch (const CannotSend& e) {
    why = e.message();
  }
  Encoder encoder(L, 2);
  encoder.write_string_root(why);
  encoder.write_string_root(traceback);
  return encoder.finish();
}

std::string encode_error_text(std::string_view message, std::string_view traceback) {
  std::string out(kSignature, kSignatureBytes);
  out.push_back(char(kVersion));
  auto append_varint = [&out](uint64_t x) {
    for (; x >= 0x80; x >>= 7) out.push_back(char(0x80 | (x & 0x7f)));
    out.push_back(char(x));
  };
  append_varint(2);
  for (std::string_view s : {message, traceback}) {
    out.push_back(char(kString));
    append_varint(s.size());
    out.append(s.data(), s.size());
  }
  return out;
}

int decode(ThreadState& L, std::string_view message) {
  std::string error;
  try {
    Decoder decoder(L, message);
    size_t n = decoder.read_header();
    if (n > size_t(INT_MAX)) L.stack_overflow();
    L.ensure_stack(int(n));
    std::vector<Value> values;
    values.reserve(n);
    for (size_t i = 0; i < n; i++) values.push_back(decoder.read_root());
    decoder.check_end();
    for (const Value& v : values) L.push(v);
    return int(n);
  } catch (const Malformed& m) {
    error = m.why;
  }
  L.error("malformed message: %s", error.c_str());
}

}  // namespace gilvm::marshal
