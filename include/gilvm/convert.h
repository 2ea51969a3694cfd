// gilvm/convert.h — how C++ values cross into Lua and back, and C++
// callables that Lua code calls.
//
// Converter<T> says how a T becomes a Lua value (to_lua) and how a Lua value
// becomes a T (from_lua; from_arg for a native function's argument, with
// Lua's own "bad argument" messages). gilvm converts:
//
//   C++                              Lua
//   bool                             boolean (from Lua: Lua's truth, as lua_toboolean)
//   integers (int, int64_t, ...)     integer (from Lua: also exact floats and numeric
//                                    strings; out of the type's range is an error)
//   float, double                    number (from Lua: also numeric strings)
//   std::string, const char*,        string (from Lua: also numbers, as tostring)
//     std::string_view (arguments only: valid during the call)
//   std::nullptr_t                   nil
//   std::optional<T>                 nil, or T (an optional parameter may be left out)
//   std::vector<T>                   a new table 1..n (from Lua: the sequence 1..#t)
//   std::map<K, V>,                  a new table of the pairs (from Lua: every pair)
//     std::unordered_map<K, V>
//   Value, Ref, Table, Function      themselves
//   callables (lambdas, function     a new function; each parameter converted with
//     pointers, std::function)       from_arg, the result with to_lua
//
// A callable's result: void (no results), a std::tuple (several), Results
// (any number) or one convertible value. A last parameter of type Args takes
// the arguments left over (Lua's `...`). Errors a callable raises, any C++
// exception, become Lua errors that Lua code can catch with pcall: an
// ArgumentError as "bad argument #i to 'name' (...)", an Error that came out
// of Lua as its original error value, anything else as its what() text with
// the position of the calling Lua code, like luaL_error. A callable runs
// attached, on the thread (and coroutine) that called it: it may call back
// into Lua, release the GIL with AllowThreads, and be called from several
// threads at once. A callable that catches exceptions with catch (...) around
// calls into Lua must rethrow what it does not know: a coroutine that is
// closed while suspended inside it is unwound by an exception of gilvm's own.
//
// Your own types: specialise Converter<T> with any of
//   static Value to_lua(Interpreter& lua, const T& x);
//   static T from_lua(const Value& v);            // raise Error if v does not fit
// e.g. a struct as a table of fields:
//
//   template <> struct gilvm::embed::Converter<Point> {
//     static Value to_lua(Interpreter& lua, const Point& p) {
//       Table t = lua.new_table(); t.set("x", p.x); t.set("y", p.y); return t;
//     }
//     static Point from_lua(const Value& v) {
//       Table t = v.as_table(); return {t.get<double>("x"), t.get<double>("y")};
//     }
//   };
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gilvm/interpreter.h"
#include "gilvm/value.h"

namespace gilvm::embed {

/// How a C++ type T crosses into Lua and back (see the table at the top of this header).
/// Specialise it for your own types with to_lua and/or from_lua.
template <class T>
struct Converter;

namespace detail {

template <class T>
concept HasToLua = requires(Interpreter& lua, const T& x) {
  { Converter<T>::to_lua(lua, x) } -> std::convertible_to<Value>;
};
template <class T>
concept HasFromLua = requires(const Value& v) {
  { Converter<T>::from_lua(v) } -> std::convertible_to<T>;
};
template <class T>
concept HasFromArg = requires(const Args& args, int i) {
  { Converter<T>::from_arg(args, i) } -> std::convertible_to<T>;
};

// Argument i of a native call read with Lua's checks and messages (embed/native.cpp).
int64_t arg_integer(const Args& args, int i);
double arg_number(const Args& args, int i);
std::string_view arg_string(const Args& args, int i);
Table arg_table(const Args& args, int i);
Function arg_function(const Args& args, int i);
// Pushes one result of a native call.
void push_result(const Args& args, const Value& value);
// A native function around `callable` (embed/native.cpp).
Function make_function(Interpreter& lua, std::unique_ptr<Callable> callable);
// The elements 1..#t of a table, without metamethods.
std::vector<Value> sequence(const Table& t);

template <class>
inline constexpr bool kAlwaysFalse = false;

template <class T>
struct IsTuple : std::false_type {};
template <class... T>
struct IsTuple<std::tuple<T...>> : std::true_type {};

// The signature of a callable: R(A...).
template <class F>
struct Signature : Signature<decltype(&F::operator())> {};
template <class R, class... A>
struct Signature<R (*)(A...)> {
  using type = R(A...);
};
template <class R, class... A>
struct Signature<R (*)(A...) noexcept> {
  using type = R(A...);
};
template <class C, class R, class... A>
struct Signature<R (C::*)(A...)> {
  using type = R(A...);
};
template <class C, class R, class... A>
struct Signature<R (C::*)(A...) const> {
  using type = R(A...);
};
template <class C, class R, class... A>
struct Signature<R (C::*)(A...) noexcept> {
  using type = R(A...);
};
template <class C, class R, class... A>
struct Signature<R (C::*)(A...) const noexcept> {
  using type = R(A...);
};

template <class F>
concept IsCallable =
    (std::is_pointer_v<F> && std::is_function_v<std::remove_pointer_t<F>>) || requires {
  &F::operator();
};

template <class T>
T from_lua(const Value& v) {
  if constexpr (std::is_same_v<T, Value>) {
    return v;
  } else {
    static_assert(HasFromLua<T>,
                  "gilvm: no conversion from a Lua value to this type (specialise "
                  "gilvm::embed::Converter<T> with from_lua)");
    return Converter<T>::from_lua(v);
  }
}

template <class T>
Value to_lua(Interpreter& lua, T&& x);

// Argument i of `args` as a T, or an ArgumentError naming the argument.
template <class T>
T read_arg(const Args& args, int i) {
  if constexpr (std::is_same_v<T, Args>) {
    return args.rest(i);
  } else if constexpr (HasFromArg<T>) {
    return Converter<T>::from_arg(args, i);
  } else {
    const Value v = args[i];
    try {
      return from_lua<T>(v);
    } catch (const ArgumentError&) {
      throw;
    } catch (const Error& e) {
      throw ArgumentError(args.first() + i - 1, e.message());
    }
  }
}

template <class T>
int push_results(const Args& args, T&& results) {
  using D = std::remove_cvref_t<T>;
  if constexpr (std::is_same_v<D, Results>) {
    for (const Value& v : results) push_result(args, v);
    return int(results.size());
  } else if constexpr (IsTuple<D>::value) {
    std::apply([&](auto&&... each) { (push_result(args, to_lua(args.interpreter(), each)), ...); },
               std::forward<T>(results));
    return int(std::tuple_size_v<D>);
  } else {
    push_result(args, to_lua(args.interpreter(), std::forward<T>(results)));
    return 1;
  }
}

template <class F, class Sig>
class TypedCallable;

// A callable R(A...): converts the arguments in order, calls, pushes the results.
template <class F, class R, class... A>
class TypedCallable<F, R(A...)> final : public Callable {
 public:
  template <class G>
  explicit TypedCallable(G&& f) : f_(std::forward<G>(f)) {}

  int call(const Args& args) override { return invoke(args, std::index_sequence_for<A...>{}); }

 private:
  static_assert((!(std::is_lvalue_reference_v<A> &&
                   !std::is_const_v<std::remove_reference_t<A>>)&&...),
                "gilvm: a native function's parameters are values or const references");

  template <size_t... I>
  int invoke(const Args& args, std::index_sequence<I...>) {
    constexpr size_t n = sizeof...(A);
    static_assert(((std::is_same_v<std::remove_cvref_t<A>, Args> ? I + 1 == n : true) && ...),
                  "gilvm: an Args parameter takes the leftover arguments: it must be the last");
    // A braced list evaluates left to right: the first bad argument is reported.
    std::tuple<std::remove_cvref_t<A>...> values{
        read_arg<std::remove_cvref_t<A>>(args, int(I) + 1)...};
    if constexpr (std::is_void_v<R>) {
      std::apply(f_, std::move(values));
      return 0;
    } else {
      return push_results(args, std::apply(f_, std::move(values)));
    }
  }

  F f_;
};

template <class F>
std::unique_ptr<Callable> make_callable(F&& f) {
  using D = std::decay_t<F>;
  static_assert(IsCallable<D>,
                "gilvm: a native function is a lambda, a function pointer or an object with one "
                "operator() (not a generic lambda: its parameter types must be known)");
  return std::make_unique<TypedCallable<D, typename Signature<D>::type>>(std::forward<F>(f));
}

template <class T>
Value to_lua(Interpreter& lua, T&& x) {
  using D = std::decay_t<T>;
  if constexpr (std::is_same_v<D, Value>) {
    return x;
  } else if constexpr (HasToLua<D>) {
    return Converter<D>::to_lua(lua, x);
  } else if constexpr (std::is_constructible_v<Value, T>) {
    return Value(std::forward<T>(x));
  } else if constexpr (IsCallable<D>) {
    return lua.function(std::forward<T>(x));
  } else {
    static_assert(kAlwaysFalse<D>,
                  "gilvm: no conversion of this type to a Lua value (specialise "
                  "gilvm::embed::Converter<T> with to_lua)");
  }
}

// An integer read as a (maybe narrower) integer type, checked against its range.
template <class I>
I narrow_integer(int64_t i) {
  if constexpr (sizeof(I) == sizeof(int64_t)) {
    return static_cast<I>(i);  // 64-bit unsigned: the same bits, as to_lua wrote them
  } else {
    if (i < int64_t(std::numeric_limits<I>::min()) || i > int64_t(std::numeric_limits<I>::max()))
      throw Error("integer " + std::to_string(i) + " out of range");
    return static_cast<I>(i);
  }
}

}  // namespace detail

// --- the conversions -------------------------------------------------------------------

/// Lua values as they are.
template <>
struct Converter<Value> {
  /// The value itself.
  static Value to_lua(Interpreter&, const Value& v) { return v; }
  /// The value itself.
  static Value from_lua(const Value& v) { return v; }
};

/// Booleans; from Lua, Lua's truth (nil and false are false, all else true).
template <>
struct Converter<bool> {
  /// true or false.
  static Value to_lua(Interpreter&, bool b) { return Value(b); }
  /// Lua's truth of the value.
  static bool from_lua(const Value& v) { return v.truthy(); }
};

/// Integers of every size; from Lua, integers, floats with an exact integer value and
/// numeric strings, within the type's range.
template <class I>
requires(std::is_integral_v<I> && !std::is_same_v<I, bool>) struct Converter<I> {
  /// The integer.
  static Value to_lua(Interpreter&, I i) { return Value(i); }
  /// The value as an integer of type I; Error if it is none or out of range.
  static I from_lua(const Value& v) { return detail::narrow_integer<I>(v.as_integer()); }
  /// Argument i, with luaL_checkinteger's messages.
  static I from_arg(const Args& args, int i) {
    const int64_t x = detail::arg_integer(args, i);
    try {
      return detail::narrow_integer<I>(x);
    } catch (const Error& e) {
      throw ArgumentError(args.first() + i - 1, e.message());
    }
  }
};

/// Floats; from Lua, numbers and numeric strings.
template <class F>
requires std::is_floating_point_v<F>
struct Converter<F> {
  /// The number.
  static Value to_lua(Interpreter&, F d) { return Value(double(d)); }
  /// The value as a float; Error if it is not a number.
  static F from_lua(const Value& v) { return F(v.as_number()); }
  /// Argument i, with luaL_checknumber's messages.
  static F from_arg(const Args& args, int i) { return F(detail::arg_number(args, i)); }
};

/// Strings; from Lua, strings and numbers.
template <>
struct Converter<std::string> {
  /// The string's bytes.
  static Value to_lua(Interpreter&, const std::string& s) { return Value(s); }
  /// The value as a string; Error if it is neither a string nor a number.
  static std::string from_lua(const Value& v) { return v.as_string(); }
  /// Argument i, with luaL_checkstring's messages.
  static std::string from_arg(const Args& args, int i) {
    return std::string(detail::arg_string(args, i));
  }
};

/// A view of a string argument, valid until the native function returns.
template <>
struct Converter<std::string_view> {
  /// The string's bytes.
  static Value to_lua(Interpreter&, std::string_view s) { return Value(s); }
  /// Argument i, with luaL_checkstring's messages; the view is into the Lua string.
  static std::string_view from_arg(const Args& args, int i) { return detail::arg_string(args, i); }
};

/// C strings, into Lua only.
template <>
struct Converter<const char*> {
  /// The bytes up to the NUL.
  static Value to_lua(Interpreter&, const char* s) { return Value(s); }
};

/// nullptr is nil.
template <>
struct Converter<std::nullptr_t> {
  /// nil.
  static Value to_lua(Interpreter&, std::nullptr_t) { return Value(); }
};

/// Tables.
template <>
struct Converter<Table> {
  /// The table.
  static Value to_lua(Interpreter&, const Table& t) { return Value(t); }
  /// The value as a table; Error if it is not one.
  static Table from_lua(const Value& v) { return v.as_table(); }
  /// Argument i: "table expected, got nil".
  static Table from_arg(const Args& args, int i) { return detail::arg_table(args, i); }
};

/// Functions.
template <>
struct Converter<Function> {
  /// The function.
  static Value to_lua(Interpreter&, const Function& f) { return Value(f); }
  /// The value as a function; Error if it is not one.
  static Function from_lua(const Value& v) { return v.as_function(); }
  /// Argument i: "function expected, got nil".
  static Function from_arg(const Args& args, int i) { return detail::arg_function(args, i); }
};

/// Any object.
template <>
struct Converter<Ref> {
  /// The object.
  static Value to_lua(Interpreter&, const Ref& r) { return Value(r); }
  /// The value as a Ref; Error for nil, booleans, numbers and strings.
  static Ref from_lua(const Value& v) { return v.as_ref(); }
};

/// nil or a T.
template <class T>
struct Converter<std::optional<T>> {
  /// nil for std::nullopt, else the T.
  static Value to_lua(Interpreter& lua, const std::optional<T>& x) {
    return x ? detail::to_lua(lua, *x) : Value();
  }
  /// std::nullopt for nil, else the value as a T.
  static std::optional<T> from_lua(const Value& v) {
    if (v.is_nil()) return std::nullopt;
    return detail::from_lua<T>(v);
  }
  /// Argument i, which may be nil or left out.
  static std::optional<T> from_arg(const Args& args, int i) {
    if (args[i].is_nil()) return std::nullopt;
    return detail::read_arg<T>(args, i);
  }
};

/// Lists: a new table 1..n; from Lua, the sequence 1..#t.
template <class T, class A>
struct Converter<std::vector<T, A>> {
  /// A new table holding the elements at 1..n.
  static Value to_lua(Interpreter& lua, const std::vector<T, A>& list) {
    Table t = lua.new_table();
    for (size_t i = 0; i < list.size(); i++)
      t.raw_set(int64_t(i + 1), detail::to_lua(lua, list[i]));
    return t;
  }
  /// The elements 1..#t of a table, each converted; Error naming the first that does not.
  static std::vector<T, A> from_lua(const Value& v) {
    std::vector<T, A> out;
    const std::vector<Value> elements = detail::sequence(v.as_table());
    out.reserve(elements.size());
    for (size_t i = 0; i < elements.size(); i++) {
      try {
        out.push_back(detail::from_lua<T>(elements[i]));
      } catch (const Error& e) {
        throw Error("index " + std::to_string(i + 1) + ": " + e.message());
      }
    }
    return out;
  }
};

namespace detail {
// A table of key-value pairs, and back: std::map and std::unordered_map.
template <class M>
struct MapConverter {
  static Value to_lua(Interpreter& lua, const M& map) {
    Table t = lua.new_table();
    for (const auto& [k, v] : map) t.raw_set(detail::to_lua(lua, k), detail::to_lua(lua, v));
    return t;
  }
  static M from_lua(const Value& v) {
    M out;
    for (const auto& [k, x] : v.as_table().entries()) {
      try {
        out.emplace(detail::from_lua<typename M::key_type>(k),
                    detail::from_lua<typename M::mapped_type>(x));
      } catch (const Error& e) {
        throw Error("key " + k.to_string() + ": " + e.message());
      }
    }
    return out;
  }
};
}  // namespace detail

/// Ordered maps: a new table of the pairs; from Lua, every pair of the table.
template <class K, class V, class C, class A>
struct Converter<std::map<K, V, C, A>> : detail::MapConverter<std::map<K, V, C, A>> {};

/// Hash maps: a new table of the pairs; from Lua, every pair of the table.
template <class K, class V, class H, class E, class A>
struct Converter<std::unordered_map<K, V, H, E, A>>
    : detail::MapConverter<std::unordered_map<K, V, H, E, A>> {};

// --- the template members of value.h and interpreter.h -------------------------------------

template <class T>
T Value::as() const {
  return detail::from_lua<T>(*this);
}

template <class T>
T Table::get(const Value& key) const {
  return detail::from_lua<T>(get(key));
}

template <class V>
void Table::set(const Value& key, V&& value) const {
  set_value(key, detail::to_lua(interpreter(), std::forward<V>(value)));
}

template <class T>
T Results::get(size_t i) const {
  return detail::from_lua<T>((*this)[i]);
}

template <class... A>
Value Function::operator()(A&&... args) const {
  return call<Value>(std::forward<A>(args)...);
}

template <class R, class... A>
R Function::call(A&&... args) const {
  Interpreter& lua = interpreter();
  std::vector<Value> in;
  in.reserve(sizeof...(A));
  (in.push_back(detail::to_lua(lua, std::forward<A>(args))), ...);
  if constexpr (std::is_void_v<R>) {
    call_values(in, 0);
  } else if constexpr (std::is_same_v<R, Results>) {
    return call_values(in, -1);
  } else if constexpr (detail::IsTuple<R>::value) {
    const Results out = call_values(in, int(std::tuple_size_v<R>));
    return [&]<size_t... I>(std::index_sequence<I...>) {
      return R{detail::from_lua<std::tuple_element_t<I, R>>(out[I])...};
    }
    (std::make_index_sequence<std::tuple_size_v<R>>{});
  } else {
    return detail::from_lua<R>(call_values(in, 1)[0]);
  }
}

template <class R, class... A>
Result<R> Function::try_call(A&&... args) const {
  return attempt([&]() -> R { return call<R>(std::forward<A>(args)...); });
}

template <class T>
T Args::get(int i) const {
  return detail::read_arg<T>(*this, i);
}

template <class F>
Module& Module::function(std::string name, F&& callable) {
  functions_.emplace_back(std::move(name), detail::make_callable(std::forward<F>(callable)));
  return *this;
}

template <class T>
T Interpreter::get(std::string_view name) {
  return detail::from_lua<T>(get(name));
}

template <class V>
void Interpreter::set(std::string_view name, V&& value) {
  set_global(name, detail::to_lua(*this, std::forward<V>(value)));
}

template <class V>
Value Interpreter::to_lua(V&& value) {
  return detail::to_lua(*this, std::forward<V>(value));
}

template <class F>
Function Interpreter::function(F&& callable) {
  return detail::make_function(*this, detail::make_callable(std::forward<F>(callable)));
}

}  // namespace gilvm::embed
