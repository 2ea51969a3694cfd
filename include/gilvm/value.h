// gilvm/value.h — Lua values as a host program holds them.
//
// A Value is a copy of a Lua value on the C++ side: nil, a boolean, an
// integer, a float, a string (its bytes, copied), or a Ref to an object that
// lives in the interpreter (a table, a function, a userdata, a coroutine).
// A Ref keeps its object alive for as long as any copy of it exists, across
// calls and collections, and lets it go when the last copy is destroyed;
// Table and Function are Refs whose type is known. None of these types shows
// how the interpreter lays out its values: a host compiles against this
// header, never against the VM's.
//
// Using a Ref (reading a table, calling a function) needs the calling thread
// to be attached to the Ref's interpreter, as every call into Lua does
// (interpreter.h says when a thread is). Copying or destroying one does not:
// a Ref dropped on a detached thread, or after its interpreter is gone, is
// let go safely. A Ref used after its interpreter was destroyed raises Error
// rather than touching freed memory.
//
// The conversions between C++ types and Lua values (std::vector, std::map,
// callables, your own types) are in gilvm/convert.h; include gilvm/gilvm.h
// for all of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace gilvm::embed {

class Interpreter;
class Table;
class Function;
class Results;

namespace detail {
struct Core;    // one interpreter as the API sees it (embed/core.h)
struct Slot;    // a Ref's hold on its object (embed/core.h)
struct Access;  // how embed/ reaches into these classes
}  // namespace detail

/// The type of a Lua value, as Lua's `type` function names it.
enum class Type : uint8_t { Nil, Boolean, Number, String, Table, Function, Userdata, Thread };

/// The name Lua's `type` gives a type: "nil", "boolean", "number", "string", "table",
/// "function", "userdata" or "thread".
const char* type_name(Type type);

/// A reference to an object in an interpreter (a table, a function, a userdata or a
/// coroutine) that keeps it alive until the last copy of the Ref is destroyed. Copies are
/// cheap and share the hold. A default-made Ref refers to nothing.
class Ref {
 public:
  Ref() = default;

  /// Whether it refers to an object.
  explicit operator bool() const { return slot_ != nullptr; }
  /// The object's type; Type::Nil for a Ref that refers to nothing.
  Type type() const;
  /// Whether the interpreter the object lives in still exists. Using a Ref whose
  /// interpreter is gone raises Error; copying and destroying it stay safe.
  bool alive() const;
  /// The interpreter the object lives in. Raises Error if it is gone or the Ref is empty.
  Interpreter& interpreter() const;
  /// Whether two Refs refer to the same object (Lua's rawequal).
  friend bool operator==(const Ref& a, const Ref& b);

 private:
  friend struct detail::Access;
  std::shared_ptr<const detail::Slot> slot_;
};

/// A Lua value held by the host: nil, a boolean, an integer, a float, a string, or a Ref
/// to an object. Values are made implicitly from the C++ types that match them, so that
/// `table.set("x", 1)` and `f("name", 2.5, true)` read naturally.
class Value {
 public:
  /// nil.
  Value() = default;
  /// nil.
  Value(std::nullptr_t) {}
  /// A boolean (only from bool itself: pointers do not turn into booleans).
  template <class B>
  requires std::is_same_v<B, bool> Value(B b) : v_(b) {}
  /// An integer. Unsigned values above 2^63 - 1 wrap around, as in Lua's C API.
  template <class I>
  requires(std::is_integral_v<I> && !std::is_same_v<I, bool>) Value(I i)
      : v_(static_cast<int64_t>(i)) {}
  /// A float.
  Value(double d) : v_(d) {}
  /// A string: any bytes, copied.
  Value(std::string s) : v_(std::move(s)) {}
  /// A string: any bytes, copied.
  Value(std::string_view s) : v_(std::string(s)) {}
  /// A string: the bytes up to the NUL, copied.
  Value(const char* s) : v_(std::string(s)) {}
  /// The object a Ref refers to (nil for an empty Ref).
  Value(Ref r);

  /// The value's type.
  Type type() const;
  /// Whether it is nil.
  bool is_nil() const { return v_.index() == 0; }
  /// Whether it is true or false.
  bool is_boolean() const { return v_.index() == 1; }
  /// Whether it is an integer (a number that Lua keeps as an integer).
  bool is_integer() const { return v_.index() == 2; }
  /// Whether it is a number, integer or float.
  bool is_number() const { return v_.index() == 2 || v_.index() == 3; }
  /// Whether it is a string.
  bool is_string() const { return v_.index() == 4; }
  /// Whether it is a table.
  bool is_table() const { return type() == Type::Table; }
  /// Whether it is a function.
  bool is_function() const { return type() == Type::Function; }
  /// Lua's truth: everything but nil and false is true (what `v.as<bool>()` gives).
  bool truthy() const { return !(is_nil() || (is_boolean() && !std::get<1>(v_))); }

  /// The integer, as Lua's luaL_checkinteger gives it: floats with an exact integer value
  /// and numeric strings convert. Raises Error ("number has no integer representation",
  /// "number expected, got table") otherwise.
  int64_t as_integer() const;
  /// The number as a float, as luaL_checknumber gives it (numeric strings convert).
  /// Raises Error otherwise.
  double as_number() const;
  /// The string, as luaL_checkstring gives it (numbers convert: 10 gives "10", 1.5 gives
  /// "1.5"). Raises Error for other types.
  std::string as_string() const;
  /// The table. Raises Error for other types.
  Table as_table() const;
  /// The function. Raises Error for other types.
  Function as_function() const;
  /// The object as a Ref (a table, function, userdata or coroutine). Raises Error for
  /// nil, booleans, numbers and strings.
  Ref as_ref() const;
  /// The value converted to T by Converter<T> (gilvm/convert.h): `v.as<int>()`,
  /// `v.as<std::vector<std::string>>()`. Raises Error if it does not convert.
  template <class T>
  T as() const;

  /// The text Lua's tostring gives for nil, booleans, numbers and strings, and
  /// "table: 0x...", "function: 0x..." for objects.
  std::string to_string() const;
  /// Lua's raw equality: equal numbers (1 == 1.0), equal strings, the same object.
  friend bool operator==(const Value& a, const Value& b);

 private:
  friend struct detail::Access;
  std::variant<std::monostate, bool, int64_t, double, std::string, Ref> v_;
};

/// A Lua error, or a misuse of the API, as a C++ exception: the error message, Lua's stack
/// traceback where the error was raised, and the error value itself (what `error` was
/// given: usually the message string, but any value).
class Error : public std::runtime_error {
 public:
  /// An error with this message and nothing else (as a host raises one).
  explicit Error(const std::string& message);
  /// An error from Lua: its message, traceback and error value.
  Error(const std::string& message, std::string traceback, Value value);

  /// The message: the error value as text ("script.lua:3: attempt to index a nil value").
  const std::string& message() const { return message_; }
  /// Lua's traceback from where the error was raised ("stack traceback:\n\t..."); empty
  /// when the error did not come from running Lua code.
  const std::string& traceback() const { return traceback_; }
  /// The error value as Lua code would catch it with pcall; the message string for
  /// errors the API raises itself.
  const Value& value() const { return value_; }
  /// The message and the traceback, as the stand-alone lua prints an uncaught error.
  std::string report() const;

 private:
  friend struct detail::Access;
  std::string message_;
  std::string traceback_;
  Value value_;
  bool from_lua_ = false;  // re-raised into Lua as its value (else as its message)
};

/// The outcome of an operation for hosts that would rather test than catch: either a T or
/// the Error that the operation would have raised (Interpreter::try_run, try_call).
template <class T>
class Result {
 public:
  /// A success.
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  /// A failure.
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}

  /// Whether the operation succeeded.
  bool ok() const { return v_.index() == 0; }
  /// Whether the operation succeeded.
  explicit operator bool() const { return ok(); }
  /// The value; raises the Error if the operation failed.
  T& value() {
    if (!ok()) throw std::get<1>(v_);
    return std::get<0>(v_);
  }
  /// The value; raises the Error if the operation failed.
  const T& value() const {
    if (!ok()) throw std::get<1>(v_);
    return std::get<0>(v_);
  }
  /// The error; only valid when the operation failed.
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

/// The outcome of an operation that returns nothing.
template <>
class Result<void> {
 public:
  /// A success.
  Result() = default;
  /// A failure.
  Result(Error error) : error_(std::make_shared<Error>(std::move(error))) {}

  /// Whether the operation succeeded.
  bool ok() const { return error_ == nullptr; }
  /// Whether the operation succeeded.
  explicit operator bool() const { return ok(); }
  /// Raises the Error if the operation failed.
  void value() const {
    if (error_) throw *error_;
  }
  /// The error; only valid when the operation failed.
  const Error& error() const { return *error_; }

 private:
  std::shared_ptr<Error> error_;
};

/// A Ref to a Lua table.
class Table : public Ref {
 public:
  /// No table (an empty Ref).
  Table() = default;

  /// t[key], honouring an __index metamethod (which may run Lua code; its errors raise
  /// Error).
  Value get(const Value& key) const;
  /// t[key] converted to T: `config.get<int>("width")`.
  template <class T>
  T get(const Value& key) const;
  /// t[key] = value, honouring a __newindex metamethod. The value may be anything
  /// gilvm/convert.h converts: a number, a string, a std::vector, a C++ callable...
  /// Raises Error for a nil or NaN key.
  template <class V>
  void set(const Value& key, V&& value) const;
  /// t[key] without metamethods (Lua's rawget).
  Value raw_get(const Value& key) const;
  /// t[key] = value without metamethods (Lua's rawset). Raises Error for a nil or NaN key.
  void raw_set(const Value& key, const Value& value) const;
  /// The length of the sequence, #t without __len (Lua's rawlen: a border).
  int64_t length() const;
  /// Every key and value, in the order of Lua's `next` (no __pairs).
  std::vector<std::pair<Value, Value>> entries() const;
  /// The table's metatable, or an empty Table.
  Table metatable() const;
  /// Sets the metatable (an empty Table removes it), as Lua's setmetatable without the
  /// __metatable check.
  void set_metatable(const Table& metatable) const;

 private:
  friend struct detail::Access;
  void set_value(const Value& key, const Value& value) const;
};

/// All the values a call returned (or a chunk), in order.
class Results {
 public:
  Results() = default;
  /// The values as a list.
  explicit Results(std::vector<Value> values) : values_(std::move(values)) {}
  /// How many values there are.
  size_t size() const { return values_.size(); }
  /// Whether there are none.
  bool empty() const { return values_.empty(); }
  /// Value i (0-based); nil past the end, as Lua adjusts missing results.
  Value operator[](size_t i) const { return i < values_.size() ? values_[i] : Value(); }
  /// Value i converted to T (Converter<T>).
  template <class T>
  T get(size_t i) const;
  /// The values, for range-for.
  auto begin() const { return values_.begin(); }
  /// The end of the values.
  auto end() const { return values_.end(); }
  /// The values as a vector.
  const std::vector<Value>& values() const { return values_; }

 private:
  std::vector<Value> values_;
};

/// A Ref to a Lua function (a Lua closure or a native one).
class Function : public Ref {
 public:
  /// No function (an empty Ref).
  Function() = default;

  /// Calls the function with the arguments converted to Lua values (gilvm/convert.h) and
  /// returns its first result (nil if none). Raises Error if the call raises a Lua error.
  template <class... A>
  Value operator()(A&&... args) const;
  /// Calls it and converts what it returned to R: void (no results), Value or any
  /// convertible type (the first result), std::tuple<T...> (the first few, each
  /// converted), or Results (all of them).
  template <class R = Value, class... A>
  R call(A&&... args) const;
  /// call<R>, with the outcome as a Result instead of raising Error.
  template <class R = Value, class... A>
  Result<R> try_call(A&&... args) const;

 private:
  friend struct detail::Access;
  Results call_values(const std::vector<Value>& args, int nresults) const;
};

/// Runs f() and returns its outcome as a Result instead of raising Error: the
/// result-type way to use any part of the API.
template <class F>
auto attempt(F&& f) -> Result<decltype(f())> {
  using R = decltype(f());
  try {
    if constexpr (std::is_void_v<R>) {
      f();
      return Result<void>();
    } else {
      return Result<R>(f());
    }
  } catch (const Error& e) {
    return Result<R>(e);
  }
}

}  // namespace gilvm::embed
