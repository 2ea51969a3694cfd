// value.h — the tagged value every register, table slot and upvalue holds.
//
// A Value is 16 bytes: an 8-byte payload and a tag. Nil and the two booleans
// are distinct tags so that truthiness is a single compare (tag <= False).
// Tags at or above String point at a collectable object (see object.h).
#pragma once

#include <cstdint>
#include <cstring>

namespace gilvm {

struct GCObject;
struct String;
struct Table;
struct LClosure;
struct NClosure;
struct Userdata;
class ThreadState;

// A native function: reads its arguments from the stack above its frame's
// function slot and pushes its results; returns how many it pushed.
using NativeFn = int (*)(ThreadState& L);

enum class Tag : uint8_t {
  Nil = 0,
  False,
  True,
  Int,
  Float,
  LightUserdata,
  LightNative,  // a NativeFn without upvalues
  DeadKey,      // a hash key whose value was removed; compared by identity only
  // collectable tags from here on
  String,
  Table,
  LClosure,
  NClosure,
  Userdata,
  Thread,  // a ThreadState: a coroutine, or an OS thread's own state
  NumTags
};

constexpr bool is_collectable(Tag t) {
  return t >= Tag::String;
}

struct alignas(16) Value {
  union {
    int64_t i;
    double n;
    GCObject* gc;
    void* p;
    NativeFn f;
  };
  Tag tag;

  Value() : i(0), tag(Tag::Nil) {}

  static Value nil() { return Value(); }
  static Value boolean(bool b) {
    Value v;
    v.tag = b ? Tag::True : Tag::False;
    return v;
  }
  static Value integer(int64_t x) {
    Value v;
    v.i = x;
    v.tag = Tag::Int;
    return v;
  }
  static Value number(double x) {
    Value v;
    v.n = x;
    v.tag = Tag::Float;
    return v;
  }
  static Value light_userdata(void* ptr) {
    Value v;
    v.p = ptr;
    v.tag = Tag::LightUserdata;
    return v;
  }
  static Value native(NativeFn fn) {
    Value v;
    v.f = fn;
    v.tag = Tag::LightNative;
    return v;
  }
  static Value object(GCObject* o, Tag t) {
    Value v;
    v.gc = o;
    v.tag = t;
    return v;
  }
  // Typed constructors for the collectable kinds (defined in object.h).
  static inline Value string(String* s);
  static inline Value table(Table* t);
  static inline Value lclosure(LClosure* c);
  static inline Value nclosure(NClosure* c);
  static inline Value userdata(Userdata* u);
  static inline Value thread(ThreadState* L);  // defined in state.h

  bool is_nil() const { return tag == Tag::Nil; }
  bool is_falsy() const { return tag <= Tag::False; }
  bool is_truthy() const { return tag > Tag::False; }
  bool is_bool() const { return tag == Tag::False || tag == Tag::True; }
  bool is_int() const { return tag == Tag::Int; }
  bool is_float() const { return tag == Tag::Float; }
  bool is_number() const { return tag == Tag::Int || tag == Tag::Float; }
  bool is_string() const { return tag == Tag::String; }
  bool is_table() const { return tag == Tag::Table; }
  bool is_function() const {
    return tag == Tag::LClosure || tag == Tag::NClosure || tag == Tag::LightNative;
  }
  bool is_collectable() const { return gilvm::is_collectable(tag); }

  double as_number() const { return tag == Tag::Int ? double(i) : n; }
  inline String* as_string() const;
  inline Table* as_table() const;
  inline LClosure* as_lclosure() const;
  inline NClosure* as_nclosure() const;
  inline Userdata* as_userdata() const;
  inline ThreadState* as_thread() const;  // defined in state.h
};

static_assert(sizeof(Value) == 16, "a Value is two words");

// Raw equality (no metamethods): what rawequal and table keys use.
// Integers and floats compare by mathematical value.
bool raw_equal(const Value& a, const Value& b);

// The name Lua's `type` returns for a value.
const char* type_name(Tag t);
inline const char* type_name(const Value& v) {
  return type_name(v.tag);
}

}  // namespace gilvm
