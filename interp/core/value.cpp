// value.cpp — the two operations every part of the VM needs on bare values:
// raw equality (rawequal, table keys) and the type names `type` returns.
#include "interp/core/value.h"

#include "interp/core/number.h"
#include "interp/core/object.h"

namespace gilvm {

bool raw_equal(const Value& a, const Value& b) {
  if (a.tag != b.tag) {
    // An integer and a float are equal when they denote the same number;
    // comparing them as integers avoids the rounding of int -> double.
    if (!(a.is_number() && b.is_number())) return false;
    int64_t ia, ib;
    return to_integer(a, &ia) && to_integer(b, &ib) && ia == ib;
  }
  switch (a.tag) {
    case Tag::Nil:
    case Tag::False:
    case Tag::True: return true;
    case Tag::Int: return a.i == b.i;
    case Tag::Float: return a.n == b.n;
    case Tag::LightUserdata: return a.p == b.p;
    case Tag::LightNative: return a.f == b.f;
    case Tag::String: return string_equal(a.as_string(), b.as_string());
    default: return a.gc == b.gc;  // DeadKey and the other collectables: identity
  }
}

const char* type_name(Tag t) {
  switch (t) {
    case Tag::Nil: return "nil";
    case Tag::False:
    case Tag::True: return "boolean";
    case Tag::Int:
    case Tag::Float: return "number";
    case Tag::LightUserdata:
    case Tag::Userdata: return "userdata";
    case Tag::LightNative:
    case Tag::LClosure:
    case Tag::NClosure: return "function";
    case Tag::String: return "string";
    case Tag::Table: return "table";
    case Tag::Thread: return "thread";
    case Tag::DeadKey:
    case Tag::NumTags: break;
  }
  return "no value";
}

}  // namespace gilvm
