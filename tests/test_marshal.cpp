// test_marshal.cpp — marshalling (loop/marshal.h) and message framing
// (loop/frame.h).
//
// Values are encoded in one Interpreter and decoded in another, both alive in
// this one OS thread, each holding its own GIL, as executor.interpreters will
// have them. Round trips are compared structurally: two values are the same
// shape when a one-to-one correspondence between their tables maps one onto
// the other (so sharing and cycles must be preserved, not just contents).
// Functions are checked by calling them in the receiver. Every refusal is
// pinned with its exact message. The [fuzz] case decodes tens of thousands of
// mutated messages: each must decode or fail with "malformed message: ...",
// never crash (run it under ASan/UBSan).
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "interp/core/api.h"
#include "interp/core/chunk.h"
#include "interp/core/dump.h"
#include "loop/frame.h"
#include "loop/marshal.h"

using namespace gilvm;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

// ---------------------------------------------------------------------------
// Running code and moving values

// Runs `source` in I and leaves its results on the main thread's stack, at
// the returned slot; the caller resets top when done.
Value* eval(Interpreter& I, const std::string& source, int* count = nullptr) {
  ThreadState& L = I.main_thread();
  Value* base = L.top;
  std::string error;
  LClosure* f = I.load(source, "=test", "t", &error);
  INFO(error);
  REQUIRE(f != nullptr);
  L.push(Value::lclosure(f));
  bool ok = call_with_traceback(L, 0, kMultRet, &error);
  INFO(error);
  REQUIRE(ok);
  if (count) *count = int(L.top - base);
  return base;
}

// Runs `source` in I for its effects.
void run(Interpreter& I, const std::string& source) {
  std::string error;
  bool ok = run_string(I, source, "=run", &error);
  INFO(error);
  REQUIRE(ok);
}

// A native for Lua code: encodes its arguments, returns the message.
int send_native(ThreadState& L) {
  std::string message = marshal::encode(L, L.args(), L.nargs());
  L.push_string(message);
  return 1;
}

// A native that decodes its argument.
int decode_native(ThreadState& L) {
  return marshal::decode(L, L.check_string(1)->view());
}

// Decodes `message` in I under a protected call. On success leaves the
// values at the returned slot (count in *n); on failure returns nullptr and
// sets *error.
Value* try_decode(Interpreter& I, std::string_view message, int* n, std::string* error) {
  ThreadState& L = I.main_thread();
  Value* base = L.top;
  L.push(Value::native(decode_native));
  L.push(Value::string(I.new_string(message)));
  if (!L.pcall(base, kMultRet)) {
    *error = std::string(L.to_display_string(*base)->view());
    L.top = base;
    return nullptr;
  }
  *n = int(L.top - base);
  return base;
}

// Encodes n values of `from` (raising there is a test failure) and decodes
// them in `to`; the decoded values are at the returned slot.
Value* transfer(Interpreter& from, const Value* values, int n, Interpreter& to) {
  std::string message = marshal::encode(from.main_thread(), values, n);
  std::string error;
  int got = 0;
  Value* out = try_decode(to, message, &got, &error);
  INFO(error);
  REQUIRE(out != nullptr);
  REQUIRE(got == n);
  return out;
}

// The error that `source` raises in I (it should call send(...)).
std::string error_of(Interpreter& I, const std::string& source) {
  ThreadState& L = I.main_thread();
  std::string error;
  LClosure* f = I.load(source, "=test", "t", &error);
  INFO(error);
  REQUIRE(f != nullptr);
  Value* base = L.top;
  L.push(Value::lclosure(f));
  bool ok = L.pcall(base, 0);
  std::string message = ok ? "no error" : std::string(L.to_display_string(*base)->view());
  L.top = base;
  return message;
}

// Sets global `name` in I to v.
void set_global(Interpreter& I, const char* name, Value v) {
  I.set_field(I.globals, name, v);
}

Value get_global(Interpreter& I, const char* name) {
  return table_get_str(I.globals, I.intern(name));
}

// Evaluates the Lua expressions `expressions` in I and returns their values
// as tostring shows them, tab-separated, or "error: <message>".
std::string show(Interpreter& I, const std::string& expressions) {
  ThreadState& L = I.main_thread();
  std::string error;
  LClosure* f = I.load("return " + expressions, "=show", "t", &error);
  INFO(error);
  REQUIRE(f != nullptr);
  Value* base = L.top;
  L.push(Value::lclosure(f));
  std::string out;
  if (!L.pcall(base, kMultRet)) {
    out = "error: " + std::string(L.to_display_string(*base)->view());
  } else {
    for (Value* v = base; v < L.top; v++) {
      if (v > base) out += '\t';
      out += L.to_display_string(*v)->view();
    }
  }
  L.top = base;
  return out;
}

// ---------------------------------------------------------------------------
// Structural comparison

uint64_t bits_of(double d) {
  uint64_t b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}

// Decides whether a value of interpreter A and one of interpreter B have the
// same shape, building a one-to-one map of their objects on the way. A table
// key that is itself a table must already be mapped (the random values below
// list every table that can be a key first).
class SameShape {
 public:
  SameShape(Interpreter& a, Interpreter& b) : a_(a), b_(b) {}

  bool same(const Value& x, const Value& y) {
    if (x.tag != y.tag) return fail("tags differ");
    switch (x.tag) {
      case Tag::Nil:
      case Tag::False:
      case Tag::True: return true;
      case Tag::Int: return x.i == y.i || fail("integers differ");
      case Tag::Float: return bits_of(x.n) == bits_of(y.n) || fail("float bits differ");
      case Tag::String:
        return x.as_string()->view() == y.as_string()->view() || fail("strings differ");
      case Tag::Table: return same_table(x.as_table(), y.as_table());
      default: return map(x.gc, y.gc);
    }
  }

  // Pairs two tables before the comparison meets them as keys.
  bool pair(const Value& x, const Value& y) { return map(x.gc, y.gc); }

  std::string why;

 private:
  bool fail(const char* what) {
    why = what;
    return false;
  }

  // Records x <-> y; false if either is already paired with another object.
  bool map(const GCObject* x, const GCObject* y) {
    auto x_entry = a_to_b_.emplace(x, y).first;
    auto y_entry = b_to_a_.emplace(y, x).first;
    return (x_entry->second == y && y_entry->second == x) || fail("sharing differs");
  }

  bool same_table(Table* x, Table* y) {
    if (!map(x, y)) return false;
    if (!compared_.insert(x).second) return true;  // in progress or done: cycles end here
    ThreadState& La = a_.main_thread();
    Value key, value;
    size_t count_x = 0, count_y = 0;
    while (table_next(La, x, &key, &value)) {
      count_x++;
      Value key_in_b;
      switch (key.tag) {
        case Tag::String: key_in_b = Value::string(b_.new_string(key.as_string()->view())); break;
        case Tag::Table: {
          auto it = a_to_b_.find(key.gc);
          if (it == a_to_b_.end()) return fail("table key not mapped yet");
          key_in_b = Value::table(static_cast<Table*>(const_cast<GCObject*>(it->second)));
          break;
        }
        default: key_in_b = key; break;
      }
      const Value in_y = table_get(y, key_in_b);
      if (in_y.is_nil()) return fail("key missing");
      if (!same(value, in_y)) return false;
    }
    key = Value();
    while (table_next(b_.main_thread(), y, &key, &value)) count_y++;
    return count_x == count_y || fail("entry counts differ");
  }

  Interpreter& a_;
  Interpreter& b_;
  std::unordered_map<const GCObject*, const GCObject*> a_to_b_, b_to_a_;
  std::set<const Table*> compared_;
};

void check_same(SameShape& shape, const Value& x, const Value& y) {
  bool same = shape.same(x, y);
  INFO(shape.why);
  CHECK(same);
}

// ---------------------------------------------------------------------------
// Random values

// Random values built directly in an interpreter: extreme numbers, strings
// with zero bytes, and tables that share sub-tables and form cycles. The
// tables that may be keys (`pool`) are made first and listed at the front of
// the root table, so that a comparison maps them before meeting them as keys.
class RandomValues {
 public:
  RandomValues(Interpreter& I, uint64_t seed) : I_(I), L_(I.main_thread()), rng_(seed) {}

  // A table {pool tables..., the values...} of `n` random values.
  Value root(int n) {
    pool_size_ = 1 + pick(6);
    const int pool_size = pool_size_;
    Table* root = I_.new_table();
    for (int i = 0; i < pool_size; i++) {
      pool_.push_back(I_.new_table());
      table_set_int(L_, root, i + 1, Value::table(pool_.back()));
    }
    for (Table* t : std::vector<Table*>(pool_)) fill(t, 1);
    for (int i = 0; i < n; i++) table_set_int(L_, root, pool_size + i + 1, value(1));
    return Value::table(root);
  }

  // How many tables of the root are the pool, the tables that can be keys.
  int pool_size() const { return pool_size_; }

  Value value(int depth) {
    switch (pick(depth > 5 ? 7 : 9)) {
      case 0: return Value::boolean(pick(2));
      case 1:
      case 2: return integer();
      case 3:
      case 4: return floating();
      case 5:
      case 6: return string();
      case 7: {  // a table seen before: sharing, and cycles when it is an ancestor
        if (!tables_.empty() && pick(2)) return Value::table(tables_[pick(int(tables_.size()))]);
        return Value::table(pool_[pick(int(pool_.size()))]);
      }
      default: {
        Table* t = I_.new_table();
        tables_.push_back(t);
        fill(t, depth + 1);
        return Value::table(t);
      }
    }
  }

 private:
  int pick(int n) { return int(rng_() % uint64_t(n)); }

  Value integer() {
    static const int64_t extremes[] = {0,
                                       1,
                                       -1,
                                       63,
                                       64,
                                       -64,
                                       -65,
                                       std::numeric_limits<int64_t>::max(),
                                       std::numeric_limits<int64_t>::min(),
                                       int64_t(1) << 53,
                                       (int64_t(1) << 53) + 1};
    if (pick(2)) return Value::integer(extremes[pick(std::size(extremes))]);
    return Value::integer(int64_t(rng_()) >> pick(64));
  }

  Value floating() {
    static const double extremes[] = {0.0,
                                      -0.0,
                                      std::numeric_limits<double>::infinity(),
                                      -std::numeric_limits<double>::infinity(),
                                      std::numeric_limits<double>::quiet_NaN(),
                                      std::numeric_limits<double>::denorm_min(),
                                      std::numeric_limits<double>::max(),
                                      std::numeric_limits<double>::min(),
                                      0.1,
                                      -2.5};
    if (pick(2)) return Value::number(extremes[pick(std::size(extremes))]);
    // Any bit pattern: NaNs with payloads, signalling NaNs, subnormals.
    uint64_t bits = rng_();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return Value::number(d);
  }

  Value string() {
    int length = pick(8) == 0 ? 41 + pick(300) : pick(12);
    std::string s;
    for (int i = 0; i < length; i++) s += pick(4) == 0 ? '\0' : char(rng_());
    return Value::string(I_.new_string(s));
  }

  Value key() {
    switch (pick(6)) {
      case 0: return Value::integer(1 + pick(8));  // the array part, with holes
      case 1: return integer();
      case 2: return string();
      case 3: return Value::number(pick(100) + 0.5);
      case 4: return Value::boolean(pick(2));
      default: return Value::table(pool_[pick(int(pool_.size()))]);
    }
  }

  void fill(Table* t, int depth) {
    int n = pick(depth > 5 ? 3 : 10);
    for (int i = 0; i < n; i++) {
      Value v = value(depth);
      Value k = key();
      if (k.is_float() && std::isnan(k.n)) continue;
      table_set(L_, t, k, v);
    }
  }

  Interpreter& I_;
  ThreadState& L_;
  std::mt19937_64 rng_;
  int pool_size_ = 0;
  std::vector<Table*> pool_;
  std::vector<Table*> tables_;
};

// Pairs the pool tables at the front of two random roots.
void pair_pools(SameShape& shape, const RandomValues& random, const Value& x, const Value& y) {
  for (int i = 1; i <= random.pool_size(); i++)
    shape.pair(table_get_int(x.as_table(), i), table_get_int(y.as_table(), i));
}

}  // namespace

// ---------------------------------------------------------------------------
// Values

TEST_CASE("two interpreters live in one thread, each holding its own GIL", "[marshal]") {
  Interpreter a, b;
  std::string error;
  REQUIRE(run_string(a, "x = 1", "=a", &error));
  REQUIRE(run_string(b, "x = 2", "=b", &error));
  REQUIRE(run_string(a, "assert(x == 1) x = x + 10", "=a", &error));
  REQUIRE(run_string(b, "assert(x == 2)", "=b", &error));
  a.collect_garbage(a.main_thread());
  b.collect_garbage(b.main_thread());
  CHECK(get_global(a, "x").i == 11);
  CHECK(get_global(b, "x").i == 2);
}

TEST_CASE("scalars travel bit for bit", "[marshal]") {
  Interpreter a, b;
  ThreadState& L = a.main_thread();
  std::vector<Value> values = {Value::nil(),
                               Value::boolean(true),
                               Value::boolean(false),
                               Value::integer(0),
                               Value::integer(-1),
                               Value::integer(std::numeric_limits<int64_t>::max()),
                               Value::integer(std::numeric_limits<int64_t>::min()),
                               Value::number(0.0),
                               Value::number(-0.0),
                               Value::number(std::numeric_limits<double>::infinity()),
                               Value::number(-std::numeric_limits<double>::infinity()),
                               Value::number(std::numeric_limits<double>::denorm_min()),
                               Value::number(1.0),
                               Value::string(a.new_string("")),
                               Value::string(a.new_string(std::string("a\0b\0", 4))),
                               Value::string(a.new_string(std::string(100000, '\xff')))};
  for (uint64_t nan_bits : {0x7ff8000000000000ull, 0xfff8000000000001ull, 0x7ff0000000000001ull,
                            0x7fffffffffffffffull}) {
    double d;
    std::memcpy(&d, &nan_bits, sizeof d);
    values.push_back(Value::number(d));
  }
  std::string all_bytes;
  for (int c = 0; c < 256; c++) all_bytes += char(c);
  values.push_back(Value::string(a.new_string(all_bytes)));
  Value* base = L.top;
  for (const Value& v : values) L.push(v);

  Value* out = transfer(a, base, int(values.size()), b);
  SameShape shape(a, b);
  for (size_t i = 0; i < values.size(); i++) {
    INFO("value " << i);
    check_same(shape, values[i], out[i]);
  }
  CHECK(out[1].tag == Tag::True);
  CHECK(out[3].tag == Tag::Int);
  CHECK(out[12].tag == Tag::Float);  // 1.0 stays a float
  CHECK(std::signbit(out[8].n));
  b.main_thread().top = out;
  L.top = base;
}

TEST_CASE("small integers take few bytes; a message says how many values it holds", "[marshal]") {
  Interpreter a;
  ThreadState& L = a.main_thread();
  Value v[3] = {Value::integer(5), Value::integer(-3), Value::nil()};
  // "\x1bGM", version, count, then tag + one-byte zigzag varints, and nil.
  CHECK(marshal::encode(L, v, 3) == std::string("\x1bGM\x01\x03\x03\x0a\x03\x05\x00", 10));
  CHECK(marshal::encode(L, v, 0) == std::string("\x1bGM\x01\x00", 5));
}

TEST_CASE("nested tables keep their sharing and cycles", "[marshal]") {
  Interpreter a, b;
  int n = 0;
  Value* v = eval(a, R"(
    local shared = {1, 2, 3}
    local t = {a = shared, b = shared, list = {shared, shared}, [true] = 'yes', [2.5] = 'f',
               [-7] = 'neg', holes = {1, nil, 3, nil, 5}, empty = {}}
    t.self = t
    t.nested = {up = t, deeper = {up = t}}
    t[shared] = 'a table key'
    local ring1, ring2 = {}, {}
    ring1.next, ring2.next = ring2, ring1
    t.ring = ring1
    return t, shared
  )",
                  &n);
  REQUIRE(n == 2);
  Value* out = transfer(a, v, 2, b);
  SameShape shape(a, b);
  // The second value pairs `shared` first, so that the table key can be found.
  check_same(shape, v[1], out[1]);
  check_same(shape, v[0], out[0]);

  set_global(b, "t", out[0]);
  set_global(b, "shared", out[1]);
  CHECK(show(b, "t.a == t.b, t.list[1] == t.a, t.a == shared, t.self == t") ==
        "true\ttrue\ttrue\ttrue");
  CHECK(show(b, "t.nested.up == t, t.nested.deeper.up == t, t.ring.next.next == t.ring") ==
        "true\ttrue\ttrue");
  CHECK(show(b, "t[shared], t[true], t[2.5], t[-7], #t.a, t.holes[5], t.holes[2]") ==
        "a table key\tyes\tf\tneg\t3\t5\tnil");
  b.main_thread().top = out;
  a.main_thread().top = v;
}

TEST_CASE("random values round-trip between interpreters", "[marshal]") {
  Interpreter a, b;
  ThreadState& La = a.main_thread();
  ThreadState& Lb = b.main_thread();
  for (uint64_t seed = 1; seed <= 300; seed++) {
    RandomValues random(a, seed);
    Value* base = La.top;
    La.push(random.root(1 + int(seed % 7)));
    Value* out = transfer(a, base, 1, b);
    INFO("seed " << seed);
    SameShape shape(a, b);
    pair_pools(shape, random, base[0], out[0]);
    check_same(shape, base[0], out[0]);
    // And back again: a copy of the copy has the original's shape too.
    Value* again = transfer(b, out, 1, a);
    SameShape back(a, a);
    pair_pools(back, random, base[0], again[0]);
    check_same(back, base[0], again[0]);
    La.top = base;
    Lb.top = out;
    if (seed % 50 == 0) {
      a.collect_garbage(La);
      b.collect_garbage(Lb);
    }
  }
}

TEST_CASE("repeated strings and tables travel once", "[marshal]") {
  Interpreter a;
  int n = 0;
  Value* v = eval(a, R"(
    local s = string.rep('x', 1000)
    local t = {}
    for i = 1, 100 do t[i] = s end
    return t
  )",
                  &n);
  std::string message = marshal::encode(a.main_thread(), v, 1);
  CHECK(message.size() < 1000 + 100 * 3 + 32);
  a.main_thread().top = v;
}

// ---------------------------------------------------------------------------
// Functions

TEST_CASE("closures travel with their upvalues copied by value", "[marshal]") {
  Interpreter a, b;
  int n = 0;
  Value* v = eval(a, R"(
    local k, name, cfg = 10, 'scale', {factor = 3, offsets = {1, 2}}
    local function helper(x) return x * cfg.factor end
    local function f(x) return helper(x) + k + cfg.offsets[2], name end
    return f
  )",
                  &n);
  Value* out = transfer(a, v, 1, b);
  set_global(b, "f", out[0]);
  CHECK(show(b, "f(5)") == "27\tscale");
  b.main_thread().top = out;
  a.main_thread().top = v;
}

TEST_CASE("closures sharing an upvalue share it in the receiver", "[marshal]") {
  Interpreter a, b;
  int n = 0;
  Value* v = eval(a, R"(
    local count = 0
    local function inc() count = count + 1 return count end
    local function get() return count end
    return inc, get, {inc = inc}
  )",
                  &n);
  REQUIRE(n == 3);
  Value* out = transfer(a, v, 3, b);
  set_global(b, "inc", out[0]);
  set_global(b, "get", out[1]);
  set_global(b, "t", out[2]);
  CHECK(show(b, "inc(), inc(), get()") == "1\t2\t2");
  CHECK(show(b, "t.inc == inc, t.inc(), get()") == "true\t3\t3");
  // The sender's count is untouched.
  set_global(a, "get", v[1]);
  CHECK(show(a, "get()") == "0");
  b.main_thread().top = out;
  a.main_thread().top = v;
}

TEST_CASE("recursive and nested closures travel", "[marshal]") {
  Interpreter a, b;
  int n = 0;
  Value* v = eval(a, R"(
    local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
    local function adder(x) return function(y) return x + y end end
    local add5 = adder(5)
    local function compose(f, g) return function(...) return f(g(...)) end end
    local both = compose(add5, fact)
    local t = {}
    t.me = function() return t end
    return fact, add5, both, adder, t
  )",
                  &n);
  REQUIRE(n == 5);
  Value* out = transfer(a, v, 5, b);
  set_global(b, "fact", out[0]);
  set_global(b, "add5", out[1]);
  set_global(b, "both", out[2]);
  set_global(b, "adder", out[3]);
  set_global(b, "t", out[4]);
  CHECK(show(b, "fact(10), add5(1), both(4), adder(2)(3)") == "3628800\t6\t29\t5");
  CHECK(show(b, "t.me() == t") == "true");
  b.main_thread().top = out;
  a.main_thread().top = v;
}

TEST_CASE("copies of one prototype travel as one chunk", "[marshal]") {
  Interpreter a, b;
  int n = 0;
  Value* v = eval(a, R"(
    local fs = {}
    for i = 1, 50 do fs[i] = function() return i end end
    return fs
  )",
                  &n);
  std::string one_message;
  {
    Value* first = eval(a, "return function() return 1 end");
    one_message = marshal::encode(a.main_thread(), first, 1);
    a.main_thread().top = first;
  }
  std::string message = marshal::encode(a.main_thread(), v, 1);
  CHECK(message.size() < one_message.size() + 50 * 8);
  Value* out = transfer(a, v, 1, b);
  set_global(b, "fs", out[0]);
  CHECK(show(b, "fs[1](), fs[50](), fs[1] ~= fs[2]") == "1\t50\ttrue");
  b.main_thread().top = out;
  a.main_thread().top = v;
}

TEST_CASE("_ENV binds to the receiver's globals", "[marshal]") {
  Interpreter a, b;
  run(a, "x = 'sender' y = 1");
  run(b, "x = 'receiver'");
  int n = 0;
  Value* v = eval(a, R"(
    local function read() return x end
    local function write() y = 'written' end
    local env = {x = 'own env'}
    local function custom()
      local _ENV = env
      return x
    end
    return read, write, custom, _G
  )",
                  &n);
  REQUIRE(n == 4);
  Value* out = transfer(a, v, 4, b);
  set_global(b, "read", out[0]);
  set_global(b, "write", out[1]);
  set_global(b, "custom", out[2]);
  CHECK(show(b, "read()") == "receiver");
  CHECK(show(b, "write()") == "");
  CHECK(show(b, "y") == "written");
  CHECK(show(a, "y") == "1");
  CHECK(show(b, "custom()") == "own env");
  CHECK(out[3].as_table() == b.globals);
  b.main_thread().top = out;
  a.main_thread().top = v;
}

TEST_CASE("standard-library functions travel by name", "[marshal]") {
  Interpreter a, b;
  int n = 0;
  Value* v = eval(a, R"(
    local sqrt, fmt = math.sqrt, string.format
    local function norm(x, y) return fmt('%.1f', sqrt(x * x + y * y)) end
    return math.sqrt, print, string.format, norm, {insert = table.insert}, sync.lock
  )",
                  &n);
  REQUIRE(n == 6);
  std::string message = marshal::encode(a.main_thread(), v, 3);
  CHECK_THAT(message, Contains("math.sqrt"));
  CHECK_THAT(message, Contains("print"));
  CHECK_THAT(message, Contains("string.format"));
  Value* out = transfer(a, v, 6, b);
  set_global(b, "f1", out[0]);
  set_global(b, "f2", out[1]);
  set_global(b, "f3", out[2]);
  set_global(b, "norm", out[3]);
  set_global(b, "t", out[4]);
  set_global(b, "f6", out[5]);
  CHECK(show(b, "f1 == math.sqrt, f2 == print, f3 == string.format, f6 == sync.lock") ==
        "true\ttrue\ttrue\ttrue");
  CHECK(show(b, "norm(3, 4), t.insert == table.insert") == "5.0\ttrue");
  b.main_thread().top = out;
  a.main_thread().top = v;
}

TEST_CASE("standard names resolve through the index the receiver builds on first use",
          "[marshal]") {
  Interpreter a, b;
  Value* v = eval(a, "return math.floor");
  run(b, "original = math.floor math.floor = nil");
  // The index was not built yet in b; it is built from the tables as they are
  // now, so math.floor is unknown there.
  std::string message = marshal::encode(a.main_thread(), v, 1);
  int n = 0;
  std::string error;
  CHECK(try_decode(b, message, &n, &error) == nullptr);
  CHECK(error == "malformed message: no standard function 'math.floor' in this interpreter");
  // Once built, the index keeps what it found.
  Interpreter c;
  Value* sqrt = eval(a, "return math.sqrt");
  std::string sqrt_message = marshal::encode(a.main_thread(), sqrt, 1);
  Value* first = try_decode(c, sqrt_message, &n, &error);
  REQUIRE(first != nullptr);
  c.main_thread().top = first;
  run(c, "original = math.sqrt math.sqrt = function() end");
  Value* again = try_decode(c, sqrt_message, &n, &error);
  REQUIRE(again != nullptr);
  set_global(c, "f", again[0]);
  CHECK(show(c, "f == original, f(16)") == "true\t4.0");
  c.main_thread().top = again;
  a.main_thread().top = v;
}

TEST_CASE("standard natives that keep state in upvalues travel by name too", "[marshal]") {
  // type, pairs, math.random, require are closures over per-interpreter
  // state; the receiver's own closure of the name arrives.
  Interpreter a, b;
  int n = 0;
  Value* v = eval(a, R"(
    local type, pairs, random = type, pairs, math.random
    local function count(t) local k = 0 for _ in pairs(t) do k = k + 1 end return type(t), k end
    return type, pairs, random, require, count
  )",
                  &n);
  REQUIRE(n == 5);
  Value* out = transfer(a, v, 5, b);
  set_global(b, "f1", out[0]);
  set_global(b, "f2", out[1]);
  set_global(b, "f3", out[2]);
  set_global(b, "f4", out[3]);
  set_global(b, "count", out[4]);
  CHECK(show(b, "f1 == type, f2 == pairs, f3 == math.random, f4 == require") ==
        "true\ttrue\ttrue\ttrue");
  CHECK(show(b, "count({1, 2, x = 3})") == "table\t3");
  b.main_thread().top = out;
  a.main_thread().top = v;
  // Another closure of the same native is not the module's function.
  Interpreter c;
  c.set_function(c.globals, "send", send_native);
  CHECK(error_of(c, "send(coroutine.wrap(function() end))") ==
        "test:1: cannot send a native function that is not in the standard library (argument 1)");
}

TEST_CASE("coroutines are refused as coroutines", "[marshal]") {
  Interpreter a;
  a.set_function(a.globals, "send", send_native);
  CHECK(error_of(a, "send(coroutine.create(print))") ==
        "test:1: cannot send a coroutine (argument 1)");
  CHECK(error_of(a, "local co = coroutine.create(print) send(1, function() return co end)") ==
        "test:1: cannot send a coroutine (upvalue 'co' of argument 2)");
  CHECK(error_of(a, "send({jobs = {coroutine.running()}})") ==
        "test:1: cannot send a coroutine (index 1 of field 'jobs' of argument 1)");
}

TEST_CASE("an error made without an interpreter decodes as encode_error's", "[marshal]") {
  Interpreter b;
  std::string message = marshal::encode_error_text("worker process died (signal 9)", "");
  int n = 0;
  std::string error;
  Value* out = try_decode(b, message, &n, &error);
  INFO(error);
  REQUIRE(out != nullptr);
  REQUIRE(n == 2);
  CHECK(out[0].as_string()->view() == "worker process died (signal 9)");
  CHECK(out[1].as_string()->view() == "");
  b.main_thread().top = out;
  // Long texts need multi-byte lengths.
  const std::string long_text(300, 'x');
  out = try_decode(b, marshal::encode_error_text(long_text, "tb"), &n, &error);
  REQUIRE(out != nullptr);
  CHECK(out[0].as_string()->view() == long_text);
  b.main_thread().top = out;
}

TEST_CASE("errors in a received function cite the sender's source lines", "[marshal]") {
  Interpreter a, b;
  Value* v = eval(a,
                  "local t = {}\n"
                  "return function(x)\n"
                  "  if x then error('boom') end\n"
                  "  return t.missing.field\n"
                  "end\n");
  Value* out = transfer(a, v, 1, b);
  ThreadState& L = b.main_thread();
  std::string error;
  L.push(out[0]);
  L.push(Value::boolean(true));
  CHECK_FALSE(call_with_traceback(L, 1, 0, &error));
  CHECK_THAT(error, StartsWith("test:3: boom\nstack traceback:"));
  CHECK_THAT(error, Contains("test:3: in function"));
  L.push(out[0]);
  CHECK_FALSE(call_with_traceback(L, 0, 0, &error));
  CHECK_THAT(error, StartsWith("test:4: attempt to index a nil value (field 'missing')"));
  L.top = out;
  a.main_thread().top = v;
}

// ---------------------------------------------------------------------------
// What cannot be sent

TEST_CASE("values that cannot travel are refused with what and where", "[marshal]") {
  Interpreter a;
  a.set_function(a.globals, "send", send_native);
  CHECK(error_of(a, "send(1, {cfg = {lock = sync.lock()}})") ==
        "test:1: cannot send a sync.lock (field 'lock' of field 'cfg' of argument 2)");
  CHECK(error_of(a, "local q = sync.queue() send(function() return q end)") ==
        "test:1: cannot send a sync.queue (upvalue 'q' of argument 1)");
  CHECK(error_of(a,
                 "local e = sync.event()\n"
                 "local function inner() return e end\n"
                 "send(nil, function() return inner end)") ==
        "test:3: cannot send a sync.event (upvalue 'e' of upvalue 'inner' of argument 2)");
  CHECK(error_of(a, "send(thread.current())") == "test:1: cannot send a thread (argument 1)");
  CHECK(error_of(a, "send({1, 2, sync.lock()})") ==
        "test:1: cannot send a sync.lock (index 3 of argument 1)");
  CHECK(error_of(a, "send({[sync.lock()] = 1})") ==
        "test:1: cannot send a sync.lock (a key of argument 1)");
  CHECK(error_of(a, "send({[{sync.lock()}] = 1})") ==
        "test:1: cannot send a sync.lock (index 1 of a key of argument 1)");
  CHECK(error_of(a, "send({[true] = sync.lock()})") ==
        "test:1: cannot send a sync.lock (value at a boolean key of argument 1)");
  CHECK(error_of(a, "send({[2.5] = sync.lock()})") ==
        "test:1: cannot send a sync.lock (index 2.5 of argument 1)");
  CHECK(error_of(a, "send({['a\\0b'] = sync.lock()})") ==
        "test:1: cannot send a sync.lock (field 'a?b' of argument 1)");
  CHECK(error_of(a, "send(setmetatable({}, {}))") ==
        "test:1: cannot send a table with a metatable (argument 1)");
  CHECK(error_of(a, "send(string.gmatch('a', 'a'))") ==
        "test:1: cannot send a native function that is not in the standard library (argument 1)");
  CHECK(error_of(a, "local f = string.gmatch('a', 'a') send({f = f})") ==
        "test:1: cannot send a native function that is not in the standard library "
        "(field 'f' of argument 1)");
}

TEST_CASE("userdata without a name, light userdata and unknown natives are refused", "[marshal]") {
  Interpreter a;
  ThreadState& L = a.main_thread();
  auto refusal = [&](Value v) {
    Value* base = L.top;
    L.push(Value::native(send_native));
    L.push(Value::integer(1));
    L.push(v);
    bool ok = L.pcall(base, 1);
    std::string message = ok ? "no error" : std::string(L.to_display_string(*base)->view());
    L.top = base;
    return message;
  };
  CHECK(refusal(Value::userdata(a.new_userdata(8))) == "cannot send a userdata (argument 2)");
  int x = 0;
  CHECK(refusal(Value::light_userdata(&x)) == "cannot send a light userdata (argument 2)");
  NClosure* own = a.new_nclosure(send_native, "own", 0);
  CHECK(refusal(Value::nclosure(own)) ==
        "cannot send a native function that is not in the standard library (argument 2)");
  CHECK(refusal(Value::native(decode_native)) ==
        "cannot send a native function that is not in the standard library (argument 2)");

  // Without debug information an upvalue is known by its number.
  Value* f = eval(a, "local q = sync.queue() return function() return q end");
  LClosure* with_names = f[0].as_lclosure();
  std::string error;
  Proto* stripped = load_binary_chunk(a, dump_proto(with_names->proto, true), "=s", &error);
  REQUIRE(stripped != nullptr);
  LClosure* without_names = a.new_lclosure(stripped);
  without_names->upvals[0] = with_names->upvals[0];
  CHECK(refusal(Value::lclosure(without_names)) ==
        "cannot send a sync.queue (upvalue #1 of argument 2)");
  L.top = f;

  // Results are named as such.
  Value* base = L.top;
  L.push(Value::integer(1));
  L.push(Value::userdata(a.new_userdata(8)));
  try {
    marshal::encode(L, base, 2, "result");
    FAIL("no error");
  } catch (const LuaError&) {
    CHECK(L.error_value.as_string()->view() == "cannot send a userdata (result 2)");
  }
  L.top = base;
}

TEST_CASE("nesting deeper than the limit is refused on both sides", "[marshal]") {
  Interpreter a, b;
  a.set_function(a.globals, "send", send_native);
  CHECK(error_of(a, "local t = {} for i = 1, 199 do t = {next = t} end send(t)") == "no error");
  CHECK(error_of(a, "local t = {} for i = 1, 200 do t = {next = t} end send(t)") ==
        "test:1: cannot send a value nested more than 200 levels deep (field 'next' of field "
        "'next' of field 'next' of field 'next' of ... of field 'next' of field 'next' of field "
        "'next' of argument 1)");
  CHECK(error_of(a,
                 "local f = function() end for i = 1, 200 do local g = f f = function() "
                 "return g end end send(f)") ==
        "test:1: cannot send a value nested more than 200 levels deep (upvalue 'g' of upvalue "
        "'g' of upvalue 'g' of upvalue 'g' of ... of upvalue 'g' of upvalue 'g' of upvalue 'g' "
        "of argument 1)");
  // A forged message nested 1000 deep: 1000 tables of one array entry each.
  std::string forged("\x1bGM\x01\x01", 5);
  for (int i = 0; i < 1000; i++) forged += std::string("\x06\x01\x00", 3);
  forged += '\0';
  int n = 0;
  std::string error;
  CHECK(try_decode(b, forged, &n, &error) == nullptr);
  CHECK(error == "malformed message: nested more than 200 levels deep");
}

// ---------------------------------------------------------------------------
// Errors from workers

TEST_CASE("error values and tracebacks travel", "[marshal]") {
  Interpreter a, b;
  ThreadState& L = a.main_thread();
  Value* base = L.top;
  auto round_trip = [&](const Value& error) {
    std::string message = marshal::encode_error(L, error, "stack traceback:\n\t[C]: in ?");
    int n = 0;
    std::string failure;
    Value* out = try_decode(b, message, &n, &failure);
    INFO(failure);
    REQUIRE(out != nullptr);
    REQUIRE(n == 2);
    CHECK(out[1].as_string()->view() == "stack traceback:\n\t[C]: in ?");
    return out;
  };

  Value* out = round_trip(Value::string(a.new_string("worker.lua:3: boom")));
  CHECK(out[0].as_string()->view() == "worker.lua:3: boom");
  b.main_thread().top = out;

  Value* t = eval(a, "return {code = 42, msg = 'bad input', where = {line = 7}}");
  out = round_trip(t[0]);
  SameShape shape(a, b);
  check_same(shape, t[0], out[0]);
  b.main_thread().top = out;

  Value* lock = eval(a, "return {lock = sync.lock()}");
  out = round_trip(lock[0]);
  CHECK(out[0].as_string()->view() == "cannot send a sync.lock (field 'lock' of the error value)");
  b.main_thread().top = out;
  L.top = base;
}

// ---------------------------------------------------------------------------
// Malformed messages

TEST_CASE("malformed messages are refused with a reason", "[marshal]") {
  Interpreter a, b;
  auto refusal = [&](const std::string& message) {
    int n = 0;
    std::string error;
    Value* out = try_decode(b, message, &n, &error);
    if (out) {
      b.main_thread().top = out;
      return std::string("decoded");
    }
    return error;
  };
  using namespace std::string_literals;
  const std::string h = "\x1bGM\x01"s;
  CHECK(refusal("") == "malformed message: not a gilvm message (bad signature)");
  CHECK(refusal("\x1bLua") == "malformed message: not a gilvm message (bad signature)");
  CHECK(refusal("\x1bGM\x02\x00"s) ==
        "malformed message: format version 2, this interpreter reads version 1");
  CHECK(refusal(h) == "malformed message: truncated at byte 4");
  CHECK(refusal(h + "\x00"s) == "decoded");
  CHECK(refusal(h + "\x01"s) ==
        "malformed message: value count 1 at byte 4 is more than the "
        "message holds");
  CHECK(refusal(h + "\x01\x00\x00"s) ==
        "malformed message: unexpected bytes after the last value (from byte 6)");
  CHECK(refusal(h + "\x01\x0b"s) == "malformed message: unknown value tag 11 at byte 5");
  CHECK(refusal(h + "\x01\x03\x80"s) == "malformed message: truncated at byte 7");
  CHECK(refusal(h + "\x01\x03\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02"s) ==
        "malformed message: number too large at byte 15");
  CHECK(refusal(h + "\x01\x04\x00\x00"s) == "malformed message: truncated at byte 6");
  CHECK(refusal(h + "\x01\x05\x05"
                    "abc"s) == "malformed message: string of 5 bytes at byte 5 is truncated");
  CHECK(refusal(h + "\x01\x0a\x00"s) ==
        "malformed message: reference to object 0 at byte 5, only 0 seen");
  CHECK(refusal(h + "\x01\x06\x00\x01\x00\x01"s) ==
        "malformed message: table key at byte 8 is nil");
  CHECK(refusal(h + "\x01\x06\x00\x01\x04\x00\x00\x00\x00\x00\x00\xf8\x7f\x01"s) ==
        "malformed message: table key at byte 8 is NaN");
  CHECK(refusal(h + "\x01\x06\x05\x00\x01\x01"s) ==
        "malformed message: array count 5 at byte 6 is more than the message holds");
  CHECK(refusal(h + "\x01\x06\x00\x02\x01\x01\x01"s) ==
        "malformed message: pair count 2 at byte 7 is more than the message holds");
  // Counts are checked against the bytes their enclosing tables have not
  // already promised: the inner table cannot claim the outer one's bytes.
  CHECK(refusal(h + "\x01\x06\x03\x00\x06\x02\x00\x00\x00"s) ==
        "malformed message: array count 2 at byte 9 is more than the message holds");
  CHECK(refusal(h + "\x01\x08\x04nope"s) ==
        "malformed message: no standard function 'nope' in this interpreter");
  CHECK(refusal(h + "\x01\x07\x01\x00"s) ==
        "malformed message: reference to prototype 0 at byte 5, only 0 seen");
  CHECK_THAT(refusal(h + "\x01\x07\x00\x04\x1bLua\x00"s),
             StartsWith("malformed message: function at byte 5: bad binary chunk: "));

  // A real function, then with its upvalue count or kind changed.
  Value* f = eval(a, "local x = 1 return function() return x end");
  std::string good = marshal::encode(a.main_thread(), f, 1);
  a.main_thread().top = f;
  CHECK(refusal(good) == "decoded");
  REQUIRE(good.substr(good.size() - 4) == "\x01\x00\x03\x02"s);  // 1 upvalue: new, integer 1
  std::string wrong_count = good;
  wrong_count[good.size() - 4] = '\x00';
  CHECK(refusal(wrong_count.substr(0, good.size() - 3)) ==
        "malformed message: function at byte 5 has 0 upvalues, its prototype 1");
  std::string wrong_kind = good;
  wrong_kind[good.size() - 3] = '\x02';
  CHECK(refusal(wrong_kind) ==
        "malformed message: unknown upvalue kind 2 at byte " + std::to_string(good.size() - 3));
  std::string bad_share = good;
  bad_share[good.size() - 3] = '\x01';
  CHECK(refusal(bad_share) == "malformed message: reference to upvalue 3 at byte " +
                                  std::to_string(good.size() - 2) + ", only 0 seen");
}

TEST_CASE("a message of more values than the stack holds is refused", "[marshal]") {
  Interpreter b;
  std::string message("\x1bGM\x01", 4);
  // 1,000,001 values: a varint count, then as many nils.
  uint64_t n = 1000001;
  while (n >= 0x80) {
    message += char(0x80 | (n & 0x7f));
    n >>= 7;
  }
  message += char(n);
  message.append(1000001, '\0');
  int count = 0;
  std::string error;
  CHECK(try_decode(b, message, &count, &error) == nullptr);
  CHECK_THAT(error, Contains("stack overflow"));
}

// ---------------------------------------------------------------------------
// Fuzzing the decoder

namespace {

// Valid messages of every kind of value, for mutating.
std::vector<std::string> fuzz_corpus(Interpreter& a) {
  std::vector<std::string> corpus;
  ThreadState& L = a.main_thread();
  const char* const programs[] = {
      "return 1, -2, 3.5, 'str', true, false, nil",
      "local t = {1, 2, {3, 4}, x = 'y', [2.5] = {}} t.self = t return t, t",
      "local count = 0\n"
      "local function inc(by) count = count + (by or 1) return count end\n"
      "local function get() return count end\n"
      "return inc, get, {inc = inc, sqrt = math.sqrt}",
      "local cfg = {n = 3, names = {'a', 'b'}}\n"
      "return function(x) for i = 1, cfg.n do x = x .. cfg.names[i % 2 + 1] end return x end",
      "return print, string.format, table.concat, _G",
  };
  for (const char* program : programs) {
    int n = 0;
    Value* v = eval(a, program, &n);
    corpus.push_back(marshal::encode(L, v, n));
    L.top = v;
  }
  for (uint64_t seed = 1000; seed < 1010; seed++) {
    RandomValues random(a, seed);
    Value* base = L.top;
    L.push(random.root(3));
    corpus.push_back(marshal::encode(L, base, 1));
    L.top = base;
  }
  return corpus;
}

void append_varint(std::string& s, uint64_t x) {
  while (x >= 0x80) {
    s += char(0x80 | (x & 0x7f));
    x >>= 7;
  }
  s += char(x);
}

}  // namespace

TEST_CASE("mutated messages decode or are refused cleanly", "[fuzz]") {
  Interpreter a, b;
  std::vector<std::string> corpus = fuzz_corpus(a);
  std::mt19937_64 rng(20250601);  // fixed: every run tries the same mutants
  auto pick = [&](size_t n) { return size_t(rng() % n); };
  int decoded = 0, refused = 0;
  ThreadState& Lb = b.main_thread();

  auto attempt = [&](const std::string& message) {
    int n = 0;
    std::string error;
    Value* out = try_decode(b, message, &n, &error);
    if (out) {
      decoded++;
      // What was decoded can be sent again.
      std::string again = marshal::encode(Lb, out, n);
      CHECK_FALSE(again.empty());
      Lb.top = out;
    } else {
      refused++;
      if (error.rfind("malformed message: ", 0) != 0) FAIL("unexpected error: " << error);
    }
    if ((decoded + refused) % 2000 == 0) b.collect_garbage(Lb);
  };

  for (const std::string& original : corpus) {
    attempt(original);
    for (size_t length = 0; length < original.size(); length += 1 + original.size() / 300)
      attempt(original.substr(0, length));
    for (int i = 0; i < 3000; i++) {
      std::string m = original;
      switch (i % 6) {
        case 0:  // bit flips
          for (size_t k = 1 + pick(3); k > 0; k--) m[pick(m.size())] ^= char(1 << pick(8));
          break;
        case 1:  // bytes that mean something: tags, varint edges
          m[4 + pick(m.size() - 4)] = "\x00\x01\x05\x06\x07\x08\x09\x0a\x0b\x7f\x80\xff"[pick(12)];
          break;
        case 2: {  // a length or count overwritten with a large or boundary number
          std::string number;
          static const uint64_t numbers[] = {0,   1,     2,        127,        128,
                                             255, 65535, 1u << 30, 1ull << 32, ~0ull};
          append_varint(number, numbers[pick(std::size(numbers))] + pick(3));
          size_t at = 4 + pick(m.size() - 4);
          m.replace(at, std::min(number.size(), m.size() - at), number);
          break;
        }
        case 3:  // bytes inserted or removed
          if (pick(2))
            m.insert(4 + pick(m.size() - 4), 1 + pick(3), char(rng()));
          else
            m.erase(4 + pick(m.size() - 4), 1 + pick(3));
          break;
        case 4: {  // a stretch of random bytes
          size_t at = 4 + pick(m.size() - 4);
          for (size_t k = at; k < m.size() && k < at + 1 + pick(16); k++) m[k] = char(rng());
          break;
        }
        default: {  // spliced with another message
          const std::string& other = corpus[pick(corpus.size())];
          m = m.substr(0, pick(m.size())) + other.substr(pick(other.size()));
          break;
        }
      }
      attempt(m);
    }
  }
  // Random bytes behind a valid header.
  for (int i = 0; i < 10000; i++) {
    std::string m("\x1bGM\x01", 4);
    for (size_t k = pick(64); k > 0; k--) m += char(pick(4) ? pick(12) : rng());
    attempt(m);
  }
  INFO("decoded " << decoded << ", refused " << refused);
  CHECK(decoded + refused > 50000);
  CHECK(decoded > 100);
  CHECK(refused > 10000);
}

// ---------------------------------------------------------------------------
// Framing

TEST_CASE("frames cut a stream fed in any chunks into messages", "[marshal][frame]") {
  std::string stream, error;
  std::vector<Message> sent = {
      {1, "hello"}, {2, ""}, {255, std::string(100000, 'x')}, {7, std::string("\0\1\2", 3)}};
  for (const Message& m : sent) REQUIRE(append_frame(&stream, m.kind, m.payload, &error));
  CHECK(stream.size() == 4 * kFrameHeaderBytes + 5 + 100000 + 3);
  CHECK(stream.substr(0, 8) == std::string("GV\x01\x01\x05\x00\x00\x00", 8));

  std::mt19937 rng(7);
  for (int trial = 0; trial < 20; trial++) {
    FrameDecoder decoder;
    std::vector<Message> got;
    size_t at = 0;
    while (at < stream.size()) {
      // One byte at a time, or random chunks, or all at once.
      size_t chunk = trial == 0 ? 1 : trial == 1 ? stream.size() : 1 + rng() % 70000;
      chunk = std::min(chunk, stream.size() - at);
      decoder.feed(std::string_view(stream).substr(at, chunk));
      at += chunk;
      Message m;
      FrameDecoder::Status status;
      while ((status = decoder.next(&m)) == FrameDecoder::Status::kMessage) got.push_back(m);
      if (status != FrameDecoder::Status::kNeedMore) FAIL(decoder.error());
    }
    REQUIRE(got.size() == sent.size());
    for (size_t i = 0; i < sent.size(); i++) {
      CHECK(got[i].kind == sent[i].kind);
      CHECK(got[i].payload == sent[i].payload);
    }
    CHECK(decoder.buffered_bytes() == 0);
  }
}

TEST_CASE("bad frame headers are final errors", "[marshal][frame]") {
  using namespace std::string_literals;
  auto status_of = [](const std::string& bytes, size_t limit, std::string* error) {
    FrameDecoder decoder(limit);
    decoder.feed(bytes);
    Message m;
    FrameDecoder::Status s = decoder.next(&m);
    *error = decoder.error();
    // Once malformed, always malformed.
    if (s == FrameDecoder::Status::kMalformed) {
      decoder.feed("GV\x01\x01\x00\x00\x00\x00"s);
      CHECK(decoder.next(&m) == FrameDecoder::Status::kMalformed);
    }
    return s;
  };
  std::string error;
  CHECK(status_of("XV\x01\x01\x00\x00\x00\x00"s, kMaxPayloadBytes, &error) ==
        FrameDecoder::Status::kMalformed);
  CHECK(error == "malformed frame header: bad magic 0x5856 (not a gilvm message stream)");
  CHECK(status_of("GV\x02\x01\x00\x00\x00\x00"s, kMaxPayloadBytes, &error) ==
        FrameDecoder::Status::kMalformed);
  CHECK(error == "malformed frame header: frame version 2, this build reads version 1");
  // The length is refused as soon as the header is in, before its payload.
  CHECK(status_of("GV\x01\x01\x01\x00\x00\x10"s, kMaxPayloadBytes, &error) ==
        FrameDecoder::Status::kMalformed);
  CHECK(error ==
        "malformed frame header: message of 268435457 bytes is over the limit of "
        "268435456");
  CHECK(status_of("GV\x01\x01\xff\xff\xff\xff"s, kMaxPayloadBytes, &error) ==
        FrameDecoder::Status::kMalformed);
  CHECK(status_of("GV\x01\x01\x65\x00\x00\x00"s, 100, &error) == FrameDecoder::Status::kMalformed);
  CHECK(error == "malformed frame header: message of 101 bytes is over the limit of 100");
  CHECK(status_of("GV\x01\x01\x64\x00\x00\x00"s, 100, &error) == FrameDecoder::Status::kNeedMore);
  CHECK(status_of("GV\x01"s, 100, &error) == FrameDecoder::Status::kNeedMore);

  std::string out;
  CHECK_FALSE(append_frame(&out, 1, std::string(kMaxPayloadBytes + 1, 'x'), &error));
  CHECK(error == "message of 268435457 bytes is over the limit of 268435456");
  CHECK(out.empty());
}

TEST_CASE("messages cross a socketpair and a pipe with blocking reads and writes",
          "[marshal][frame]") {
  int sv[2];
  REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
  // Larger than the socket buffer: the writer blocks and writes in parts.
  std::string big(3 << 20, '\0');
  for (size_t i = 0; i < big.size(); i++) big[i] = char(i * 131);
  bool wrote = false;
  std::string write_error;
  std::thread writer([&] {
    wrote = write_message(sv[0], 3, big, &write_error) &&
            write_message(sv[0], 4, "", &write_error) &&
            write_message(sv[0], 5, "tail", &write_error);
    close(sv[0]);
  });
  Message m;
  std::string error;
  CHECK(read_message(sv[1], &m, &error) == ReadStatus::kMessage);
  CHECK(m.kind == 3);
  CHECK(m.payload == big);
  CHECK(read_message(sv[1], &m, &error) == ReadStatus::kMessage);
  CHECK((m.kind == 4 && m.payload.empty()));
  CHECK(read_message(sv[1], &m, &error) == ReadStatus::kMessage);
  CHECK((m.kind == 5 && m.payload == "tail"));
  CHECK(read_message(sv[1], &m, &error) == ReadStatus::kEndOfStream);
  writer.join();
  CHECK(wrote);
  // Writing to a socket whose peer is gone is an error, not a SIGPIPE.
  CHECK_FALSE(write_message(sv[1], 1, "x", &error));
  CHECK_THAT(error, StartsWith("write: "));
  close(sv[1]);

  int p[2];
  REQUIRE(pipe(p) == 0);
  std::string frame;
  REQUIRE(append_frame(&frame, 9, "cut short", &error));
  REQUIRE(write_all(p[1], std::string_view(frame).substr(0, frame.size() - 3), &error));
  close(p[1]);
  CHECK(read_message(p[0], &m, &error) == ReadStatus::kError);
  CHECK(error == "end of stream inside a message of 9 bytes");
  close(p[0]);

  REQUIRE(pipe(p) == 0);
  REQUIRE(write_all(p[1], "GV\x01", &error));
  close(p[1]);
  CHECK(read_message(p[0], &m, &error) == ReadStatus::kError);
  CHECK(error == "end of stream inside a frame header");
  close(p[0]);

  REQUIRE(pipe(p) == 0);
  REQUIRE(write_all(p[1], std::string("GV\x01\x01\x00\x00\x00\x01", 8), &error));
  close(p[1]);
  CHECK(read_message(p[0], &m, &error, 1000) == ReadStatus::kError);
  CHECK(error == "malformed frame header: message of 16777216 bytes is over the limit of 1000");
  close(p[0]);
}
