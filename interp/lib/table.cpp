// lib/table.cpp — the `table` library: insert, remove, concat, pack, unpack,
// move and sort.
//
// As in Lua 5.4, these functions work on any value that behaves like a table:
// element access goes through __index/__newindex and the length through
// __len. A plain table (no metatable) takes a raw fast path instead; the two
// agree because a table without a metatable has no metamethods to honour.
//
// table.sort is Lua's quicksort (median of three, a randomised pivot for
// ranges that keep partitioning badly). Following it step by step matters only
// for inconsistent comparators: they make Lua raise "invalid order function
// for sorting" at a particular point, and gilvm raises it at the same point.
#include <algorithm>
#include <chrono>
#include <climits>
#include <string>
#include <vector>

#include "interp/core/api.h"
#include "interp/lib/lib.h"

namespace gilvm {

namespace {

// ---------------------------------------------------------------------------
// Element access with metamethods (lua_geti, lua_seti, luaL_len)

Value get_item(ThreadState& L, const Value& t, int64_t i) {
  if (t.is_table()) {
    const Value v = table_get_int(t.as_table(), i);
    if (!v.is_nil() || !table_metatable(t.as_table())) return v;
  }
  return L.index(t, Value::integer(i));
}

void set_item(ThreadState& L, const Value& t, int64_t i, const Value& v) {
  if (t.is_table() && !table_metatable(t.as_table())) {
    table_set_int(L, t.as_table(), i, v);
  } else {
    L.set_index(t, Value::integer(i), v);
  }
}

int64_t length_of(ThreadState& L, const Value& t) {
  if (t.is_table() && !table_metatable(t.as_table())) return table_length(t.as_table());
  int64_t n;
  if (!to_integer(L.length(t), &n)) L.error("object length is not an integer");
  return n;
}

// What a function does with its table argument: a value that is not a table
// is accepted when its metatable has the metamethods for those operations.
enum Access { kRead = 1, kWrite = 2, kLength = 4 };

void check_table_like(ThreadState& L, int arg, int access) {
  const Value v = L.arg(arg);
  if (v.is_table()) return;
  const Table* mt = L.metatable_of(v);
  auto has = [&](TM event) {
    return !table_get_str(mt, L.interp.tm_names[size_t(event)]).is_nil();
  };
  if (mt && (!(access & kRead) || has(TM::Index)) && (!(access & kWrite) || has(TM::NewIndex)) &&
      (!(access & kLength) || has(TM::Len))) {
    return;
  }
  L.type_error(arg, "table");
}

// The length of argument 1 after checking that it supports `access`.
int64_t checked_length(ThreadState& L, int access) {
  check_table_like(L, 1, access | kLength);
  return length_of(L, L.args()[0]);
}

// ---------------------------------------------------------------------------
// insert, remove, move

int table_insert(ThreadState& L) {
  const int nargs = L.nargs();
  const int64_t end = int64_t(uint64_t(checked_length(L, kRead | kWrite)) + 1);  // first empty slot
  const Value t = L.args()[0];
  int64_t pos;
  switch (nargs) {
    case 2: pos = end; break;
    case 3:
      pos = L.check_integer(2);
      if (uint64_t(pos) - 1u >= uint64_t(end)) L.arg_error(2, "position out of bounds");
      for (int64_t i = end; i > pos; i--) set_item(L, t, i, get_item(L, t, i - 1));
      break;
    default: L.error("wrong number of arguments to 'insert'");
  }
  set_item(L, t, pos, L.args()[nargs - 1]);
  return 0;
}

int table_remove(ThreadState& L) {
  const int64_t size = checked_length(L, kRead | kWrite);
  const Value t = L.args()[0];
  int64_t pos = L.opt_integer(2, size);
  if (pos != size && uint64_t(pos) - 1u > uint64_t(size)) {
    L.arg_error(1, "position out of bounds");  // Lua 5.4.4 names argument #1 here
  }
  L.push(get_item(L, t, pos));  // the result, kept on the stack while elements shift
  for (; pos < size; pos++) set_item(L, t, pos, get_item(L, t, pos + 1));
  set_item(L, t, pos, Value());
  return 1;
}

// table.move(a1, f, e, t [, a2]): a2[t .. t+e-f] = a1[f .. e].
int table_move(ThreadState& L) {
  const int64_t first = L.check_integer(2);
  const int64_t last = L.check_integer(3);
  const int64_t dest = L.check_integer(4);
  const int dest_arg = L.arg(5).is_nil() ? 1 : 5;
  check_table_like(L, 1, kRead);
  check_table_like(L, dest_arg, kWrite);
  if (last >= first) {
    if (!(first > 0 || last < INT64_MAX + first)) L.arg_error(3, "too many elements to move");
    const int64_t n = last - first + 1;
    if (dest > INT64_MAX - n + 1) L.arg_error(4, "destination wrap around");
    const Value src = L.args()[0];
    const Value dst = L.args()[dest_arg - 1];
    // Copy forwards unless the ranges overlap with the destination above the
    // source, where a forward copy would overwrite elements not yet read.
    if (dest > last || dest <= first || (dest_arg != 1 && !L.equal(src, dst))) {
      for (int64_t i = 0; i < n; i++) set_item(L, dst, dest + i, get_item(L, src, first + i));
    } else {
      for (int64_t i = n - 1; i >= 0; i--) set_item(L, dst, dest + i, get_item(L, src, first + i));
    }
  }
  L.push(L.args()[dest_arg - 1]);
  return 1;
}

// ---------------------------------------------------------------------------
// concat, pack, unpack

int table_concat(ThreadState& L) {
  int64_t last = checked_length(L, kRead);
  const String* sep_string = L.opt_string(2, nullptr);
  const std::string_view sep = sep_string ? sep_string->view() : std::string_view();
  int64_t i = L.opt_integer(3, 1);
  last = L.opt_integer(4, last);
  const Value t = L.args()[0];
  std::string out;
  auto append_item = [&](int64_t index) {
    const Value v = get_item(L, t, index);
    if (v.is_string()) {
      out.append(v.as_string()->view());
    } else if (v.is_number()) {
      char buf[64];
      out.append(buf, format_number(v, buf));
    } else {
      L.error("invalid value (%s) at index %lld in table for 'concat'", type_name(v),
              static_cast<long long>(index));
    }
  };
  for (; i < last; i++) {
    append_item(i);
    out.append(sep);
  }
  if (i == last) append_item(i);
  L.push_string(out);
  return 1;
}

int table_pack(ThreadState& L) {
  const int n = L.nargs();
  Table* t = L.interp.new_table(uint32_t(n), 1);
  L.push(Value::table(t));
  for (int i = 0; i < n; i++) table_set_int(L, t, i + 1, L.args()[i]);
  table_set_str(L, t, L.interp.intern("n"), Value::integer(n));
  return 1;
}

int table_unpack(ThreadState& L) {
  const Value t = L.arg(1);
  const int64_t first = L.opt_integer(2, 1);
  const int64_t last = L.arg(3).is_nil() ? length_of(L, t) : L.check_integer(3);
  if (first > last) return 0;
  const uint64_t span = uint64_t(last) - uint64_t(first);  // count - 1, which cannot overflow
  if (span >= uint64_t(INT_MAX) || span >= uint64_t(L.stack_last - L.top)) {
    L.error("too many results to unpack");
  }
  const uint64_t count = span + 1;
  L.ensure_stack(int(count));
  if (t.is_table() && !table_metatable(t.as_table())) {
    const Table* h = t.as_table();
    for (uint64_t k = 0; k < count; k++) L.top[k] = table_get_int(h, int64_t(uint64_t(first) + k));
    L.top += count;
  } else {
    for (uint64_t k = 0; k < count; k++) L.push(get_item(L, t, int64_t(uint64_t(first) + k)));
  }
  return int(count);
}

// ---------------------------------------------------------------------------
// sort
//
// The algorithm is written once, over a Sorter that holds three value
// registers (kA and kB for elements, kPivot for the pivot) and provides
//   load(r, i)   register r = a[i]
//   store(i, r)  a[i] = register r
//   less(r, s)   register r < register s under the sort's order
//   fail()       raises "invalid order function for sorting"
// so the fast path (plain values in C++ memory) and the general path (values
// on the Lua stack, comparator calls) perform exactly the same steps.

enum SortRegister { kA, kB, kPivot };

// Ranges larger than this get a pivot chosen at random from their middle half
// once their partitions have turned out unbalanced.
constexpr uint32_t kRandomPivotRange = 100;

uint32_t random_pivot_seed() {
  const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
  return uint32_t(ticks) ^ uint32_t(uint64_t(ticks) >> 32);
}

// Sorts a[lo .. up]. Invariant of the partition step: a[lo .. i] <= P <=
// a[j .. up] and a[up - 1] == P; an element that a consistent order could not
// put past those bounds means the order is invalid.
template <class Sorter>
void quicksort(Sorter& s, uint32_t lo, uint32_t up, uint32_t rnd) {
  while (lo < up) {
    s.load(kA, lo);
    s.load(kB, up);
    if (s.less(kB, kA)) {
      s.store(lo, kB);
      s.store(up, kA);
    }
    if (up - lo == 1) return;

    uint32_t p = lo + (up - lo) / 2;
    if (up - lo >= kRandomPivotRange && rnd != 0) {
      const uint32_t quarter = (up - lo) / 4;
      p = rnd % (quarter * 2) + (lo + quarter);
    }
    // Order a[lo] <= a[p] <= a[up].
    s.load(kA, p);
    s.load(kB, lo);
    if (s.less(kA, kB)) {
      s.store(p, kB);
      s.store(lo, kA);
    } else {
      s.load(kB, up);
      if (s.less(kB, kA)) {
        s.store(p, kB);
        s.store(up, kA);
      }
    }
    if (up - lo == 2) return;

    // Park the pivot at a[up - 1] and partition a[lo + 1 .. up - 2].
    s.load(kPivot, p);
    s.load(kB, up - 1);
    s.store(p, kB);
    s.store(up - 1, kPivot);
    uint32_t i = lo, j = up - 1;
    for (;;) {
      for (s.load(kA, ++i); s.less(kA, kPivot); s.load(kA, ++i)) {
        if (i == up - 1) s.fail();
      }
      for (s.load(kB, --j); s.less(kPivot, kB); s.load(kB, --j)) {
        if (j < i) s.fail();
      }
      if (j < i) break;
      s.store(i, kB);
      s.store(j, kA);
    }
    s.store(up - 1, kA);  // the pivot goes to its final place, i
    s.store(i, kPivot);
    p = i;

    // Recurse into the smaller half and loop on the larger one, so the
    // recursion depth stays logarithmic.
    uint32_t smaller;
    if (p - lo < up - p) {
      quicksort(s, lo, p - 1, rnd);
      smaller = p - lo;
      lo = p + 1;
    } else {
      quicksort(s, p + 1, up, rnd);
      smaller = up - p;
      up = p - 1;
    }
    if ((up - lo) / 128 > smaller) rnd = random_pivot_seed();
  }
}

// The general path: the table is accessed with metamethods, values live in
// three stack slots (the collector sees them while the comparator runs) and
// the comparator, if any, is called through the VM.
struct StackSorter {
  ThreadState& L;
  Value* table;       // argument 1
  Value* comparator;  // argument 2, or null to use '<'
  Value* regs;        // three slots below L.top

  void load(int r, uint32_t i) { regs[r] = get_item(L, *table, i); }
  void store(uint32_t i, int r) { set_item(L, *table, i, regs[r]); }
  bool less(int a, int b) {
    if (!comparator) return L.less_than(regs[a], regs[b]);
    Value* call = L.top;
    call[0] = *comparator;
    call[1] = regs[a];
    call[2] = regs[b];
    L.top = call + 3;
    L.call(call, 1);
    const bool result = call[0].is_truthy();
    L.top = call;
    return result;
  }
  [[noreturn]] void fail() { L.error("invalid order function for sorting"); }
};

// The fast path, for a plain table whose elements all compare without
// metamethods (all numbers or all strings) and no comparator: the elements
// are copied out, sorted and copied back. No Lua code can run meanwhile, so
// the copies need no rooting and nobody can observe the table in between.
template <class Less>
struct ArraySorter {
  ThreadState& L;
  Table* table;
  std::vector<Value>& a;  // a[0] holds element 1
  Less is_less;
  Value regs[3];

  void load(int r, uint32_t i) { regs[r] = a[i - 1]; }
  void store(uint32_t i, int r) { a[i - 1] = regs[r]; }
  bool less(int x, int y) { return is_less(regs[x], regs[y]); }
  void write_back() {
    for (size_t i = 0; i < a.size(); i++) table_set_int(L, table, int64_t(i) + 1, a[i]);
  }
  // An invalid order (NaNs among the numbers) leaves the table as far sorted
  // as Lua would have left it.
  [[noreturn]] void fail() {
    write_back();
    L.error("invalid order function for sorting");
  }
};

template <class Less>
void sort_array(ThreadState& L, Table* t, std::vector<Value>& a, Less less) {
  ArraySorter<Less> s{L, t, a, less, {}};
  quicksort(s, 1, uint32_t(a.size()), 0);
  s.write_back();
}

// Sorts with the fast path when it applies; returns false when it does not.
bool sort_plain_table(ThreadState& L, Table* t, int64_t n) {
  std::vector<Value> a;
  a.reserve(size_t(n));
  bool all_ints = true, all_floats = true, all_strings = true;
  for (int64_t i = 1; i <= n; i++) {
    const Value v = table_get_int(t, i);
    all_ints &= v.is_int();
    all_floats &= v.is_float();
    all_strings &= v.is_string();
    if (!v.is_number() && !v.is_string()) return false;
    a.push_back(v);
  }
  if (all_ints) {
    sort_array(L, t, a, [](const Value& x, const Value& y) { return x.i < y.i; });
  } else if (all_floats) {
    sort_array(L, t, a, [](const Value& x, const Value& y) { return x.n < y.n; });
  } else if (all_strings ||
             !std::any_of(a.begin(), a.end(), [](const Value& v) { return v.is_string(); })) {
    // Strings with strings, or mixed integers and floats: the VM's '<' never
    // calls a metamethod for these.
    sort_array(L, t, a, [&L](const Value& x, const Value& y) { return L.less_than(x, y); });
  } else {
    return false;
  }
  return true;
}

int table_sort(ThreadState& L) {
  const int64_t n = checked_length(L, kRead | kWrite);
  if (n <= 1) return 0;
  if (n >= INT_MAX) L.arg_error(1, "array too big");
  const Value comparator = L.arg(2);
  if (!comparator.is_nil() && !comparator.is_function()) L.type_error(2, "function");
  const Value t = L.args()[0];
  if (comparator.is_nil() && t.is_table() && !table_metatable(t.as_table()) &&
      sort_plain_table(L, t.as_table(), n)) {
    return 0;
  }
  // Stack layout: the table, the comparator (or nil), the three registers,
  // then room for one comparator call.
  L.ensure_stack(1 + 3 + 3);
  if (L.nargs() < 2) L.args()[1] = Value();
  Value* regs = L.args() + 2;
  regs[kA] = regs[kB] = regs[kPivot] = Value();
  L.top = regs + 3;
  StackSorter s{L, L.args(), comparator.is_nil() ? nullptr : L.args() + 1, regs};
  quicksort(s, 1, uint32_t(n), 0);
  return 0;
}

}  // namespace

void open_table_lib(Interpreter& I) {
  I.new_module("table", {{"insert", table_insert},
                         {"remove", table_remove},
                         {"move", table_move},
                         {"concat", table_concat},
                         {"pack", table_pack},
                         {"unpack", table_unpack},
                         {"sort", table_sort}});
}

}  // namespace gilvm
