// value.cpp — Value, Ref, Table, Function and Error (include/gilvm/value.h).
#include <cstdio>
#include <optional>

#include "embed/core.h"
#include "interp/core/api.h"

namespace gilvm::embed {

using detail::Access;

namespace {

// A table's index and newindex with metamethods, run as natives inside a
// protected call: they may run Lua code that raises errors.
int index_op(gilvm::ThreadState& L) {
  L.push(L.index(L.arg(1), L.arg(2)));
  return 1;
}

int set_index_op(gilvm::ThreadState& L) {
  L.set_index(L.arg(1), L.arg(2), L.arg(3));
  return 0;
}

// The number a Value holds, or a numeric string converted, as Lua's
// tonumber does.
std::optional<gilvm::Value> number_of(const Value& v) {
  const auto& x = Access::variant(v);
  if (v.is_integer()) return gilvm::Value::integer(std::get<2>(x));
  if (x.index() == 3) return gilvm::Value::number(std::get<3>(x));
  if (v.is_string()) return gilvm::string_to_number(std::get<4>(x));
  return std::nullopt;
}

[[noreturn]] void type_mismatch(const char* expected, const Value& v) {
  detail::fail(std::string(expected) + " expected, got " + type_name(v.type()));
}

// A Ref that refers to an object of type `type`, or a mismatch error.
Ref ref_of_type(const Value& v, Type type) {
  if (v.type() != type) type_mismatch(type_name(type), v);
  return std::get<5>(Access::variant(v));
}

}  // namespace

const char* type_name(Type type) {
  switch (type) {
    case Type::Nil: return "nil";
    case Type::Boolean: return "boolean";
    case Type::Number: return "number";
    case Type::String: return "string";
    case Type::Table: return "table";
    case Type::Function: return "function";
    case Type::Userdata: return "userdata";
    case Type::Thread: return "thread";
  }
  return "?";
}

// --- Ref -------------------------------------------------------------------------

Type Ref::type() const {
  return slot_ ? slot_->type : Type::Nil;
}

bool Ref::alive() const {
  return slot_ && slot_->core->alive.load(std::memory_order_acquire);
}

Interpreter& Ref::interpreter() const {
  return detail::core_of(*this).owner;
}

bool operator==(const Ref& a, const Ref& b) {
  if (!a.slot_ || !b.slot_) return a.slot_ == b.slot_;
  return a.slot_->core == b.slot_->core && a.slot_->identity == b.slot_->identity;
}

// --- Value -----------------------------------------------------------------------

Value::Value(Ref r) {
  if (r) v_ = std::move(r);
}

Type Value::type() const {
  switch (v_.index()) {
    case 0: return Type::Nil;
    case 1: return Type::Boolean;
    case 2:
    case 3: return Type::Number;
    case 4: return Type::String;
    default: return std::get<5>(v_).type();
  }
}

int64_t Value::as_integer() const {
  if (is_integer()) return std::get<2>(v_);
  if (const auto n = number_of(*this)) {
    int64_t i;
    if (gilvm::to_integer(*n, &i)) return i;
    detail::fail("number has no integer representation");
  }
  type_mismatch("number", *this);
}

double Value::as_number() const {
  if (const auto n = number_of(*this)) return n->as_number();
  type_mismatch("number", *this);
}

std::string Value::as_string() const {
  if (is_string()) return std::get<4>(v_);
  if (is_number()) return to_string();
  type_mismatch("string", *this);
}

Table Value::as_table() const {
  return Access::as<Table>(ref_of_type(*this, Type::Table));
}

Function Value::as_function() const {
  return Access::as<Function>(ref_of_type(*this, Type::Function));
}

Ref Value::as_ref() const {
  if (v_.index() != 5) type_mismatch("object", *this);
  return std::get<5>(v_);
}

std::string Value::to_string() const {
  switch (v_.index()) {
    case 0: return "nil";
    case 1: return std::get<1>(v_) ? "true" : "false";
    case 2: return gilvm::number_to_string(gilvm::Value::integer(std::get<2>(v_)));
    case 3: return gilvm::number_to_string(gilvm::Value::number(std::get<3>(v_)));
    case 4: return std::get<4>(v_);
    default: {
      // As Lua's tostring prints an object without __tostring.
      char buf[64];
      std::snprintf(buf, sizeof buf, "%s: %p", type_name(type()),
                    Access::slot(std::get<5>(v_))->identity);
      return buf;
    }
  }
}

bool operator==(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) return gilvm::raw_equal(*number_of(a), *number_of(b));
  return a.v_ == b.v_;
}

// --- Error -----------------------------------------------------------------------

Error::Error(const std::string& message)
    : std::runtime_error(message), message_(message), value_(message) {}

Error::Error(const std::string& message, std::string traceback, Value value)
    : std::runtime_error(message),
      message_(message),
      traceback_(std::move(traceback)),
      value_(std::move(value)),
      from_lua_(true) {}

std::string Error::report() const {
  return traceback_.empty() ? message_ : message_ + "\n" + traceback_;
}

// --- Table -----------------------------------------------------------------------

namespace detail {

Value index_table(Core& core, gilvm::ThreadState& L, const gilvm::Value& t, const Value& key) {
  const gilvm::Value k = to_vm(core, L, key);
  if (t.tag == gilvm::Tag::Table && L.metamethod(t, gilvm::TM::Index).is_nil())
    return to_public(core, L, gilvm::table_get(t.as_table(), k));
  reserve_stack(L, 3);
  L.push(gilvm::Value::native(index_op));
  L.push(t);
  L.push(k);
  return protected_call(core, L, 2, 1)[0];
}

void set_in_table(Core& core, gilvm::ThreadState& L, const gilvm::Value& t, const Value& key,
                  const Value& value) {
  const gilvm::Value k = to_vm(core, L, key);
  if (t.tag == gilvm::Tag::Table && L.metamethod(t, gilvm::TM::NewIndex).is_nil()) {
    check_key(k);
    // k, if a new string, is not rooted until stored: no safe point comes in between.
    gilvm::table_set(L, t.as_table(), k, to_vm(core, L, value));
    return;
  }
  reserve_stack(L, 4);
  L.push(gilvm::Value::native(set_index_op));
  L.push(t);
  L.push(k);
  L.push(to_vm(core, L, value));
  protected_call(core, L, 3, 0);
}

}  // namespace detail

Value Table::get(const Value& key) const {
  detail::Core& core = detail::core_of(*this);
  gilvm::ThreadState& L = detail::current_state(core);
  return detail::index_table(core, L, detail::object_of(L, *this), key);
}

void Table::set_value(const Value& key, const Value& value) const {
  detail::Core& core = detail::core_of(*this);
  gilvm::ThreadState& L = detail::current_state(core);
  detail::set_in_table(core, L, detail::object_of(L, *this), key, value);
}

Value Table::raw_get(const Value& key) const {
  detail::Core& core = detail::core_of(*this);
  gilvm::ThreadState& L = detail::current_state(core);
  const gilvm::Value k = detail::to_vm(core, L, key);
  return detail::to_public(core, L, gilvm::table_get(detail::object_of(L, *this).as_table(), k));
}

void Table::raw_set(const Value& key, const Value& value) const {
  detail::Core& core = detail::core_of(*this);
  gilvm::ThreadState& L = detail::current_state(core);
  const gilvm::Value k = detail::to_vm(core, L, key);
  detail::check_key(k);
  gilvm::table_set(L, detail::object_of(L, *this).as_table(), k, detail::to_vm(core, L, value));
}

int64_t Table::length() const {
  detail::Core& core = detail::core_of(*this);
  gilvm::ThreadState& L = detail::current_state(core);
  return gilvm::table_length(detail::object_of(L, *this).as_table());
}

std::vector<std::pair<Value, Value>> Table::entries() const {
  detail::Core& core = detail::core_of(*this);
  gilvm::ThreadState& L = detail::current_state(core);
  std::vector<gilvm::Value> prefix;
  std::vector<std::pair<gilvm::Value, gilvm::Value>> pairs;
  gilvm::table_snapshot(detail::object_of(L, *this).as_table(), &prefix, &pairs);
  std::vector<std::pair<Value, Value>> out(prefix.size() + pairs.size());
  for (size_t i = 0; i < prefix.size(); i++) {
    out[i].first = int64_t(i + 1);
    out[i].second = detail::to_public(core, L, prefix[i]);
  }
  for (size_t i = 0; i < pairs.size(); i++) {
    out[prefix.size() + i].first = detail::to_public(core, L, pairs[i].first);
    out[prefix.size() + i].second = detail::to_public(core, L, pairs[i].second);
  }
  return out;
}

Table Table::metatable() const {
  detail::Core& core = detail::core_of(*this);
  gilvm::ThreadState& L = detail::current_state(core);
  gilvm::Table* mt = detail::object_of(L, *this).as_table()->metatable;
  return mt ? Access::as<Table>(detail::make_ref(core, L, gilvm::Value::table(mt))) : Table();
}

void Table::set_metatable(const Table& metatable) const {
  detail::Core& core = detail::core_of(*this);
  gilvm::ThreadState& L = detail::current_state(core);
  gilvm::Table* mt = nullptr;
  if (metatable) mt = detail::to_vm(core, L, Value(metatable)).as_table();
  gilvm::Table* t = detail::object_of(L, *this).as_table();
  gilvm::table_set_metatable(t, mt);
  if (mt) L.interp.check_finalizer(t, mt);
}

namespace detail {

std::vector<Value> sequence(const Table& t) {
  Core& core = core_of(t);
  gilvm::ThreadState& L = current_state(core);
  const gilvm::Table* raw = object_of(L, t).as_table();
  const int64_t n = gilvm::table_length(raw);
  std::vector<Value> out;
  out.reserve(size_t(n));
  for (int64_t i = 1; i <= n; i++) out.push_back(to_public(core, L, gilvm::table_get_int(raw, i)));
  return out;
}

}  // namespace detail

// --- Function --------------------------------------------------------------------

Results Function::call_values(const std::vector<Value>& args, int nresults) const {
  detail::Core& core = detail::core_of(*this);
  gilvm::ThreadState& L = detail::current_state(core);
  detail::reserve_stack(L, int(args.size()) + 1);
  gilvm::Value* base = L.top;
  try {
    L.push(detail::object_of(L, *this));
    for (const Value& a : args) L.push(detail::to_vm(core, L, a));
  } catch (...) {
    L.top = base;
    throw;
  }
  return detail::protected_call(core, L, int(args.size()), nresults);
}

}  // namespace gilvm::embed
