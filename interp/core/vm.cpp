// vm.cpp — the dispatch loop and the operations behind the instructions.
//
// execute() runs Lua 5.4 bytecode. A call from Lua to Lua does not recurse
// in C++: the callee's frame is pushed and the loop continues with it
// ("startfunc"); a return pops back to the caller ("returning"). Only a
// native function that calls back into Lua (pcall, sort comparators,
// metamethods) re-enters execute(), which is what ThreadState::native_depth
// limits.
//
// Invariants of the loop:
//  - `base` is the frame's first register; the value stack never moves, so
//    base and register pointers stay valid across calls.
//  - Before anything that can raise an error or call a metamethod, the frame's
//    pc is saved (error messages and tracebacks read it) and L.top is set to
//    the frame's top, so a metamethod's frame starts above every register.
//  - The eval breaker is polled only at calls and backward jumps.
//  - The loop exists twice, without and with debug hooks (run<false>,
//    run<true>); L.hooked is read only on entering a function, on returning
//    to one and after a native call, where a frame's pc is saved anyway.
//  - A register may be a local that a closure captured, and in the
//    free-threaded build a closure on another thread may read or write it
//    through its open upvalue at any moment. So handlers read a register
//    once, in one piece (load_value), and look at the copy; they write one
//    in one piece (store_value, copy_value): no thread ever sees the tag of
//    one value with the payload of another. (Under a GIL, where nobody
//    writes a register meanwhile, the "copy" is the register itself.) The
//    handlers that move values with plain C++ (calls and returns, the for
//    loops, SETLIST, CONCAT) use registers that the verifier proved no
//    closure holds (chunk.cpp).
#include <cmath>
#include <cstring>
#include <string>

#include "interp/core/assert.h"
#include "interp/core/number.h"
#include "interp/core/opcodes.h"
#include "interp/core/table.h"
#include "interp/core/vm.h"

namespace gilvm {

namespace {

// --- arithmetic ------------------------------------------------------------

inline bool as_float(const Value& v, double* out) {
  if (v.tag == Tag::Float) {
    *out = v.n;
    return true;
  }
  if (v.tag == Tag::Int) {
    *out = double(v.i);
    return true;
  }
  return false;
}

// Integer view for bitwise operations: integers, and floats with an exact
// integer value (no string coercion; strings go through metamethods).
inline bool as_int_exact(const Value& v, int64_t* out) {
  if (v.tag == Tag::Int) {
    *out = v.i;
    return true;
  }
  return v.tag == Tag::Float && float_to_integer(v.n, out);
}

struct Add {
  static int64_t on_int(int64_t a, int64_t b) { return int64_t(uint64_t(a) + uint64_t(b)); }
  static double on_float(double a, double b) { return a + b; }
};
struct Sub {
  static int64_t on_int(int64_t a, int64_t b) { return int64_t(uint64_t(a) - uint64_t(b)); }
  static double on_float(double a, double b) { return a - b; }
};
struct Mul {
  static int64_t on_int(int64_t a, int64_t b) { return int64_t(uint64_t(a) * uint64_t(b)); }
  static double on_float(double a, double b) { return a * b; }
};
struct Div {
  static double on_float(double a, double b) { return a / b; }
};
struct Pow {
  static double on_float(double a, double b) { return b == 2 ? a * a : std::pow(a, b); }
};
struct BAnd {
  static int64_t on_int(int64_t a, int64_t b) { return a & b; }
};
struct BOr {
  static int64_t on_int(int64_t a, int64_t b) { return a | b; }
};
struct BXor {
  static int64_t on_int(int64_t a, int64_t b) { return a ^ b; }
};
struct Shl {
  static int64_t on_int(int64_t a, int64_t b) { return shift_left(a, b); }
};
struct Shr {
  static int64_t on_int(int64_t a, int64_t b) {
    return shift_left(a, b == INT64_MIN ? INT64_MAX : -b);
  }
};

// Integer op on two integers, else float op on two numbers, stored in ra.
// False: the following MMBIN instruction handles it. Each operand (a
// register or a constant) is read once, in one piece (see the top of the
// file).
template <class Op>
inline bool arith(Value* ra, const Value* pb, const Value* pc) {
  const Value &b = load_value(pb), &c = load_value(pc);
  if (b.tag == Tag::Int && c.tag == Tag::Int) {
    store_value(ra, Value::integer(Op::on_int(b.i, c.i)));
    return true;
  }
  double x, y;
  if (as_float(b, &x) && as_float(c, &y)) {
    store_value(ra, Value::number(Op::on_float(x, y)));
    return true;
  }
  return false;
}

template <class Op>
inline bool arith_float(Value* ra, const Value* pb, const Value* pc) {
  const Value &b = load_value(pb), &c = load_value(pc);
  double x, y;
  if (as_float(b, &x) && as_float(c, &y)) {
    store_value(ra, Value::number(Op::on_float(x, y)));
    return true;
  }
  return false;
}

template <class Op>
inline bool bitwise(Value* ra, const Value* pb, const Value* pc) {
  const Value &b = load_value(pb), &c = load_value(pc);
  int64_t x, y;
  if (as_int_exact(b, &x) && as_int_exact(c, &y)) {
    store_value(ra, Value::integer(Op::on_int(x, y)));
    return true;
  }
  return false;
}

// --- comparisons -------------------------------------------------------------

// Exact comparisons between an integer and a float (no rounding of the
// integer): i < f  <=>  i < ceil(f), and so on.
inline bool lt_int_float(int64_t i, double f) {
  if (std::isnan(f)) return false;
  if (f >= 9223372036854775808.0) return true;
  if (f < -9223372036854775808.0) return false;
  return i < int64_t(std::ceil(f));
}
inline bool le_int_float(int64_t i, double f) {
  if (std::isnan(f)) return false;
  if (f >= 9223372036854775808.0) return true;
  if (f < -9223372036854775808.0) return false;
  return i <= int64_t(std::floor(f));
}
inline bool lt_float_int(double f, int64_t i) {
  if (std::isnan(f)) return false;
  if (f >= 9223372036854775808.0) return false;
  if (f < -9223372036854775808.0) return true;
  return int64_t(std::floor(f)) < i;
}
inline bool le_float_int(double f, int64_t i) {
  if (std::isnan(f)) return false;
  if (f >= 9223372036854775808.0) return false;
  if (f < -9223372036854775808.0) return true;
  return int64_t(std::ceil(f)) <= i;
}

inline bool numbers_less(const Value& a, const Value& b) {
  if (a.tag == Tag::Int) return b.tag == Tag::Int ? a.i < b.i : lt_int_float(a.i, b.n);
  return b.tag == Tag::Float ? a.n < b.n : lt_float_int(a.n, b.i);
}
inline bool numbers_less_equal(const Value& a, const Value& b) {
  if (a.tag == Tag::Int) return b.tag == Tag::Int ? a.i <= b.i : le_int_float(a.i, b.n);
  return b.tag == Tag::Float ? a.n <= b.n : le_float_int(a.n, b.i);
}

// Byte-wise string order (the C locale's strcoll), embedded zeros included.
inline int compare_strings(const String* a, const String* b) {
  size_t n = std::min(a->length, b->length);
  int c = std::memcmp(a->data, b->data, n);
  if (c != 0) return c;
  return a->length < b->length ? -1 : (a->length > b->length ? 1 : 0);
}

inline bool is_string_or_number(const Value* v) {
  return v->tag == Tag::String || v->tag == Tag::Int || v->tag == Tag::Float;
}

// LTI/LEI/GTI/GEI with a non-number operand: the metamethods see the
// immediate as an integer, or as a float when C says it was written as one.
bool compare_with_immediate(ThreadState& L, const Value* ra, Instruction i, OpCode op) {
  int imm = arg_sB(i);
  Value other = arg_C(i) ? Value::number(imm) : Value::integer(imm);
  switch (op) {
    case OP_LTI: return VM::less_than(L, ra, &other);
    case OP_LEI: return VM::less_equal(L, ra, &other);
    case OP_GTI: return VM::less_than(L, &other, ra);
    default: return VM::less_equal(L, &other, ra);
  }
}

// A store into a table that has no __newindex needs no metamethod lookup.
inline bool stores_raw(Interpreter& I, Table* t) {
  return !fast_metamethod(I, table_metatable(t), TM::NewIndex);
}

// --- numeric for ---------------------------------------------------------------

// Clips the loop limit to an integer; true when the loop must not run.
bool for_limit(ThreadState& L, int64_t init, const Value* limit, int64_t step, int64_t* out) {
  if (limit->tag == Tag::Int) {
    *out = limit->i;
  } else {
    double f;
    Value converted;
    const Value* lv = limit;
    if (lv->tag == Tag::String) {
      auto n = string_to_number(lv->as_string()->view());
      if (!n) for_error(L, limit, "limit");
      converted = *n;
      lv = &converted;
    }
    if (lv->tag == Tag::Int) {
      *out = lv->i;
    } else if (lv->tag == Tag::Float) {
      f = step < 0 ? std::ceil(lv->n) : std::floor(lv->n);
      if (std::isnan(f)) return true;
      if (f >= 9223372036854775808.0) {
        if (step < 0) return true;
        *out = INT64_MAX;
      } else if (f < -9223372036854775808.0) {
        if (step > 0) return true;
        *out = INT64_MIN;
      } else {
        *out = int64_t(f);
      }
    } else {
      for_error(L, limit, "limit");
    }
  }
  return step > 0 ? init > *out : init < *out;
}

// Converts a 'for' initial value or step given as a numeric string.
const Value* for_number(ThreadState& L, const Value* v, Value* scratch, const char* what) {
  if (v->is_number()) return v;
  if (v->tag == Tag::String) {
    if (auto n = string_to_number(v->as_string()->view())) {
      *scratch = *n;
      return scratch;
    }
  }
  for_error(L, v, what);
}

// FORPREP: prepares R[A..A+3]; returns true when the loop must be skipped.
bool for_prepare(ThreadState& L, Value* ra) {
  // An integer loop needs integer operands as written; numeric strings
  // convert, but make a float loop (as in Lua).
  Value init_scratch, step_scratch;
  const Value* init = for_number(L, ra, &init_scratch, "initial value");
  const Value* step = for_number(L, ra + 2, &step_scratch, "step");
  if (ra[0].tag == Tag::Int && ra[2].tag == Tag::Int) {
    int64_t i = init->i, s = step->i, limit;
    if (s == 0) L.runtime_error("'for' step is zero");
    if (for_limit(L, i, ra + 1, s, &limit)) return true;
    // The iteration count, computed in unsigned arithmetic so it cannot overflow.
    uint64_t count;
    if (s > 0) {
      count = uint64_t(limit) - uint64_t(i);
      if (s != 1) count /= uint64_t(s);
    } else {
      count = uint64_t(i) - uint64_t(limit);
      count /= uint64_t(-(s + 1)) + 1u;
    }
    ra[0] = Value::integer(i);
    ra[1] = Value::integer(int64_t(count));
    ra[2] = Value::integer(s);
    ra[3] = Value::integer(i);
    return false;
  }
  double i = 0, limit = 0, s = 0;
  Value limit_scratch;
  const Value* lv = for_number(L, ra + 1, &limit_scratch, "limit");
  as_float(*init, &i);
  as_float(*lv, &limit);
  as_float(*step, &s);
  if (s == 0) L.runtime_error("'for' step is zero");
  if (s > 0 ? !(i <= limit) : !(limit <= i)) return true;
  ra[0] = Value::number(i);
  ra[1] = Value::number(limit);
  ra[2] = Value::number(s);
  ra[3] = Value::number(i);
  return false;
}

}  // namespace

// --- generic operations with metamethods ------------------------------------

void VM::call_metamethod(ThreadState& L, const Value& f, const Value& a, const Value& b,
                         Value* result) {
  Value* func = L.top;
  L.ensure_stack(3);
  func[0] = f;
  func[1] = a;
  func[2] = b;
  L.top = func + 3;
  L.call(func, 1);
  store_value(result, *func);
  L.top = func;
}

void VM::index(ThreadState& L, const Value& t, const Value* where, const Value& key,
               Value* result) {
  Value current = t;  // `where`: the operand errors name; only the first is a variable
  for (int loop = 0; loop < 2000; loop++) {
    std::optional<Value> tm;
    if (current.tag == Tag::Table) {
      Table* h = current.as_table();
      const Value v = table_get(h, key);
      if (!v.is_nil()) {
        store_value(result, v);
        return;
      }
      tm = fast_metamethod(L.interp, table_metatable(h), TM::Index);
      if (!tm) {
        store_value(result, Value());
        return;
      }
    } else {
      tm = fast_metamethod(L.interp, L.metatable_of(current), TM::Index);
      if (!tm) type_error(L, where, "index");
    }
    if (tm->is_function()) {
      Value f = *tm;
      call_metamethod(L, f, current, key, result);
      return;
    }
    current = *tm;
    where = &current;
  }
  L.runtime_error("'__index' chain too long; possible loop");
}

namespace {

// The inline cache of the instruction before pc (FieldHint, object.h).
inline FieldHint& field_hint(LClosure* cl, const Instruction* pc) {
  Proto* p = cl->proto;
  return p->field_hints[size_t(pc - 1 - p->code.data())];
}

// GETFIELD, GETTABUP and SELF after t itself (when a table) had no value for
// key: VM::index's walk up the __index chain, with the instruction's hints
// for "__index" in each metatable and for the key in each table __index
// names (a class, its parent, ...), for the first FieldHint::kLevels levels.
void index_field(ThreadState& L, const Value& t, const Value* where, String* key, Value* result,
                 FieldHint& hint) {
  Value current = t;    // `where`: the operand errors name; only the first is a variable
  NodeHint deeper = 0;  // the hints of levels beyond kLevels: not kept
  for (int loop = 0; loop < 2000; loop++) {
    Value tm;
    if (current.tag == Tag::Table) {
      Table* h = current.as_table();
      if (loop > 0) {  // t itself was searched by the instruction
        NodeHint* found_at = loop <= FieldHint::kLevels ? &hint.inherited[loop - 1] : &deeper;
        const Value v = table_get_str_hinted(h, key, found_at);
        if (!v.is_nil()) {
          store_value(result, v);
          return;
        }
      }
      Table* mt = table_metatable(h);
      if (!mt || table_knows_absent(mt, unsigned(TM::Index))) {
        store_value(result, Value());
        return;
      }
      NodeHint* event_at = loop < FieldHint::kLevels ? &hint.index_event[loop] : &deeper;
      tm = table_get_str_hinted(mt, L.interp.tm_names[size_t(TM::Index)], event_at);
      if (tm.is_nil()) {
        table_note_absent(mt, unsigned(TM::Index));
        store_value(result, Value());
        return;
      }
    } else {
      std::optional<Value> m = fast_metamethod(L.interp, L.metatable_of(current), TM::Index);
      if (!m) type_error(L, where, "index");
      tm = *m;
    }
    if (tm.is_function()) {
      VM::call_metamethod(L, tm, current, Value::string(key), result);
      return;
    }
    current = tm;
    where = &current;
  }
  L.runtime_error("'__index' chain too long; possible loop");
}

}  // namespace

void VM::set_index(ThreadState& L, const Value& t, const Value* where, const Value& key,
                   const Value& v) {
  Value current = t;
  for (int loop = 0; loop < 2000; loop++) {
    std::optional<Value> tm;
    if (current.tag == Tag::Table) {
      Table* h = current.as_table();
      if (!table_get(h, key).is_nil() ||
          !(tm = fast_metamethod(L.interp, table_metatable(h), TM::NewIndex))) {
        table_set(L, h, key, v);
        return;
      }
    } else {
      tm = fast_metamethod(L.interp, L.metatable_of(current), TM::NewIndex);
      if (!tm) type_error(L, where, "index");
    }
    if (tm->is_function()) {
      Value* func = L.top;
      L.ensure_stack(4);
      func[0] = *tm;
      func[1] = current;
      func[2] = key;
      func[3] = v;
      L.top = func + 4;
      L.call(func, 0);
      L.top = func;
      return;
    }
    current = *tm;
    where = &current;
  }
  L.runtime_error("'__newindex' chain too long; possible loop");
}

void VM::arith_metamethod(ThreadState& L, const Value* pa, const Value* pb, Value* result,
                          TM event) {
  const Value &a = load_value(pa), &b = load_value(pb);
  Value tm = L.metamethod(a, event);
  if (tm.is_nil()) tm = L.metamethod(b, event);
  if (tm.is_nil()) {
    switch (event) {
      case TM::BAnd:
      case TM::BOr:
      case TM::BXor:
      case TM::Shl:
      case TM::Shr:
      case TM::BNot:
        if (a.is_number() && b.is_number()) int_representation_error(L, pa, pb);
        arith_error(L, pa, pb, "perform bitwise operation on");
      default: arith_error(L, pa, pb, "perform arithmetic on");
    }
  }
  call_metamethod(L, tm, a, b, result);
}

bool VM::equal(ThreadState& L, const Value* pa, const Value* pb) {
  const Value &a = load_value(pa), &b = load_value(pb);
  if (a.tag != b.tag) {
    if (a.is_number() && b.is_number()) return raw_equal(a, b);
    return false;
  }
  Table* mt_a;
  Table* mt_b;
  switch (a.tag) {
    case Tag::Table:
      if (a.gc == b.gc) return true;
      mt_a = table_metatable(a.as_table());
      mt_b = table_metatable(b.as_table());
      break;
    case Tag::Userdata:
      if (a.gc == b.gc) return true;
      mt_a = a.as_userdata()->metatable;
      mt_b = b.as_userdata()->metatable;
      break;
    default: return raw_equal(a, b);
  }
  std::optional<Value> tm = fast_metamethod(L.interp, mt_a, TM::Eq);
  if (!tm) tm = fast_metamethod(L.interp, mt_b, TM::Eq);
  if (!tm) return false;
  Value result;
  call_metamethod(L, *tm, a, b, &result);
  return result.is_truthy();
}

bool VM::less_than(ThreadState& L, const Value* pa, const Value* pb) {
  const Value &a = load_value(pa), &b = load_value(pb);
  if (a.is_number() && b.is_number()) return numbers_less(a, b);
  if (a.tag == Tag::String && b.tag == Tag::String)
    return compare_strings(a.as_string(), b.as_string()) < 0;
  Value tm = L.metamethod(a, TM::Lt);
  if (tm.is_nil()) tm = L.metamethod(b, TM::Lt);
  if (tm.is_nil()) order_error(L, pa, pb);
  Value result;
  call_metamethod(L, tm, a, b, &result);
  return result.is_truthy();
}

bool VM::less_equal(ThreadState& L, const Value* pa, const Value* pb) {
  const Value &a = load_value(pa), &b = load_value(pb);
  if (a.is_number() && b.is_number()) return numbers_less_equal(a, b);
  if (a.tag == Tag::String && b.tag == Tag::String)
    return compare_strings(a.as_string(), b.as_string()) <= 0;
  Value tm = L.metamethod(a, TM::Le);
  if (tm.is_nil()) tm = L.metamethod(b, TM::Le);
  Value result;
  if (!tm.is_nil()) {
    call_metamethod(L, tm, a, b, &result);
    return result.is_truthy();
  }
  // Lua 5.3 compatibility, kept by stock Lua 5.4: a <= b as not (b < a).
  tm = L.metamethod(b, TM::Lt);
  if (tm.is_nil()) tm = L.metamethod(a, TM::Lt);
  if (tm.is_nil()) order_error(L, pa, pb);
  call_metamethod(L, tm, b, a, &result);
  return !result.is_truthy();
}

void VM::length(ThreadState& L, const Value* pv, Value* result) {
  const Value& v = load_value(pv);
  std::optional<Value> tm;
  switch (v.tag) {
    case Tag::Table: {
      Table* t = v.as_table();
      tm = fast_metamethod(L.interp, table_metatable(t), TM::Len);
      if (!tm) {
        store_value(result, Value::integer(table_length(t)));
        return;
      }
      break;
    }
    case Tag::String: store_value(result, Value::integer(int64_t(v.as_string()->length))); return;
    default:
      tm = fast_metamethod(L.interp, L.metatable_of(v), TM::Len);
      if (!tm) type_error(L, pv, "get length of");
  }
  call_metamethod(L, *tm, v, v, result);
}

void VM::concat(ThreadState& L, Value* first, int n) {
  // Works from the right end like Lua: joins the longest run of strings and
  // numbers at once, and calls __concat for a pair that has anything else.
  Value* top = first + n;
  while (n > 1) {
    Value* a = top - 2;
    Value* b = top - 1;
    if (!is_string_or_number(a) || !is_string_or_number(b)) {
      Value tm = L.metamethod(*a, TM::Concat);
      if (tm.is_nil()) tm = L.metamethod(*b, TM::Concat);
      if (tm.is_nil()) concat_error(L, a, b);
      call_metamethod(L, tm, *a, *b, a);
      top--;
      n--;
      continue;
    }
    int count = 2;
    while (count < n && is_string_or_number(top - count - 1)) count++;
    std::string buffer;
    size_t total = 0;
    for (int j = count; j >= 1; j--) {
      const Value* v = top - j;
      total += v->tag == Tag::String ? v->as_string()->length : 32;
    }
    buffer.reserve(total);
    char digits[64];
    for (int j = count; j >= 1; j--) {
      const Value* v = top - j;
      if (v->tag == Tag::String)
        buffer.append(v->as_string()->data, v->as_string()->length);
      else
        buffer.append(digits, format_number(*v, digits));
    }
    *(top - count) = Value::string(L.interp.new_string(buffer));
    top -= count - 1;
    n -= count - 1;
  }
}

// --- upvalues shared between threads (free-threaded build; object.h) ----------

#ifdef GILVM_FREE_THREADED
namespace {
constexpr uintptr_t kUpvalLocked = 1;

// Takes the lock bit of an open upvalue; returns its slot, or nullptr if the
// upvalue turned out closed.
Value* lock_open(Value* const& v, const Value* closed) {
  unsigned round = 0;
  for (;;) {
    Value* at = __atomic_load_n(&v, __ATOMIC_ACQUIRE);
    if (at == closed) return nullptr;
    const uintptr_t bits = reinterpret_cast<uintptr_t>(at);
    if (!(bits & kUpvalLocked) &&
        __atomic_compare_exchange_n(const_cast<Value**>(&v), &at,
                                    reinterpret_cast<Value*>(bits | kUpvalLocked), false,
                                    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
      return at;
    backoff(round);
  }
}
}  // namespace

// Reading writes nothing, so threads that read one upvalue of another
// thread's running frame do not fight over its cache line: read the slot
// pointer, the value, and the pointer again, like a sequence lock's reader.
// A lock bit (a writer or a close inside) or a changed pointer (closed since,
// and the register perhaps reused) means the value may be stale: read again.
// The stack never moves or unmaps, so reading a slot that was let go is safe.
GILVM_OPTIMISTIC_READ Value UpVal::get_shared() const {
  unsigned round = 0;
  for (;;) {
    Value* at = __atomic_load_n(&v, __ATOMIC_ACQUIRE);
    if (at == &closed) return load_value(&closed);
    if (!(reinterpret_cast<uintptr_t>(at) & kUpvalLocked)) {
      Value x;
      {
        [[maybe_unused]] OptimisticReadSection unchecked;
        x = load_value(at);
      }
      optimistic_read_fence();
      if (__atomic_load_n(&v, int(kOptimisticRecheck)) == at) return x;
    }
    backoff(round);
  }
}

void UpVal::set_shared(const Value& x) {
  Value* at = lock_open(v, &closed);
  if (!at) return store_value(&closed, x);
  store_value(at, x);
  __atomic_store_n(&v, at, __ATOMIC_RELEASE);
}

void UpVal::close_shared() {
  Value* at = lock_open(v, &closed);
  if (!at) return;
  store_value(&closed, load_value(at));
  __atomic_store_n(&v, &closed, __ATOMIC_RELEASE);
}
#endif

bool UpVal::slot_is_live() const {
  const Value* slot = where();
  return owner && owner->stack && slot >= owner->stack && slot < owner->high_water;
}

UpVal* VM::find_upvalue(ThreadState& L, Value* level) {
  GILVM_ASSERT(level >= L.ci->func + 1 && level < L.ci->top,
               "capturing a register outside the frame");
  UpVal** link = &L.open_upvals;
  while (*link && (*link)->where() >= level) {
    if ((*link)->where() == level) return *link;
    link = &(*link)->next_open;
  }
  UpVal* uv = L.interp.new_upval();
  uv->v = level;
  uv->owner = &L;
  uv->next_open = *link;
  *link = uv;
  return uv;
}

void VM::handle_eval_breaker(ThreadState& L) {
  Interpreter& I = L.interp;
  // L.top is left alone: a CALL with B = 0 polls before it reads its
  // arguments' end from L.top. The collector (ours, or another thread's while
  // we wait for the GIL) scans up to this frame's top anyway.
  if (I.eval_breaker.is_set(gil::EvalBreaker::kInterrupt) && L.is_main()) {
    // Ctrl-C reaches the main thread only, as an error at this safe point,
    // above every live register.
    I.eval_breaker.clear(gil::EvalBreaker::kInterrupt);
    L.os->interrupts++;
    if (L.ci->top > L.top) L.top = L.ci->top;
    L.runtime_error("interrupted");
  }
  if (I.eval_breaker.is_set(gil::EvalBreaker::kStopTheWorld)) I.gil.park(L.os->gil);
  if (I.eval_breaker.is_set(gil::EvalBreaker::kGcRequested)) {
    if (I.gc_running)
      I.collect_garbage(L);
    else
      I.eval_breaker.clear(gil::EvalBreaker::kGcRequested);
  }
  if (I.eval_breaker.is_set(gil::EvalBreaker::kDropGilRequested)) I.gil.yield(L.os->gil);
  if (I.eval_breaker.is_set(gil::EvalBreaker::kGilTick)) I.gil.on_poll(L.os->gil);
}

// --- debug hooks -----------------------------------------------------------------

namespace {

// A Lua function starts running its body: its call (or tail call) event.
// `first_pc` is the first instruction of the body: 1 after a vararg
// function's VARARGPREP, whose line event comes next (Lua's oldpc rules).
[[gnu::noinline]] void hook_function_entry(ThreadState& L, CallInfo* ci, int first_pc) {
  L.hook_old_pc = first_pc;
  if (!(L.hook_mask & kHookCall)) return;
  const Instruction* pc = ci->pc;
  // The event sees the frame as if its first instruction were running.
  ci->pc = frame_closure(ci)->proto->code.data() + first_pc + 1;
  run_hook(L, (ci->status & kCallTail) ? HookEvent::kTailCall : HookEvent::kCall, -1, 1,
           frame_closure(ci)->proto->num_params);
  ci->pc = pc;
}

bool is_return(OpCode op) {
  return op == OP_RETURN || op == OP_RETURN0 || op == OP_RETURN1;
}

// The count, line and return events before instruction i (at current_pc(ci),
// register A at ra) runs, as Lua's luaG_traceexec: a line event when the
// instruction starts a new line or jumps back.
[[gnu::noinline]] void trace_instruction(ThreadState& L, CallInfo* ci, Instruction i, Value* ra) {
  if (L.in_hook || op_of(i) == OP_VARARGPREP) return;  // hooks start after VARARGPREP
  const Proto* p = frame_closure(ci)->proto;
  const int npc = current_pc(ci);
  if ((L.hook_mask & kHookCount) && L.hook_count > 0 && --L.hook_countdown == 0) {
    L.hook_countdown = L.hook_count;
    run_hook(L, HookEvent::kCount, -1);
  }
  if (L.hook_mask & kHookLine) {
    const int old = L.hook_old_pc < int(p->code.size()) ? L.hook_old_pc : 0;
    if (npc <= old || line_of(p, old) != line_of(p, npc))
      run_hook(L, HookEvent::kLine, line_of(p, npc));
    L.hook_old_pc = npc;
  }
  const OpCode op = op_of(i);
  if ((L.hook_mask & kHookReturn) && is_return(op) && !(op == OP_RETURN && arg_k(i))) {
    int n = op == OP_RETURN0 ? 0 : op == OP_RETURN1 ? 1 : arg_B(i) - 1;
    if (n < 0) n = int(L.top - ra);
    run_hook(L, HookEvent::kReturn, -1, int(ra - ci->func), n);
  }
}

}  // namespace

// --- the dispatch loop ---------------------------------------------------------

namespace {

// The dispatch loop, in two copies. run<false> is the loop proper; run<true>
// sends every instruction first to `traced`, which reports the line and
// count events (and returns) that are due before it jumps to the
// instruction's handler. A thread runs the copy that matches `L.hooked`: at
// the places where the loop reads a frame anyway (entering a function,
// returning to one, after a native call) the copy checks it and, when a
// hook was set or removed, returns false with L.ci's pc saved; execute()
// then continues the same frames in the other copy. Returns true when the
// frame marked kCallFresh has returned. Without a hook the only cost is one
// load of L.hooked at those places: the instructions' handlers and their
// dispatch are those of a loop without hooks.
template <bool kTraced>
bool run(ThreadState& L, CallInfo* ci) {
  const gil::EvalBreaker& breaker = L.interp.eval_breaker;
  LClosure* cl;
  const Value* k;
  Value* base;
  const Instruction* pc;
  Instruction i;  // the instruction being executed
  Value* ra;      // its register A

  // Dispatch is threaded: every instruction ends by jumping straight to the
  // next one's handler through this table (GCC/Clang "labels as values"), so
  // each handler has its own indirect branch for the predictor to learn.
  static const void* const kHandlers[NUM_OPCODES] = {
      &&op_OP_MOVE,      &&op_OP_LOADI,      &&op_OP_LOADF,    &&op_OP_LOADK,    &&op_OP_LOADKX,
      &&op_OP_LOADFALSE, &&op_OP_LFALSESKIP, &&op_OP_LOADTRUE, &&op_OP_LOADNIL,  &&op_OP_GETUPVAL,
      &&op_OP_SETUPVAL,  &&op_OP_GETTABUP,   &&op_OP_GETTABLE, &&op_OP_GETI,     &&op_OP_GETFIELD,
      &&op_OP_SETTABUP,  &&op_OP_SETTABLE,   &&op_OP_SETI,     &&op_OP_SETFIELD, &&op_OP_NEWTABLE,
      &&op_OP_SELF,      &&op_OP_ADDI,       &&op_OP_ADDK,     &&op_OP_SUBK,     &&op_OP_MULK,
      &&op_OP_MODK,      &&op_OP_POWK,       &&op_OP_DIVK,     &&op_OP_IDIVK,    &&op_OP_BANDK,
      &&op_OP_BORK,      &&op_OP_BXORK,      &&op_OP_SHRI,     &&op_OP_SHLI,     &&op_OP_ADD,
      &&op_OP_SUB,       &&op_OP_MUL,        &&op_OP_MOD,      &&op_OP_POW,      &&op_OP_DIV,
      &&op_OP_IDIV,      &&op_OP_BAND,       &&op_OP_BOR,      &&op_OP_BXOR,     &&op_OP_SHL,
      &&op_OP_SHR,       &&op_OP_MMBIN,      &&op_OP_MMBINI,   &&op_OP_MMBINK,   &&op_OP_UNM,
      &&op_OP_BNOT,      &&op_OP_NOT,        &&op_OP_LEN,      &&op_OP_CONCAT,   &&op_OP_CLOSE,
      &&op_OP_TBC,       &&op_OP_JMP,        &&op_OP_EQ,       &&op_OP_LT,       &&op_OP_LE,
      &&op_OP_EQK,       &&op_OP_EQI,        &&op_OP_LTI,      &&op_OP_LEI,      &&op_OP_GTI,
      &&op_OP_GEI,       &&op_OP_TEST,       &&op_OP_TESTSET,  &&op_OP_CALL,     &&op_OP_TAILCALL,
      &&op_OP_RETURN,    &&op_OP_RETURN0,    &&op_OP_RETURN1,  &&op_OP_FORLOOP,  &&op_OP_FORPREP,
      &&op_OP_TFORPREP,  &&op_OP_TFORCALL,   &&op_OP_TFORLOOP, &&op_OP_SETLIST,  &&op_OP_CLOSURE,
      &&op_OP_VARARG,    &&op_OP_VARARGPREP, &&op_OP_EXTRAARG,
  };
#define T &&traced
  static const void* const kTracedHandlers[NUM_OPCODES] = {
      T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T,
      T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T,
      T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T,
  };
#undef T
  static_assert(NUM_OPCODES == 83, "kTracedHandlers lists one entry per opcode");

#define CASE(op) op_##op
#define NEXT                                                \
  do {                                                      \
    i = *pc++;                                              \
    ra = base + arg_A(i);                                   \
    goto*(kTraced ? kTracedHandlers : kHandlers)[op_of(i)]; \
  } while (0)

// Saves the state an error message, a traceback or a metamethod call needs.
#define PROTECT(expr) \
  do {                \
    ci->pc = pc;      \
    L.top = ci->top;  \
    expr;             \
  } while (0)
// Polls the eval breaker; only at calls and backward jumps.
#define POLL_EVAL_BREAKER()       \
  do {                            \
    if (breaker.any()) {          \
      ci->pc = pc;                \
      VM::handle_eval_breaker(L); \
    }                             \
  } while (0)
// Conditional jump: a test instruction is followed by a JMP taken when the
// condition matches k.
#define COND_JUMP(cond)                    \
  do {                                     \
    if ((cond) != bool(arg_k(i))) {        \
      pc++;                                \
    } else {                               \
      int offset = arg_sJ(*pc);            \
      pc += offset + 1;                    \
      if (offset < 0) POLL_EVAL_BREAKER(); \
    }                                      \
  } while (0)

startfunc:
  cl = frame_closure(ci);
  k = cl->proto->constants.data();
  base = ci->func + 1;
  pc = ci->pc;
  if (L.hooked != kTraced) return false;
  if (kTraced && pc == cl->proto->code.data() && !cl->proto->is_vararg)
    hook_function_entry(L, ci, 0);  // a vararg function's comes after VARARGPREP
  NEXT;
  {
    CASE(OP_MOVE) : copy_value(ra, base + arg_B(i));
    NEXT;
    CASE(OP_LOADI) : store_value(ra, Value::integer(arg_sBx(i)));
    NEXT;
    CASE(OP_LOADF) : store_value(ra, Value::number(double(arg_sBx(i))));
    NEXT;
    CASE(OP_LOADK) : copy_value(ra, k + arg_Bx(i));
    NEXT;
    CASE(OP_LOADKX) : copy_value(ra, k + arg_Ax(*pc++));
    NEXT;
    CASE(OP_LOADFALSE) : store_value(ra, Value::boolean(false));
    NEXT;
    CASE(OP_LFALSESKIP) : store_value(ra, Value::boolean(false));
    pc++;
    NEXT;
    CASE(OP_LOADTRUE) : store_value(ra, Value::boolean(true));
    NEXT;
    CASE(OP_LOADNIL) : for (int b = arg_B(i); b >= 0; b--) store_value(ra++, Value());
    NEXT;
    CASE(OP_GETUPVAL) : store_value(ra, cl->upvals[arg_B(i)]->get(&L));
    NEXT;
    CASE(OP_SETUPVAL) : cl->upvals[arg_B(i)]->set(&L, load_value(ra));
    NEXT;
    CASE(OP_GETTABUP) : {
      String* key = k[arg_C(i)].as_string();
      const Value env = cl->upvals[arg_B(i)]->get(&L);
      FieldHint& hint = field_hint(cl, pc);
      if (env.tag == Tag::Table) {
        const Value v = table_get_str_hinted(env.as_table(), key, &hint.own);
        if (!v.is_nil()) {
          store_value(ra, v);
          NEXT;
        }
      }
      PROTECT(index_field(L, env, cl->upvals[arg_B(i)]->where(), key, ra, hint));
      NEXT;
    }
    CASE(OP_GETTABLE) : {
      const Value& rb = load_value(base + arg_B(i));
      const Value& rc = load_value(base + arg_C(i));
      if (rb.tag == Tag::Table) {
        const Value& v =
            rc.tag == Tag::Int ? table_get_int(rb.as_table(), rc.i) : table_get(rb.as_table(), rc);
        if (!v.is_nil()) {
          store_value(ra, v);
          NEXT;
        }
      }
      PROTECT(VM::index(L, rb, base + arg_B(i), rc, ra));
      NEXT;
    }
    CASE(OP_GETI) : {
      const Value& rb = load_value(base + arg_B(i));
      if (rb.tag == Tag::Table) {
        const Value v = table_get_int(rb.as_table(), arg_C(i));
        if (!v.is_nil()) {
          store_value(ra, v);
          NEXT;
        }
      }
      PROTECT(VM::index(L, rb, base + arg_B(i), Value::integer(arg_C(i)), ra));
      NEXT;
    }
    CASE(OP_GETFIELD) : {
      const Value& rb = load_value(base + arg_B(i));
      String* key = k[arg_C(i)].as_string();
      FieldHint& hint = field_hint(cl, pc);
      if (rb.tag == Tag::Table) {
        const Value v = table_get_str_hinted(rb.as_table(), key, &hint.own);
        if (!v.is_nil()) {
          store_value(ra, v);
          NEXT;
        }
      }
      PROTECT(index_field(L, rb, base + arg_B(i), key, ra, hint));
      NEXT;
    }
    CASE(OP_SETTABUP) : {
      const Value* key = k + arg_B(i);
      const Value& rc = arg_k(i) ? k[arg_C(i)] : load_value(base + arg_C(i));
      const Value env = cl->upvals[arg_A(i)]->get(&L);
      if (env.tag == Tag::Table) {
        if (table_replace_str_hinted(env.as_table(), key->as_string(), rc, &field_hint(cl, pc).own))
          NEXT;
      }
      PROTECT(VM::set_index(L, env, cl->upvals[arg_A(i)]->where(), *key, rc));
      NEXT;
    }
    CASE(OP_SETTABLE) : {
      const Value& t = load_value(ra);
      const Value& rb = load_value(base + arg_B(i));
      const Value& rc = arg_k(i) ? k[arg_C(i)] : load_value(base + arg_C(i));
      if (t.tag == Tag::Table) {
        Table* h = t.as_table();
        if (rb.tag == Tag::Int ? table_replace_int(h, rb.i, rc) : table_replace(h, rb, rc)) NEXT;
        if (stores_raw(L.interp, h)) {
          PROTECT(rb.tag == Tag::Int ? table_set_int(L, h, rb.i, rc) : table_set(L, h, rb, rc));
          NEXT;
        }
      }
      PROTECT(VM::set_index(L, t, ra, rb, rc));
      NEXT;
    }
    CASE(OP_SETI) : {
      const Value& t = load_value(ra);
      const Value& rc = arg_k(i) ? k[arg_C(i)] : load_value(base + arg_C(i));
      if (t.tag == Tag::Table) {
        Table* h = t.as_table();
        if (table_replace_int(h, arg_B(i), rc)) NEXT;
        if (stores_raw(L.interp, h)) {
          table_set_int(L, h, arg_B(i), rc);
          NEXT;
        }
      }
      PROTECT(VM::set_index(L, t, ra, Value::integer(arg_B(i)), rc));
      NEXT;
    }
    CASE(OP_SETFIELD) : {
      const Value& t = load_value(ra);
      const Value* key = k + arg_B(i);
      const Value& rc = arg_k(i) ? k[arg_C(i)] : load_value(base + arg_C(i));
      if (t.tag == Tag::Table) {
        Table* h = t.as_table();
        if (table_replace_str_hinted(h, key->as_string(), rc, &field_hint(cl, pc).own)) NEXT;
        if (stores_raw(L.interp, h)) {
          table_set_str(L, h, key->as_string(), rc);
          NEXT;
        }
      }
      PROTECT(VM::set_index(L, t, ra, *key, rc));
      NEXT;
    }
    CASE(OP_NEWTABLE) : {
      int b = arg_B(i);
      uint32_t hash_size = b > 0 ? (1u << (b - 1)) : 0;
      uint32_t array_size = uint32_t(arg_C(i));
      if (arg_k(i)) array_size += uint32_t(arg_Ax(*pc)) * (kMaxArgC + 1);
      pc++;  // the EXTRAARG
      store_value(ra, Value::table(L.interp.new_table(array_size, hash_size)));
      NEXT;
    }
    CASE(OP_SELF) : {
      // The key is a string constant, or a register the verifier proved
      // holds one. It is read before R[A+1] is written, which may be it.
      String* key = (arg_k(i) ? k[arg_C(i)] : load_value(base + arg_C(i))).as_string();
      const Value& self = load_value(base + arg_B(i));
      store_value(ra + 1, self);
      FieldHint& hint = field_hint(cl, pc);
      if (self.tag == Tag::Table) {
        const Value v = table_get_str_hinted(self.as_table(), key, &hint.own);
        if (!v.is_nil()) {
          store_value(ra, v);
          NEXT;
        }
      }
      // base + B, not ra + 1: errors name the variable.
      PROTECT(index_field(L, self, base + arg_B(i), key, ra, hint));
      NEXT;
    }
    CASE(OP_ADDI) : {
      const Value& rb = load_value(base + arg_B(i));
      int imm = arg_sC(i);
      if (rb.tag == Tag::Int) {
        store_value(ra, Value::integer(int64_t(uint64_t(rb.i) + uint64_t(int64_t(imm)))));
        pc++;
      } else if (rb.tag == Tag::Float) {
        store_value(ra, Value::number(rb.n + imm));
        pc++;
      }
      NEXT;
    }
    CASE(OP_ADDK) : if (arith<Add>(ra, base + arg_B(i), k + arg_C(i))) pc++;
    NEXT;
    CASE(OP_SUBK) : if (arith<Sub>(ra, base + arg_B(i), k + arg_C(i))) pc++;
    NEXT;
    CASE(OP_MULK) : if (arith<Mul>(ra, base + arg_B(i), k + arg_C(i))) pc++;
    NEXT;
    CASE(OP_POWK) : if (arith_float<Pow>(ra, base + arg_B(i), k + arg_C(i))) pc++;
    NEXT;
    CASE(OP_DIVK) : if (arith_float<Div>(ra, base + arg_B(i), k + arg_C(i))) pc++;
    NEXT;
    CASE(OP_BANDK) : if (bitwise<BAnd>(ra, base + arg_B(i), k + arg_C(i))) pc++;
    NEXT;
    CASE(OP_BORK) : if (bitwise<BOr>(ra, base + arg_B(i), k + arg_C(i))) pc++;
    NEXT;
    CASE(OP_BXORK) : if (bitwise<BXor>(ra, base + arg_B(i), k + arg_C(i))) pc++;
    NEXT;
    CASE(OP_ADD) : if (arith<Add>(ra, base + arg_B(i), base + arg_C(i))) pc++;
    NEXT;
    CASE(OP_SUB) : if (arith<Sub>(ra, base + arg_B(i), base + arg_C(i))) pc++;
    NEXT;
    CASE(OP_MUL) : if (arith<Mul>(ra, base + arg_B(i), base + arg_C(i))) pc++;
    NEXT;
    CASE(OP_POW) : if (arith_float<Pow>(ra, base + arg_B(i), base + arg_C(i))) pc++;
    NEXT;
    CASE(OP_DIV) : if (arith_float<Div>(ra, base + arg_B(i), base + arg_C(i))) pc++;
    NEXT;
    CASE(OP_BAND) : if (bitwise<BAnd>(ra, base + arg_B(i), base + arg_C(i))) pc++;
    NEXT;
    CASE(OP_BOR) : if (bitwise<BOr>(ra, base + arg_B(i), base + arg_C(i))) pc++;
    NEXT;
    CASE(OP_BXOR) : if (bitwise<BXor>(ra, base + arg_B(i), base + arg_C(i))) pc++;
    NEXT;
    CASE(OP_SHL) : if (bitwise<Shl>(ra, base + arg_B(i), base + arg_C(i))) pc++;
    NEXT;
    CASE(OP_SHR) : if (bitwise<Shr>(ra, base + arg_B(i), base + arg_C(i))) pc++;
    NEXT;
    CASE(OP_MODK) : CASE(OP_MOD) : CASE(OP_IDIVK) : CASE(OP_IDIV) : {
      const Value& rb = load_value(base + arg_B(i));
      const Value& rc =
          (op_of(i) == OP_MODK || op_of(i) == OP_IDIVK) ? k[arg_C(i)] : load_value(base + arg_C(i));
      bool is_mod = op_of(i) == OP_MOD || op_of(i) == OP_MODK;
      if (rb.tag == Tag::Int && rc.tag == Tag::Int) {
        if (rc.i == 0)
          PROTECT(
              L.runtime_error(is_mod ? "attempt to perform 'n%%0'" : "attempt to divide by zero"));
        store_value(ra, Value::integer(is_mod ? int_mod(rb.i, rc.i) : int_floor_div(rb.i, rc.i)));
        pc++;
      } else {
        double x, y;
        if (as_float(rb, &x) && as_float(rc, &y)) {
          store_value(ra, Value::number(is_mod ? float_mod(x, y) : std::floor(x / y)));
          pc++;
        }
      }
      NEXT;
    }
    CASE(OP_SHRI) : {
      int64_t x;
      if (as_int_exact(load_value(base + arg_B(i)), &x)) {
        store_value(ra, Value::integer(shift_left(x, -arg_sC(i))));
        pc++;
      }
      NEXT;
    }
    CASE(OP_SHLI) : {
      int64_t x;
      if (as_int_exact(load_value(base + arg_B(i)), &x)) {
        store_value(ra, Value::integer(shift_left(arg_sC(i), x)));
        pc++;
      }
      NEXT;
    }
    CASE(OP_MMBIN) : {
      Value* dest = base + arg_A(pc[-2]);
      PROTECT(VM::arith_metamethod(L, ra, base + arg_B(i), dest, TM(arg_C(i))));
      NEXT;
    }
    CASE(OP_MMBINI) : {
      Value* dest = base + arg_A(pc[-2]);
      Value imm = Value::integer(arg_sB(i));
      if (arg_k(i))
        PROTECT(VM::arith_metamethod(L, &imm, ra, dest, TM(arg_C(i))));
      else
        PROTECT(VM::arith_metamethod(L, ra, &imm, dest, TM(arg_C(i))));
      NEXT;
    }
    CASE(OP_MMBINK) : {
      Value* dest = base + arg_A(pc[-2]);
      const Value* kv = k + arg_B(i);
      if (arg_k(i))
        PROTECT(VM::arith_metamethod(L, kv, ra, dest, TM(arg_C(i))));
      else
        PROTECT(VM::arith_metamethod(L, ra, kv, dest, TM(arg_C(i))));
      NEXT;
    }
    CASE(OP_UNM) : {
      const Value& rb = load_value(base + arg_B(i));
      if (rb.tag == Tag::Int)
        store_value(ra, Value::integer(int64_t(0u - uint64_t(rb.i))));
      else if (rb.tag == Tag::Float)
        store_value(ra, Value::number(-rb.n));
      else
        PROTECT(VM::arith_metamethod(L, base + arg_B(i), base + arg_B(i), ra, TM::Unm));
      NEXT;
    }
    CASE(OP_BNOT) : {
      int64_t x;
      if (as_int_exact(load_value(base + arg_B(i)), &x))
        store_value(ra, Value::integer(~x));
      else
        PROTECT(VM::arith_metamethod(L, base + arg_B(i), base + arg_B(i), ra, TM::BNot));
      NEXT;
    }
    CASE(OP_NOT) : store_value(ra, Value::boolean(load_value(base + arg_B(i)).is_falsy()));
    NEXT;
    CASE(OP_LEN) : PROTECT(VM::length(L, base + arg_B(i), ra));
    NEXT;
    CASE(OP_CONCAT) : PROTECT(VM::concat(L, ra, arg_B(i)));
    NEXT;
    CASE(OP_CLOSE) : PROTECT(L.close_frame_resources(ra, nullptr));
    NEXT;
    CASE(OP_TBC) : PROTECT(VM::mark_to_be_closed(L, ra));
    NEXT;
    CASE(OP_JMP) : {
      int offset = arg_sJ(i);
      pc += offset;
      if (offset < 0) POLL_EVAL_BREAKER();
      NEXT;
    }
    CASE(OP_EQ) : {
      const Value &a = load_value(ra), &b = load_value(base + arg_B(i));
      bool cond;
      if (a.tag == b.tag && a.tag != Tag::Table && a.tag != Tag::Userdata)
        cond = raw_equal(a, b);
      else
        PROTECT(cond = VM::equal(L, ra, base + arg_B(i)));
      COND_JUMP(cond);
      NEXT;
    }
    CASE(OP_LT) : {
      const Value &a = load_value(ra), &b = load_value(base + arg_B(i));
      bool cond;
      if (a.tag == Tag::Int && b.tag == Tag::Int)
        cond = a.i < b.i;
      else if (a.is_number() && b.is_number())
        cond = numbers_less(a, b);
      else
        PROTECT(cond = VM::less_than(L, ra, base + arg_B(i)));
      COND_JUMP(cond);
      NEXT;
    }
    CASE(OP_LE) : {
      const Value &a = load_value(ra), &b = load_value(base + arg_B(i));
      bool cond;
      if (a.tag == Tag::Int && b.tag == Tag::Int)
        cond = a.i <= b.i;
      else if (a.is_number() && b.is_number())
        cond = numbers_less_equal(a, b);
      else
        PROTECT(cond = VM::less_equal(L, ra, base + arg_B(i)));
      COND_JUMP(cond);
      NEXT;
    }
    CASE(OP_EQK) : COND_JUMP(raw_equal(load_value(ra), k[arg_B(i)]));
    NEXT;
    CASE(OP_EQI) : {
      const Value& a = load_value(ra);
      bool cond;
      if (a.tag == Tag::Int)
        cond = a.i == arg_sB(i);
      else if (a.tag == Tag::Float)
        cond = a.n == double(arg_sB(i));
      else
        cond = false;
      COND_JUMP(cond);
      NEXT;
    }
    CASE(OP_LTI) : {
      const Value& a = load_value(ra);
      bool cond;
      int imm = arg_sB(i);
      if (a.is_number())
        cond = a.tag == Tag::Int ? a.i < imm : a.n < imm;
      else
        PROTECT(cond = compare_with_immediate(L, ra, i, OP_LTI));
      COND_JUMP(cond);
      NEXT;
    }
    CASE(OP_LEI) : {
      const Value& a = load_value(ra);
      bool cond;
      int imm = arg_sB(i);
      if (a.is_number())
        cond = a.tag == Tag::Int ? a.i <= imm : a.n <= imm;
      else
        PROTECT(cond = compare_with_immediate(L, ra, i, OP_LEI));
      COND_JUMP(cond);
      NEXT;
    }
    CASE(OP_GTI) : {
      const Value& a = load_value(ra);
      bool cond;
      int imm = arg_sB(i);
      if (a.is_number())
        cond = a.tag == Tag::Int ? a.i > imm : a.n > imm;
      else
        PROTECT(cond = compare_with_immediate(L, ra, i, OP_GTI));
      COND_JUMP(cond);
      NEXT;
    }
    CASE(OP_GEI) : {
      const Value& a = load_value(ra);
      bool cond;
      int imm = arg_sB(i);
      if (a.is_number())
        cond = a.tag == Tag::Int ? a.i >= imm : a.n >= imm;
      else
        PROTECT(cond = compare_with_immediate(L, ra, i, OP_GEI));
      COND_JUMP(cond);
      NEXT;
    }
    CASE(OP_TEST) : COND_JUMP(!load_value(ra).is_falsy());
    NEXT;
    CASE(OP_TESTSET) : {
      const Value& b = load_value(base + arg_B(i));
      if (b.is_falsy() == bool(arg_k(i))) {
        pc++;
      } else {
        store_value(ra, b);
        int offset = arg_sJ(*pc);
        pc += offset + 1;
        if (offset < 0) POLL_EVAL_BREAKER();
      }
      NEXT;
    }
    CASE(OP_CALL) : {
      POLL_EVAL_BREAKER();
      int b = arg_B(i);
      if (b != 0) L.top = ra + b;
      ci->pc = pc;
      CallInfo* callee = VM::precall(L, ra, arg_C(i) - 1);
      if (callee) {
        ci = callee;
        goto startfunc;
      }
      if (L.hooked != kTraced) return false;  // the native set or removed a hook
      NEXT;
    }
    CASE(OP_TAILCALL) : {
      POLL_EVAL_BREAKER();
      int b = arg_B(i);
      if (b != 0)
        L.top = ra + b;
      else
        b = int(L.top - ra);
      int params1 = arg_C(i);  // vararg functions: number of fixed parameters + 1
      int delta = params1 ? ci->extra_args + params1 : 0;
      ci->pc = pc;
      if (arg_k(i)) L.close_upvalues(base);
      while (!ra->is_function()) {
        VM::insert_call_metamethod(L, ra);
        b++;
      }
      if (ra->tag == Tag::LClosure) {
        // Reuse this frame: move the function and its arguments down.
        Proto* p = ra->as_lclosure()->proto;
        Value* func = ci->func - delta;
        if (func + 1 + p->max_stack > L.stack_last) L.stack_overflow();
        for (int j = 0; j < b; j++) func[j] = ra[j];
        Value* top = func + b;
        for (int nargs = b - 1; nargs < p->num_params; nargs++) *top++ = Value();
        L.top = top;
        ci->func = func;
        ci->top = func + 1 + p->max_stack;
        if (ci->top > L.high_water) L.high_water = ci->top;
        ci->pc = p->code.data();
        ci->status |= kCallTail;
        ci->extra_args = 0;
        goto startfunc;
      }
      VM::precall(L, ra, kMultRet);     // a native function: runs now
      if (L.hook_mask & kHookReturn) {  // this frame returns what the native returned
        ci->pc = pc;
        run_hook(L, HookEvent::kReturn, -1, int(ra - ci->func), int(L.top - ra));
      }
      ci->func -= delta;
      VM::poscall(L, ci, int(L.top - ra));
      goto returned;
    }
    CASE(OP_RETURN) : {
      int n = arg_B(i) - 1;
      if (n < 0) n = int(L.top - ra);
      ci->pc = pc;
      if (arg_k(i)) {
        L.top = ra + n;  // the results stay below the __close calls
        L.close_frame_resources(base, nullptr);
        // Its return event comes after the closing, as in Lua (`traced` gives the others).
        if (kTraced && (L.hook_mask & kHookReturn))
          run_hook(L, HookEvent::kReturn, -1, int(ra - ci->func), n);
      }
      if (arg_C(i)) ci->func -= ci->extra_args + arg_C(i);
      L.top = ra + n;
      VM::poscall(L, ci, n);
      goto returned;
    }
    CASE(OP_RETURN0) : {
      Value* res = ci->func;
      int wanted = ci->nresults;
      L.ci = ci + 1;
      if (wanted == kMultRet) wanted = 0;
      for (int j = 0; j < wanted; j++) res[j] = Value();
      L.top = res + wanted;
      goto returned;
    }
    CASE(OP_RETURN1) : {
      Value* res = ci->func;
      int wanted = ci->nresults;
      L.ci = ci + 1;
      if (wanted == 0) {
        L.top = res;
      } else {
        *res = *ra;
        if (wanted == kMultRet) wanted = 1;
        for (int j = 1; j < wanted; j++) res[j] = Value();
        L.top = res + wanted;
      }
      goto returned;
    }
    CASE(OP_FORLOOP) : {
      if (ra[2].tag == Tag::Int) {
        uint64_t count = uint64_t(ra[1].i);
        if (count > 0) {
          int64_t step = ra[2].i;
          ra[1].i = int64_t(count - 1);
          ra[0].i = int64_t(uint64_t(ra[0].i) + uint64_t(step));
          ra[3] = Value::integer(ra[0].i);
          pc -= arg_Bx(i);
          POLL_EVAL_BREAKER();
        }
      } else {
        double step = ra[2].n, limit = ra[1].n;
        double idx = ra[0].n + step;
        if (step > 0 ? idx <= limit : limit <= idx) {
          ra[0].n = idx;
          ra[3] = Value::number(idx);
          pc -= arg_Bx(i);
          POLL_EVAL_BREAKER();
        }
      }
      NEXT;
    }
    CASE(OP_FORPREP) : {
      bool skip;
      PROTECT(skip = for_prepare(L, ra));
      if (skip) pc += arg_Bx(i) + 1;
      NEXT;
    }
    CASE(OP_TFORPREP) : PROTECT(VM::mark_to_be_closed(L, ra + 3));
    pc += arg_Bx(i);
    NEXT;
    CASE(OP_TFORCALL) : {
      // R[A+4], ... = R[A](R[A+1], R[A+2]); the next instruction is TFORLOOP.
      ra[4] = ra[0];
      ra[5] = ra[1];
      ra[6] = ra[2];
      L.top = ra + 7;
      ci->pc = pc;
      L.call(ra + 4, arg_C(i));
      NEXT;
    }
    CASE(OP_TFORLOOP) : if (!ra[4].is_nil()) {
      ra[2] = ra[4];
      pc -= arg_Bx(i);
      POLL_EVAL_BREAKER();
    }
    NEXT;
    CASE(OP_SETLIST) : {
      int n = arg_B(i);
      uint32_t last = uint32_t(arg_C(i));
      Table* t = ra->as_table();
      if (n == 0) n = int(L.top - ra) - 1;
      if (arg_k(i)) last += uint32_t(arg_Ax(*pc)) * (kMaxArgC + 1);
      if (arg_k(i)) pc++;
      last += uint32_t(n);
      if (n > 0) table_store_list(L.interp, t, last - uint32_t(n) + 1, ra + 1, n);
      NEXT;
    }
    CASE(OP_CLOSURE) : {
      Proto* p = cl->proto->protos[arg_Bx(i)];
      LClosure* c = L.interp.new_lclosure(p);
      for (size_t j = 0; j < p->upvalues.size(); j++) {
        const UpvalDesc& d = p->upvalues[j];
        c->upvals[j] = d.in_stack ? VM::find_upvalue(L, base + d.index) : cl->upvals[d.index];
      }
      // Complete before it is stored: ra may be a captured local, which a
      // closure on another thread may read (and call) at once.
      store_value(ra, Value::lclosure(c));
      NEXT;
    }
    CASE(OP_VARARG) : {
      int wanted = arg_C(i) - 1;
      int extra = ci->extra_args;
      if (wanted < 0) {
        wanted = extra;
        if (ra + wanted > L.stack_last) PROTECT(L.stack_overflow());
        L.top = ra + wanted;
        if (L.top > L.high_water) L.high_water = L.top;
      }
      Value* varargs = ci->func - extra;
      for (int j = 0; j < wanted; j++) store_value(ra + j, j < extra ? varargs[j] : Value());
      NEXT;
    }
    CASE(OP_VARARGPREP) : {
      // Moves the function and its fixed parameters above the actual
      // arguments, so the extra arguments stay below the new frame.
      Proto* p = cl->proto;
      int fixed = p->num_params;
      int actual = int(L.top - ci->func) - 1;
      int extra = actual - fixed;
      ci->extra_args = extra;
      if (L.top + 1 + p->max_stack > L.stack_last) PROTECT(L.stack_overflow());
      Value* func = ci->func;
      *L.top++ = *func;
      for (int j = 1; j <= fixed; j++) {
        *L.top++ = func[j];
        func[j] = Value();
      }
      ci->func += actual + 1;
      ci->top += actual + 1;
      if (ci->top > L.high_water) L.high_water = ci->top;
      base = ci->func + 1;
      if (kTraced) hook_function_entry(L, ci, int(pc - p->code.data()));
      NEXT;
    }
    CASE(OP_EXTRAARG) : PROTECT(L.runtime_error("invalid instruction"));  // the verifier rejects it
    NEXT;

  returned:
    // A frame has returned; L.ci is its caller.
    if (ci->status & kCallFresh) return true;
    ci = L.ci;
    cl = frame_closure(ci);
    k = cl->proto->constants.data();
    base = ci->func + 1;
    pc = ci->pc;
    if (L.hooked) L.hook_old_pc = current_pc(ci);  // the call's line is done
    if (L.hooked != kTraced) return false;
    NEXT;

  traced:
    // Hooked: the events due before instruction i runs, then its handler.
    // The hook may change registers (debug.setlocal) but moves nothing.
    ci->pc = pc;
    trace_instruction(L, ci, i, ra);
    goto* kHandlers[op_of(i)];
  }
#undef CASE
#undef NEXT
#undef PROTECT
#undef POLL_EVAL_BREAKER
#undef COND_JUMP
}

}  // namespace

void VM::execute(ThreadState& L, CallInfo* ci) {
  GILVM_ASSERT(L.os && L.os->gil.attached(), "running Lua code in a thread that is not attached");
  while (!(L.hooked ? run<true>(L, ci) : run<false>(L, ci))) ci = L.ci;
}

}  // namespace gilvm
