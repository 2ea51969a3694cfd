// object.h — the collectable objects: strings, tables, prototypes, closures,
// upvalues and userdata.
//
// Every collectable object starts with a GCObject header and lives on its
// interpreter's list of all objects (Interpreter::all_objects), which the
// mark-and-sweep collector (gc.cpp) walks. Objects are created only through
// Interpreter::new_* functions so that the collector accounts for them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "interp/core/assert.h"
#include "interp/core/ft.h"
#include "interp/core/value.h"

namespace gilvm {

using Instruction = uint32_t;

enum class ObjType : uint8_t { String, Table, Proto, UpVal, LClosure, NClosure, Userdata, Thread };

struct GCObject {
  GCObject* next_object;  // the interpreter's list of all objects
  ObjType type;
  uint8_t marked;
  // Tables and full userdata: marked for finalization (a metatable with
  // __gc was set) and not yet handed to the finalizer queue (gc.cpp).
  uint8_t finalizable;
};

// Strings are immutable byte sequences. Short strings (at most
// kMaxShortString bytes) are interned: two equal short strings are the same
// object, so they compare by pointer. Long strings are compared by content
// and hash lazily.
struct String : GCObject {
  static constexpr size_t kMaxShortString = 40;
  String* hash_next;  // chain in the interning table (short strings only)
  size_t length;
  uint32_t hash;
  bool is_short;
  bool has_hash;  // long strings hash on first use as a table key
  char data[1];   // length bytes plus a terminating NUL

  std::string_view view() const { return {data, length}; }
  static size_t bytes(size_t len) { return sizeof(String) + len; }
  const char* c_str() const { return data; }
};

bool string_equal(const String* a, const String* b);
uint32_t string_hash(String* s);  // long strings hash on first use

// Metamethod events, in the order Lua's ltm.h lists them. The first six are
// cached as "absent" bits in Table::absent_metamethods.
enum class TM : uint8_t {
  Index,
  NewIndex,
  Gc,
  Mode,
  Len,
  Eq,
  Add,
  Sub,
  Mul,
  Mod,
  Pow,
  Div,
  IDiv,
  BAnd,
  BOr,
  BXor,
  Shl,
  Shr,
  Unm,
  BNot,
  Lt,
  Le,
  Concat,
  Call,
  Close,
  NumEvents
};

// The events' names ("__index", ...), indexed by TM.
inline constexpr const char* kEventNames[] = {
    "__index", "__newindex", "__gc",  "__mode", "__len",    "__eq",   "__add",  "__sub", "__mul",
    "__mod",   "__pow",      "__div", "__idiv", "__band",   "__bor",  "__bxor", "__shl", "__shr",
    "__unm",   "__bnot",     "__lt",  "__le",   "__concat", "__call", "__close"};
static_assert(std::size(kEventNames) == size_t(TM::NumEvents));

// A table: an array part for keys 1..array_size and a hash part, a chained
// scatter table with Brent's variation (as Lua's ltable.c): every key lives in
// the node array itself, colliding keys are chained through `next` offsets,
// and a key that sits in another key's main position is moved out when that
// key arrives. Removing a key stores nil in its value and keeps the key, so
// chains stay intact and `next` keeps working while fields are cleared during
// a traversal; the collector turns such keys into DeadKey.
struct Table : GCObject {
  struct NodeKey {
    union {
      int64_t i;
      double n;
      GCObject* gc;
      void* p;
      NativeFn f;
    };
    Tag tag;
    int32_t next;  // offset to the next node of this chain, 0 at its end
    Value value() const {
      Value v;
      v.i = i;
      v.tag = tag;
      return v;
    }
    void set(const Value& v) {
      i = v.i;
      tag = v.tag;
    }
  };
  struct Node {
    Value val;
    NodeKey key;
  };
  uint8_t absent_metamethods;  // bit e set: metamethod e known absent
  // Free-threaded build: writers' lock, readers' validation (table.cpp);
  // nothing in the GIL build.
  [[no_unique_address]] mutable SeqLock lock;
  Table* metatable;
  Value* array;
  uint32_t array_size;
  uint32_t border_hint;  // where the length operator's search starts (Lua's alimit; table.cpp)
  uint32_t node_mask;    // hash part has node_mask + 1 slots (none when nodes == nullptr)
  Node* nodes;
  Node* last_free;  // every node at or above it is known to be in use

  uint32_t node_count() const { return nodes ? node_mask + 1 : 0; }
};

struct LocVar {
  String* name;
  int startpc;  // first pc where the variable is active
  int endpc;    // first pc where it is dead
};

struct UpvalDesc {
  String* name;
  uint8_t in_stack;  // 1: captures a register of the enclosing function
  uint8_t index;     // register or enclosing upvalue index
  uint8_t kind;
};

// The inline cache of one instruction that names a field by a string
// constant (GETFIELD, SELF, SETFIELD, GETTABUP, SETTABUP): hash-node indices
// where the key was last found in the table itself (own); and, for a field
// found through __index, level by level, where "__index" was found in the
// metatable (index_event) and the key in the table __index names
// (inherited). They are hints, never trusted: a lookup uses a node only when
// it holds exactly that key (docs/architecture.md, "Inline caches"). A node
// index above 65535 is not remembered. Without a GIL any thread reads and
// writes them, as relaxed atomics.
using NodeHint = uint16_t;
struct FieldHint {
  static constexpr int kLevels = 3;  // __index levels with hints; deeper ones walk
  NodeHint own = 0;
  NodeHint index_event[kLevels] = {};
  NodeHint inherited[kLevels] = {};
};

// A function prototype: the verified, immutable result of loading one
// function of a binary chunk (but for its inline caches).
struct Proto : GCObject {
  uint8_t num_params;
  uint8_t is_vararg;
  uint8_t max_stack;
  int line_defined;
  int last_line_defined;
  String* source;
  std::vector<Instruction> code;
  std::vector<FieldHint> field_hints;  // one per instruction, indexed by pc
  std::vector<Value> constants;
  std::vector<UpvalDesc> upvalues;
  std::vector<Proto*> protos;
  std::vector<int> line_of_pc;  // absolute line of every instruction (empty: stripped)
  std::vector<LocVar> locvars;
};

// An upvalue: while open it points at a live register of some frame; when
// that frame ends it is closed and points at its own `closed` slot.
//
// Without a GIL a closure may run on another thread while the register it
// captured is still open, and its frame may end (close the upvalue) at the
// same moment. The thread that owns the register reads and writes it
// directly and closes the upvalue; any other thread goes through get/set.
// While the upvalue is open, another thread's set and the close take turns
// by a lock bit in the low bit of `v` (Values are 16-byte aligned), so a
// write from another thread is never lost in the copy to `closed` nor lands
// in a register that a later frame reuses. Another thread's get takes no
// lock: it reads `v`, the value, and `v` again, and reads again if the lock
// bit was set or `v` moved (get_shared, vm.cpp), so readers never write the
// upvalue's cache line. A closed upvalue needs no lock: values move in one
// 16-byte piece (load_value/store_value).
struct UpVal : GCObject {
  Value* v;
  Value closed;
  UpVal* next_open;          // the thread's open upvalues, sorted by stack level (highest first)
  const ThreadState* owner;  // the thread state whose register it captures (if ever open)
  bool is_open() const { return where() != &closed; }
  // The slot it stands for (without the lock bit).
  Value* where() const {
    if constexpr (!kFreeThreaded)
      return v;
    else
      return reinterpret_cast<Value*>(
          reinterpret_cast<uintptr_t>(__atomic_load_n(&v, __ATOMIC_ACQUIRE)) & ~uintptr_t(1));
  }

  // `by`: the thread state running the access. The slot of an open upvalue
  // is checked (debug builds) where the access is ordered with the owner's
  // closing it: under the GIL, or by the owner itself.
  Value get(const ThreadState* by) const {
#ifndef GILVM_FREE_THREADED
    GILVM_ASSERT(v == &closed || slot_is_live(), "an open upvalue outlived its stack");
    return *v;
#else
    Value* at = __atomic_load_n(&v, __ATOMIC_ACQUIRE);
    if (at == &closed) return load_value(&closed);
    if (by == owner) {
      GILVM_ASSERT(slot_is_live(), "an open upvalue outlived its stack");
      return load_value(where());
    }
    return get_shared();
#endif
  }
  void set(const ThreadState* by, const Value& x) {
#ifndef GILVM_FREE_THREADED
    GILVM_ASSERT(v == &closed || slot_is_live(), "an open upvalue outlived its stack");
    *v = x;
#else
    Value* at = __atomic_load_n(&v, __ATOMIC_ACQUIRE);
    if (at == &closed) {
      store_value(&closed, x);
    } else if (by == owner) {
      GILVM_ASSERT(slot_is_live(), "an open upvalue outlived its stack");
      store_value(where(), x);
    } else {
      set_shared(x);
    }
#endif
  }
  // Called by the owner when the register's frame ends.
  void close() {
    GILVM_ASSERT(is_open() && slot_is_live(), "closing an upvalue that is not open");
#ifndef GILVM_FREE_THREADED
    closed = *v;
    v = &closed;
#else
    if (only_thread()) {
      // Nobody else can be in get_shared or set_shared: no lock bit.
      store_value(&closed, *where());
      __atomic_store_n(&v, &closed, __ATOMIC_RELEASE);
    } else {
      close_shared();
    }
#endif
  }

 private:
  // Whether the open upvalue's slot lies in its owner's live stack, below
  // the highest slot a frame has used (vm.cpp; for GILVM_ASSERT). A dead
  // coroutine's or thread's stack is gone or reused.
  bool slot_is_live() const;
  // The locked paths (vm.cpp).
  Value get_shared() const;
  void set_shared(const Value& x);
  void close_shared();
};

struct LClosure : GCObject {
  Proto* proto;
  uint8_t num_upvalues;
  UpVal* upvals[1];
  static size_t bytes(size_t n) { return sizeof(LClosure) + (n ? n - 1 : 0) * sizeof(UpVal*); }
};

struct NClosure : GCObject {
  NativeFn fn;
  const char* name;  // for messages when no better name is known
  uint8_t num_upvalues;
  Value upvalues[1];
  static size_t bytes(size_t n) { return sizeof(NClosure) + (n ? n - 1 : 0) * sizeof(Value); }
};

struct Userdata : GCObject {
  Table* metatable;
  // Run by the collector just before the block is freed, for userdata that
  // hold C++ objects (a mutex, a shared_ptr). It must not touch other objects.
  void (*finalizer)(Userdata*);
  // Which C++ type a native userdata holds (native.h's push_native), so
  // that checking an argument's type costs one comparison.
  const void* native_tag;
  size_t size;
  Value user_value;
  alignas(16) unsigned char data[1];
  static size_t bytes(size_t size) { return sizeof(Userdata) + size; }
};

inline Value Value::string(String* s) {
  return object(s, Tag::String);
}
inline Value Value::table(Table* t) {
  return object(t, Tag::Table);
}
inline Value Value::lclosure(LClosure* c) {
  return object(c, Tag::LClosure);
}
inline Value Value::nclosure(NClosure* c) {
  return object(c, Tag::NClosure);
}
inline Value Value::userdata(Userdata* u) {
  return object(u, Tag::Userdata);
}
inline String* Value::as_string() const {
  return static_cast<String*>(gc);
}
inline Table* Value::as_table() const {
  return static_cast<Table*>(gc);
}
inline LClosure* Value::as_lclosure() const {
  return static_cast<LClosure*>(gc);
}
inline NClosure* Value::as_nclosure() const {
  return static_cast<NClosure*>(gc);
}
inline Userdata* Value::as_userdata() const {
  return static_cast<Userdata*>(gc);
}

}  // namespace gilvm
