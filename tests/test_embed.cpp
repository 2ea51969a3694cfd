// Unit tests of the embedding API (include/gilvm/): every public function,
// through the headers alone, as a host program would use them. The tests
// are tagged [embed]; CTest runs them as the `embed` entry, in every preset.
//
// Threads in these tests record what they saw in plain variables and the
// test's own thread checks them after joining (Catch2's assertions are not
// thread-safe). Nothing is timed: a thread that must wait for another waits
// for a flag, with a deadline far beyond any loaded machine's delays.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "gilvm/gilvm.h"
#include "host_policy.h"

namespace lua = gilvm::embed;
using lua::Value;

namespace {

using Clock = std::chrono::steady_clock;

// Waits (for at most a minute) until pred() holds; returns pred().
template <class Pred>
bool eventually(Pred pred) {
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  while (!pred()) {
    if (Clock::now() > deadline) return pred();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

// The message of the Error that f raises ("" if none).
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const lua::Error& e) {
    return e.message();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A temporary file holding `text`, removed at the end of the scope.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& text) {
    char name[] = "/tmp/gilvm_embed_XXXXXX";
    const int fd = mkstemp(name);
    REQUIRE(fd >= 0);
    close(fd);
    path = name;
    std::ofstream(path) << text;
  }
  ~TempFile() { std::remove(path.c_str()); }
};

}  // namespace

TEST_CASE("run: a chunk's results, chunk names, syntax and run-time errors", "[embed]") {
  lua::Interpreter vm;
  const lua::Results r = vm.run("return 1, 2.5, 'three', true, nil");
  REQUIRE(r.size() == 5);
  CHECK(r[0].is_integer());
  CHECK(r[0].as_integer() == 1);
  CHECK(r[1].as_number() == 2.5);
  CHECK(r[2].as_string() == "three");
  CHECK(r[3].truthy());
  CHECK(r[4].is_nil());
  CHECK(r[9].is_nil());  // past the end: nil, as Lua adjusts
  CHECK(r.get<int>(0) == 1);
  CHECK(vm.run("x = 1").empty());

  try {
    vm.run("local x = ", "=config");
    FAIL("a syntax error raises");
  } catch (const lua::Error& e) {
    CHECK(contains(e.message(), "config:1:"));
    CHECK(e.traceback().empty());
  }
  try {
    vm.run("local t = nil\nreturn t.x", "@game.lua");
    FAIL("a run-time error raises");
  } catch (const lua::Error& e) {
    CHECK(e.message() == "game.lua:2: attempt to index a nil value (local 't')");
    CHECK(contains(e.traceback(), "stack traceback:"));
    CHECK(contains(e.traceback(), "game.lua:2: in main chunk"));
    CHECK(e.value().as_string() == e.message());
    CHECK(contains(e.report(), e.message() + "\nstack traceback:"));
    CHECK(std::string(e.what()) == e.message());
  }
  // The error value is whatever `error` was given.
  try {
    vm.run("error({code = 42})");
    FAIL("error raises");
  } catch (const lua::Error& e) {
    CHECK(e.message() == "(error object is a table value)");
    CHECK(e.value().as_table().get<int>("code") == 42);
  }
  try {
    vm.run("error(setmetatable({}, {__tostring = function() return 'custom' end}))");
    FAIL("error raises");
  } catch (const lua::Error& e) {
    CHECK(e.message() == "custom");
  }
}

TEST_CASE("try_run and attempt: errors as results", "[embed]") {
  lua::Interpreter vm;
  auto good = vm.try_run("return 40 + 2");
  REQUIRE(good.ok());
  CHECK(good.value()[0].as_integer() == 42);
  auto bad = vm.try_run("error('nope', 0)");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message() == "nope");
  CHECK_THROWS_AS(bad.value(), lua::Error);

  lua::Result<int> converted = lua::attempt([&] { return vm.get<int>("missing"); });
  REQUIRE_FALSE(converted.ok());
  CHECK(converted.error().message() == "number expected, got nil");
  lua::Result<void> nothing = lua::attempt([&] { vm.set("y", 1); });
  CHECK(nothing.ok());
  CHECK_NOTHROW(nothing.value());
  lua::Result<void> failed = lua::attempt([&] { vm.run("error('x', 0)"); });
  CHECK_FALSE(failed.ok());
  CHECK(failed.error().message() == "x");
}

TEST_CASE("run_file and load", "[embed]") {
  lua::Interpreter vm;
  TempFile script("#!/usr/bin/env gilvm\nlocal a = ...\nreturn (a or 0) + 1, debug_line()\n");
  vm.set("debug_line", [] { return 7; });
  const lua::Results r = vm.run_file(script.path);
  CHECK(r[0].as_integer() == 1);
  CHECK(r[1].as_integer() == 7);

  TempFile broken("x = 1\nerror('broken here')\n");
  try {
    vm.run_file(broken.path);
    FAIL("raises");
  } catch (const lua::Error& e) {
    CHECK(e.message() == broken.path + ":2: broken here");
  }
  CHECK(contains(error_of([&] { vm.run_file("/nonexistent/x.lua"); }), "cannot open"));
  CHECK_FALSE(vm.try_run_file("/nonexistent/x.lua").ok());
  CHECK(vm.try_run_file(script.path).ok());

  lua::Function add = vm.load("local a, b = ... return a + b", "=adder");
  CHECK(add.call<int>(2, 3) == 5);
  CHECK(contains(error_of([&] { vm.load("return +"); }), "unexpected symbol"));
}

TEST_CASE("globals: get and set every kind of value", "[embed]") {
  lua::Interpreter vm;
  vm.set("i", 42);
  vm.set("u8", uint8_t(200));
  vm.set("big", uint64_t(18446744073709551615u));  // wraps to -1, as in Lua's C API
  vm.set("f", 2.5);
  vm.set("s", std::string("bytes\0too", 9));
  vm.set("c", "text");
  vm.set("b", true);
  vm.set("n", nullptr);
  vm.set("v", Value());
  vm.run(R"(
    assert(math.type(i) == 'integer' and i == 42 and u8 == 200 and big == -1)
    assert(math.type(f) == 'float' and f == 2.5)
    assert(s == 'bytes\0too' and #s == 9 and c == 'text')
    assert(b == true and n == nil and v == nil)
  )");
  CHECK(vm.get<int>("i") == 42);
  CHECK(vm.get<int64_t>("big") == -1);
  CHECK(vm.get<uint64_t>("big") == 18446744073709551615u);
  CHECK(vm.get<double>("i") == 42.0);
  CHECK(vm.get<float>("f") == 2.5f);
  CHECK(vm.get<std::string>("s") == std::string("bytes\0too", 9));
  CHECK(vm.get<std::string>("i") == "42");  // numbers convert to strings, as in Lua
  CHECK(vm.get<std::string>("f") == "2.5");
  CHECK(vm.get<bool>("b"));
  CHECK_FALSE(vm.get<bool>("n"));
  CHECK(vm.get<bool>("i"));  // Lua's truth
  CHECK(vm.get("n").is_nil());
  CHECK(vm.get("s").type() == lua::Type::String);

  vm.run("ns = '0x10'; fl = 3.0; half = 0.5; huge = 1e100");
  CHECK(vm.get<int>("ns") == 16);  // numeric strings convert, as luaL_checkinteger
  CHECK(vm.get<int>("fl") == 3);
  CHECK(error_of([&] { vm.get<int>("half"); }) == "number has no integer representation");
  CHECK(error_of([&] { vm.get<int64_t>("huge"); }) == "number has no integer representation");
  CHECK(error_of([&] { vm.get<int>("c"); }) == "number expected, got string");
  CHECK(error_of([&] { vm.get<int8_t>("u8"); }) == "integer 200 out of range");
  CHECK(error_of([&] { vm.get<std::string>("b"); }) == "string expected, got boolean");
  CHECK(error_of([&] { vm.get<lua::Table>("i"); }) == "table expected, got number");
  CHECK(error_of([&] { vm.get<lua::Function>("n"); }) == "function expected, got nil");
  CHECK(error_of([&] { vm.get("i").as_ref(); }) == "object expected, got number");

  vm.globals().set("via_table", 5);
  CHECK(vm.get<int>("via_table") == 5);
  CHECK(vm.globals().get<int>("i") == 42);
  // Globals honour _G's metatable, as Lua code sees them.
  vm.run("setmetatable(_G, {__index = function(_, k) return 'default ' .. k end})");
  CHECK(vm.get<std::string>("undefined") == "default undefined");
}

TEST_CASE("Value: types, truth, text and equality", "[embed]") {
  lua::Interpreter vm;
  CHECK(Value().type() == lua::Type::Nil);
  CHECK(Value(nullptr).is_nil());
  CHECK(Value(false).is_boolean());
  CHECK_FALSE(Value(false).truthy());
  CHECK_FALSE(Value().truthy());
  CHECK(Value(0).truthy());
  CHECK(Value(3).is_integer());
  CHECK(Value(3.0).is_number());
  CHECK_FALSE(Value(3.0).is_integer());
  CHECK(Value("x").is_string());
  CHECK(Value(std::string_view("x")).is_string());
  CHECK(Value(1) == Value(1.0));
  CHECK_FALSE(Value(1) == Value("1"));
  CHECK(Value("a") == Value(std::string("a")));
  CHECK(Value(1.5).to_string() == "1.5");
  CHECK(Value(2.0).to_string() == "2.0");
  CHECK(Value(7).to_string() == "7");
  CHECK(Value().to_string() == "nil");
  CHECK(Value(true).to_string() == "true");
  CHECK(lua::type_name(lua::Type::Userdata) == std::string("userdata"));
  CHECK(lua::type_name(Value(1).type()) == std::string("number"));

  lua::Table t = vm.new_table();
  const Value tv = t;
  CHECK(tv.is_table());
  CHECK(tv.type() == lua::Type::Table);
  CHECK(tv == Value(t));
  CHECK(tv == Value(vm.globals().get("missing").is_nil() ? t : t));
  CHECK_FALSE(tv == Value(vm.new_table()));
  CHECK(tv.to_string().rfind("table: 0x", 0) == 0);
  vm.set("t", t);
  CHECK(vm.run("return tostring(t)")[0].as_string() == tv.to_string());
  CHECK(Value(lua::Ref()).is_nil());
}

TEST_CASE("Table: fields, metamethods, length, entries, metatables", "[embed]") {
  lua::Interpreter vm;
  lua::Table t = vm.new_table();
  CHECK(t.type() == lua::Type::Table);
  CHECK(t.alive());
  CHECK(&t.interpreter() == &vm);
  t.set("name", "box");
  t.set(1, 10);
  t.set(2, 20.5);
  t.set(3.0, "three");  // a float key with an integer value is that integer
  CHECK(t.get<std::string>("name") == "box");
  CHECK(t.get(3).as_string() == "three");
  CHECK(t.length() == 3);
  CHECK(t.raw_get(1).as_integer() == 10);
  t.raw_set("raw", true);
  CHECK(t.get<bool>("raw"));

  std::map<std::string, std::string> seen;
  for (const auto& [k, v] : t.entries()) seen[k.to_string()] = v.to_string();
  CHECK(seen == std::map<std::string, std::string>{
                    {"1", "10"}, {"2", "20.5"}, {"3", "three"}, {"name", "box"}, {"raw", "true"}});

  CHECK(error_of([&] { t.set(Value(), 1); }) == "index is nil");
  CHECK(error_of([&] { t.raw_set(0.0 / 0.0, 1); }) == "index is NaN");
  CHECK(t.get(Value()).is_nil());

  // __index and __newindex run, and their errors come back as Error.
  vm.run(R"(
    log = {}
    proxy = setmetatable({}, {
      __index = function(_, k) if k == 'bad' then error('no field ' .. k) end return k .. '!' end,
      __newindex = function(_, k, v) log[#log + 1] = k .. '=' .. tostring(v) end,
    })
  )");
  lua::Table proxy = vm.get<lua::Table>("proxy");
  CHECK(proxy.get<std::string>("hi") == "hi!");
  CHECK(proxy.raw_get("hi").is_nil());
  proxy.set("k", 5);
  CHECK(vm.run("return log[1]")[0].as_string() == "k=5");
  CHECK(proxy.raw_get("k").is_nil());
  try {
    proxy.get("bad");
    FAIL("__index raises");
  } catch (const lua::Error& e) {
    CHECK(e.message() == "(host):4: no field bad");
    CHECK(contains(e.traceback(), "in function 'error'"));
  }

  lua::Table mt = proxy.metatable();
  REQUIRE(mt);
  CHECK(mt.get("__index").is_function());
  CHECK_FALSE(t.metatable());
  t.set_metatable(mt);
  CHECK(t.get<std::string>("other") == "other!");
  t.set_metatable(lua::Table());
  CHECK(t.get("other").is_nil());
}

TEST_CASE("containers: vectors, maps and optionals both ways", "[embed]") {
  lua::Interpreter vm;
  vm.set("list", std::vector<int>{3, 1, 2});
  vm.set("names", std::vector<std::string>{"a", "b"});
  vm.set("ages", std::map<std::string, int>{{"ann", 31}, {"bob", 27}});
  vm.set("ids", std::unordered_map<int, std::string>{{7, "seven"}});
  vm.set("grid", std::vector<std::vector<double>>{{1, 2}, {3}});
  vm.set("maybe", std::optional<int>());
  vm.set("surely", std::optional<int>(5));
  vm.run(R"(
    assert(#list == 3 and list[1] == 3 and list[3] == 2)
    assert(names[2] == 'b')
    assert(ages.ann == 31 and ages.bob == 27)
    assert(ids[7] == 'seven')
    assert(grid[1][2] == 2 and #grid[2] == 1)
    assert(maybe == nil and surely == 5)
    table.sort(list)
  )");
  CHECK(vm.get<std::vector<int>>("list") == std::vector<int>{1, 2, 3});
  CHECK(vm.get<std::vector<std::vector<double>>>("grid") ==
        std::vector<std::vector<double>>{{1, 2}, {3}});
  CHECK(vm.get<std::map<std::string, int>>("ages") ==
        std::map<std::string, int>{{"ann", 31}, {"bob", 27}});
  CHECK(vm.get<std::unordered_map<int, std::string>>("ids").at(7) == "seven");
  CHECK_FALSE(vm.get<std::optional<int>>("maybe").has_value());
  CHECK(vm.get<std::optional<int>>("surely") == 5);
  CHECK(error_of([&] { vm.get<std::vector<int>>("undefined"); }) == "table expected, got nil");
  vm.run("mixed = {1, 2, 'x'}; keyed = {a = 1, b = 'two'}");
  CHECK(error_of([&] { vm.get<std::vector<int>>("mixed"); }) ==
        "index 3: number expected, got string");
  CHECK(error_of([&] { vm.get<std::map<std::string, int>>("keyed"); }) ==
        "key b: number expected, got string");
  CHECK(vm.to_lua(std::vector<int>{1, 2}).as_table().length() == 2);
  CHECK(vm.to_lua(5).as_integer() == 5);
}

TEST_CASE("Function: calls with converted arguments and results", "[embed]") {
  lua::Interpreter vm;
  vm.run(R"(
    function add(a, b) return a + b end
    function swap(a, b) return b, a end
    function count(...) return select('#', ...) end
    function fail(msg) error(msg) end
    function sum(list) local s = 0 for _, x in ipairs(list) do s = s + x end return s end
    called = 0
    function touch() called = called + 1 end
  )");
  lua::Function add = vm.get<lua::Function>("add");
  CHECK(add.type() == lua::Type::Function);
  CHECK(add(2, 3).as_integer() == 5);
  CHECK(add.call<double>(1, 0.5) == 1.5);
  CHECK(add.call<std::string>(1, 2) == "3");
  auto [x, y] = vm.get<lua::Function>("swap").call<std::tuple<std::string, int>>(1, "b");
  CHECK(x == "b");
  CHECK(y == 1);
  const lua::Results all = vm.get<lua::Function>("swap").call<lua::Results>(1, 2);
  CHECK(all.size() == 2);
  std::vector<int64_t> got;
  for (const Value& v : all) got.push_back(v.as_integer());
  CHECK(got == std::vector<int64_t>{2, 1});
  CHECK(all.values().size() == 2);
  CHECK(vm.get<lua::Function>("count").call<int>(1, nullptr, Value(), "x") == 4);
  CHECK(vm.get<lua::Function>("sum").call<int>(std::vector<int>{1, 2, 3}) == 6);
  vm.get<lua::Function>("touch").call<void>();
  vm.get<lua::Function>("touch")();
  CHECK(vm.get<int>("called") == 2);

  lua::Function fail = vm.get<lua::Function>("fail");
  try {
    fail("broken");
    FAIL("raises");
  } catch (const lua::Error& e) {
    CHECK(contains(e.message(), "broken"));
    CHECK(contains(e.traceback(), "in function 'fail'"));
  }
  auto r = fail.try_call<void>("again");
  REQUIRE_FALSE(r.ok());
  CHECK(contains(r.error().message(), "again"));
  CHECK(add.try_call<int>(1, 1).value() == 2);
  try {
    add("x", 1);
    FAIL("raises");
  } catch (const lua::Error& e) {
    CHECK(contains(e.traceback(), "in function 'add'"));
  }
  CHECK(error_of([&] { add.call<int>(); }) != "");
  CHECK(error_of([&] { vm.get<lua::Function>("count").call<int>(); }) == "");
  CHECK(error_of([&] { lua::Function()(1); }) == "gilvm: the reference is empty");
}

TEST_CASE("native functions: typed parameters, checked with Lua's messages", "[embed]") {
  lua::Interpreter vm;
  vm.set("area", [](double w, double h) { return w * h; });
  vm.set("repeat_text", [](const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; i++) out += s;
    return out;
  });
  vm.set("greet", [](std::optional<std::string> who) { return "hi " + who.value_or("you"); });
  vm.set("pair", [](int a) { return std::make_tuple(a, a * 2); });
  vm.set("nothing", [] {});
  vm.set("first_of", [](std::vector<std::string> list) { return list.at(0); });
  vm.set("size_of", [](lua::Table t) { return t.length(); });
  vm.set("apply", [](lua::Function f, int x) { return f.call<int>(x); });
  vm.set("kind", [](Value v) { return lua::type_name(v.type()); });
  vm.set("truth", [](bool b) { return b; });
  vm.set("view", [](std::string_view s) { return s.size(); });
  vm.set("small", [](int8_t x) { return x; });
  int counter = 0;
  vm.set("bump", [&counter]() mutable { return ++counter; });
  vm.set("mixed", [](int a, lua::Args rest) {
    lua::Results out(std::vector<Value>{Value(a), Value(rest.size()), Value(rest.first())});
    return out;
  });
  vm.set("all", [](const lua::Args& args) {
    std::string out;
    for (int i = 1; i <= args.size(); i++) out += args[i].to_string() + ";";
    return out + args.get<std::string>(1);
  });
  std::function<int(int)> twice = [](int x) { return 2 * x; };
  vm.set("twice", twice);
  vm.set(
      "negate", +[](int x) { return -x; });

  vm.run(R"(
    assert(area(2, 3.5) == 7.0)
    assert(area('2', 3) == 6)  -- numeric strings convert, as in Lua
    assert(repeat_text('ab', 3) == 'ababab')
    assert(repeat_text(12, 2) == '1212')
    assert(greet() == 'hi you' and greet('ann') == 'hi ann')
    local a, b = pair(21) assert(a == 21 and b == 42)
    assert(select('#', nothing()) == 0)
    assert(first_of({'x', 'y'}) == 'x')
    assert(size_of({1, 2, 3}) == 3)
    assert(apply(function(x) return x + 1 end, 1) == 2)
    assert(kind(nil) == 'nil' and kind({}) == 'table' and kind(print) == 'function')
    assert(truth(nil) == false and truth(0) == true)
    assert(view('four') == 4)
    assert(bump() == 1 and bump() == 2)
    local x, n, first = mixed(1, 'a', 'b')
    assert(x == 1 and n == 2 and first == 2)
    assert(all(1, 'two') == '1;two;1')
    assert(twice(4) == 8 and negate(3) == -3)
  )");
  CHECK(counter == 2);

  auto message = [&](const char* code) {
    const lua::Results r =
        vm.run(std::string("return select(2, pcall(function() ") + code + " end))");
    return r[0].to_string();
  };
  CHECK(message("area('x', 1)") ==
        "(host):1: bad argument #1 to 'area' (number expected, got string)");
  CHECK(message("area(1)") ==
        "(host):1: bad argument #2 to 'area' (number expected, got no value)");
  CHECK(message("repeat_text('a', 1.5)") ==
        "(host):1: bad argument #2 to 'repeat_text' (number has no integer representation)");
  CHECK(message("size_of(1)") ==
        "(host):1: bad argument #1 to 'size_of' (table expected, got number)");
  CHECK(message("apply(1, 1)") ==
        "(host):1: bad argument #1 to 'apply' (function expected, got number)");
  // Numbers convert to strings, as in Lua: the table is what fails.
  CHECK(message("first_of({1, {}})") ==
        "(host):1: bad argument #1 to 'first_of' (index 2: string expected, got table)");
  CHECK(message("small(300)") == "(host):1: bad argument #1 to 'small' (integer 300 out of range)");
  CHECK(message("greet({})") ==
        "(host):1: bad argument #1 to 'greet' (string expected, got table)");
  CHECK(message("mixed('x')") ==
        "(host):1: bad argument #1 to 'mixed' (number expected, got string)");

  // A function made apart from the globals: the calling code names it, as Lua does.
  lua::Function f = vm.function([](double x) { return x * 10; });
  CHECK(f.call<double>(1.5) == 15.0);
  CHECK(vm.get<lua::Function>("pcall").call<lua::Results>(f, "x")[1].to_string() ==
        "bad argument #1 to '?' (number expected, got string)");
  vm.set("g", f);
  CHECK(message("local h = g; h('x')") ==
        "(host):1: bad argument #1 to 'h' (number expected, got string)");
  CHECK(vm.run("return pcall(g, 'x')")[1].to_string() ==
        "bad argument #1 to 'g' (number expected, got string)");
}

TEST_CASE("exceptions: a callback's C++ exception reaches Lua as an error, and back", "[embed]") {
  lua::Interpreter vm;
  vm.set("explode", [](std::string what) -> int { throw std::runtime_error("boom: " + what); });
  vm.set("reject", [](int x) -> int {
    if (x < 0) throw lua::ArgumentError(1, "must not be negative");
    return x;
  });
  vm.set("odd", []() -> int { throw 42; });
  vm.set("host_error", []() -> int { throw lua::Error("made by the host"); });

  // Lua catches it with pcall, as any error.
  const lua::Results caught = vm.run(R"(
    local ok, err = pcall(explode, 'x')
    return ok, err
  )");
  CHECK_FALSE(caught[0].truthy());
  CHECK(caught[1].as_string() == "boom: x");  // called by pcall, no Lua position
  CHECK(vm.run("local ok, e = pcall(function() explode('y') end) return e")[0].as_string() ==
        "(host):1: boom: y");

  // Uncaught, it comes back to the host as Error, with Lua's traceback.
  try {
    vm.run("local function level2() explode('z') end\nlevel2()", "=script");
    FAIL("raises");
  } catch (const lua::Error& e) {
    CHECK(e.message() == "script:1: boom: z");
    CHECK(contains(e.traceback(), "in function 'explode'"));
    CHECK(contains(e.traceback(), "in local 'level2'"));
  }
  CHECK(vm.run("return select(2, pcall(function() reject(-1) end))")[0].as_string() ==
        "(host):1: bad argument #1 to 'reject' (must not be negative)");
  CHECK(vm.run("return select(2, pcall(function() odd() end))")[0].as_string() ==
        "(host):1: C++ exception of unknown type");
  CHECK(vm.run("return select(2, pcall(function() host_error() end))")[0].as_string() ==
        "(host):1: made by the host");

  // An Error that came out of Lua goes back into Lua as the value it was.
  vm.run("function raise_table() error({code = 7}) end");
  vm.set("relay", [&vm]() { vm.get<lua::Function>("raise_table")(); });
  CHECK(vm.run(R"(
    local ok, e = pcall(relay)
    return type(e) == 'table' and e.code
  )")[0]
            .as_integer() == 7);

  // Lua -> C++ -> Lua -> C++: the innermost exception's text reaches the outer host.
  vm.set("outer", [&vm]() { vm.run("explode('deep')", "=inner"); });
  try {
    vm.run("outer()", "=outer");
    FAIL("raises");
  } catch (const lua::Error& e) {
    CHECK(e.message() == "inner:1: boom: deep");
  }
}

TEST_CASE("Refs keep objects alive across collections and let them go", "[embed]") {
  lua::Interpreter vm;
  vm.collect_garbage();
  const size_t before = vm.memory_in_use();
  std::optional<lua::Table> held;
  {
    lua::Results r = vm.run("return {payload = string.rep('x', 4000000)}");
    held = r[0].as_table();
  }
  vm.collect_garbage();
  CHECK(vm.memory_in_use() > before + 4000000);
  CHECK(held->get("payload").as_string().size() == 4000000);
  lua::Table copy = *held;  // copies share the hold
  held.reset();
  vm.collect_garbage();
  CHECK(copy.get("payload").as_string().size() == 4000000);
  copy = lua::Table();
  vm.collect_garbage();
  CHECK(vm.memory_in_use() < before + 1000000);
}

TEST_CASE("a native's captured Refs go when the collector frees it", "[embed]") {
  lua::Interpreter vm;
  vm.collect_garbage();
  const size_t before = vm.memory_in_use();
  {
    lua::Table big = vm.run("return {string.rep('y', 4000000)}")[0].as_table();
    vm.set("keeper", [big]() { return big.length(); });
  }
  vm.collect_garbage();
  CHECK(vm.run("return keeper()")[0].as_integer() == 1);
  CHECK(vm.memory_in_use() > before + 4000000);
  vm.run("keeper = nil");
  vm.collect_garbage();  // frees the closure; its Ref is released after the collection...
  vm.collect_garbage();  // ... and what it held goes with the next one
  CHECK(vm.memory_in_use() < before + 1000000);
}

TEST_CASE("a Ref that outlives its interpreter is caught, not undefined", "[embed]") {
  lua::Function f;
  lua::Table t;
  Value v;
  {
    lua::Interpreter vm;
    f = vm.run("return function() return 1 end")[0].as_function();
    t = vm.new_table();
    v = vm.new_table();
    CHECK(f.alive());
    CHECK(f() == Value(1));
  }
  CHECK(f);
  CHECK_FALSE(f.alive());
  CHECK(f.type() == lua::Type::Function);
  CHECK(error_of([&] { f(); }) == "gilvm: the reference's interpreter has been destroyed");
  CHECK(error_of([&] { t.get("x"); }) == "gilvm: the reference's interpreter has been destroyed");
  CHECK(error_of([&] { f.interpreter(); }) ==
        "gilvm: the reference's interpreter has been destroyed");
  CHECK(v.is_table());
  lua::Function copy = f;  // copying and destroying stay safe
  f = lua::Function();
}

TEST_CASE("modules that require finds", "[embed]") {
  lua::Interpreter vm;
  lua::Module geometry;
  geometry.function("area", [](double w, double h) { return w * h; })
      .function("origin", [] { return std::make_tuple(0, 0); })
      .value("pi", 3.14159)
      .value("name", "geometry");
  vm.add_module("geometry", std::move(geometry));
  vm.run(R"(
    assert(package.loaded.geometry == nil)
    local g = require('geometry')
    assert(g.area(2, 3) == 6 and g.pi == 3.14159 and g.name == 'geometry')
    assert(require('geometry') == g and package.loaded.geometry == g)
    assert(geometry == nil)  -- not a global
  )");
  CHECK(vm.run("return select(2, pcall(require('geometry').area, 'x'))")[0].as_string() ==
        "bad argument #1 to 'geometry.area' (number expected, got string)");
}

TEST_CASE("interpreters share nothing, on one thread or on several", "[embed]") {
  lua::Interpreter a;
  lua::Interpreter b;
  a.set("x", 1);
  b.set("x", 2);
  CHECK(a.get<int>("x") == 1);
  CHECK(b.get<int>("x") == 2);
  lua::Table from_a = a.new_table();
  CHECK(error_of([&] { b.set("t", from_a); }) ==
        "gilvm: a value of another interpreter cannot be used here");
  // A native of one calls into the other.
  a.set("ask_b", [&b] { return b.get<int>("x"); });
  CHECK(a.run("return ask_b()")[0].as_integer() == 2);

  constexpr int kThreads = 3;
  std::vector<long> sums(kThreads, -1);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int j = 0; j < kThreads; j++) {
    threads.emplace_back([&, j] {
      try {
        lua::Interpreter vm;
        vm.set("id", j);
        vm.set("twice", [](long x) { return 2 * x; });
        sums[j] = vm.run("local s = 0 for i = 1, 20000 do s = s + twice(id) end return s")[0]
                      .as_integer();
      } catch (const std::exception& e) {
        errors[j] = e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int j = 0; j < kThreads; j++) {
    CHECK(errors[j] == "");
    CHECK(sums[j] == 40000L * j);
  }
}

TEST_CASE("threads: not attached is an error; AttachThread calls in", "[embed]") {
  lua::Interpreter vm;
  vm.run("counter = 0; function bump(n) counter = counter + n; return counter end");
  std::string outside;
  std::thread stranger([&] { outside = error_of([&] { vm.get("counter"); }); });
  stranger.join();
  CHECK(contains(outside, "not attached"));

  std::atomic<bool> done{false};
  uint64_t worker_id = 0;
  std::string worker_name;
  int64_t seen = 0;
  std::string nested;
  {
    lua::AllowThreads released(vm);  // the worker can take the GIL meanwhile
    CHECK(contains(error_of([&] { vm.get("counter"); }), "released the interpreter"));
    std::thread worker([&] {
      lua::AttachThread attached(vm, "worker");
      worker_id = attached.thread_id();
      worker_name = vm.run("return thread.current():name()")[0].as_string();
      seen = vm.get<lua::Function>("bump").call<int64_t>(5);
      lua::AttachThread again(vm);  // already attached: nothing happens
      nested = std::to_string(again.thread_id() == attached.thread_id());
      done = true;
    });
    worker.join();
  }
  CHECK(done);
  CHECK(seen == 5);
  CHECK(worker_id > 1);
  CHECK(worker_name == "worker");
  CHECK(nested == "1");
  CHECK(vm.current_thread_id() == 1);
  CHECK(vm.get<int>("counter") == 5);

  // AttachThread inside AllowThreads takes the interpreter back for its scope.
  {
    lua::AllowThreads released(vm);
    {
      lua::AttachThread back(vm);
      CHECK(back.thread_id() == 1);
      CHECK(vm.get<int>("counter") == 5);
    }
    CHECK(contains(error_of([&] { vm.get("counter"); }), "released the interpreter"));
  }
  CHECK(vm.get<int>("counter") == 5);
}

TEST_CASE("natives run on the thread and coroutine that call them", "[embed]") {
  lua::Interpreter vm;
  vm.set("whoami", [&vm] { return vm.current_thread_id(); });
  vm.set("call_back", [](lua::Function f, int x) { return f.call<int>(x); });
  vm.set("sleep_released", [](const lua::Args& args) {
    const double seconds = args.get<double>(1);
    lua::AllowThreads released(args);
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    return true;
  });
  vm.set("sleep_released_too", [&vm](double seconds) {
    lua::AllowThreads released(vm);
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    return true;
  });
  const lua::Results r = vm.run(R"(
    local main_id = whoami()
    local t = thread.spawn(function()
      -- on a thread.spawn thread: its own state, and the whole API in the native
      return whoami(), call_back(function(x) return x * 3 end, 5),
             sleep_released(0.001) and sleep_released_too(0.001)
    end)
    local id, tripled, slept = t:join()
    -- inside a coroutine, a native calls back into Lua code that yields
    local co = coroutine.wrap(function(a)
      local b = call_back(function(x) return coroutine.yield(x + 1) end, a)
      return b * 10
    end)
    local first = co(1)      -- 2, yielded from inside call_back
    local last = co(7)       -- 70: call_back returned 7
    return main_id, id, tripled, slept, first, last
  )");
  CHECK(r[0].as_integer() == 1);
  CHECK(r[1].as_integer() > 1);
  CHECK(r[2].as_integer() == 15);
  CHECK(r[3].truthy());
  CHECK(r[4].as_integer() == 2);
  CHECK(r[5].as_integer() == 70);
}

TEST_CASE("the GIL: built-in and host policies, interval, stats", "[embed]") {
  lua::Interpreter vm;
  if (lua::Interpreter::build() == "gil") {
    CHECK(vm.gil_enabled());
    CHECK(vm.policy_name() == "interval");
    CHECK(contains(error_of([&] { vm.set_gil_enabled(false); }), "cannot run without its GIL"));
  } else {
    CHECK(lua::Interpreter::build() == "free-threaded");
    CHECK_FALSE(vm.gil_enabled());
    vm.set_gil_enabled(true);
    CHECK(vm.gil_enabled());
  }
  vm.set_policy("priority");
  CHECK(vm.policy_name() == "priority");
  CHECK(contains(error_of([&] { vm.set_policy("lottery"); }), "unknown GIL policy 'lottery'"));
  CHECK(contains(error_of([&] { vm.set_policy(std::unique_ptr<lua::GilPolicy>()); }), "nullptr"));
  vm.set_switch_interval(0.001);
  CHECK(vm.switch_interval() == Approx(0.001));
  CHECK(contains(error_of([&] { vm.set_switch_interval(0); }), "more than 0"));

  auto policy = std::make_unique<TicketPolicy>();
  TicketPolicy* tickets = policy.get();
  vm.set_policy(std::move(policy));
  CHECK(vm.policy_name() == "tickets");
  CHECK(vm.run("return gil.policy()")[0].as_string() == "tickets");
  vm.reset_gil_stats();
  // Script threads share the GIL under the host's policy.
  const lua::Results r = vm.run(R"(
    local total = 0
    local lock = sync.lock()
    local threads = {}
    for t = 1, 3 do
      threads[t] = thread.spawn(function()
        for i = 1, 2000 do lock:acquire() total = total + 1 lock:release() end
      end)
    end
    for _, t in ipairs(threads) do t:join() end
    return total
  )");
  CHECK(r[0].as_integer() == 6000);
  CHECK(tickets->acquisitions > 3);
  const lua::GilStats stats = vm.gil_stats();
  CHECK(stats.acquisitions > 3);
  CHECK(stats.switches <= stats.acquisitions);
  CHECK(stats.hold_seconds > 0);
  CHECK(stats.longest_wait_seconds <= stats.wait_seconds);

  // Not while other threads run.
  vm.run("blocker = sync.event(); waiter = thread.spawn(function() blocker:wait() end)");
  CHECK(contains(error_of([&] { vm.set_policy("fifo"); }), "while other threads run"));
  vm.run("blocker:set(); waiter:join()");
}

TEST_CASE("run_worker_if_requested: only for --worker", "[embed]") {
  char prog[] = "host";
  char other[] = "--other";
  char* argv[] = {prog, other, nullptr};
  CHECK(lua::run_worker_if_requested(2, argv) == -1);
  CHECK(lua::run_worker_if_requested(1, argv) == -1);
}

// --- the foreign-thread stress test (also run under ThreadSanitizer) ------------------

TEST_CASE("stress: host threads attach, call in, trade Refs and release, many times",
          "[embed][stress]") {
  lua::Interpreter vm;
  vm.run(R"(
    lock = sync.lock()
    total = 0
    shared = {}
    function add(n)
      lock:acquire() total = total + n lock:release()
      return {n = n, text = tostring(n)}
    end
  )");
  vm.set("host_square", [](int64_t x) { return x * x; });
  constexpr int kThreads = 4, kRounds = 60, kCalls = 20;
  std::vector<std::string> errors(kThreads);
  std::vector<int64_t> sums(kThreads, 0);
  std::atomic<int> finished{0};
  {
    lua::AllowThreads released(vm);
    std::vector<std::thread> threads;
    for (int j = 0; j < kThreads; j++) {
      threads.emplace_back([&, j] {
        try {
          std::vector<lua::Table> kept;  // Refs that outlive their thread's attachment
          for (int round = 0; round < kRounds; round++) {
            lua::AttachThread attached(vm, "host " + std::to_string(j));
            lua::Function add = vm.get<lua::Function>("add");
            for (int c = 0; c < kCalls; c++) {
              lua::Table t = add.call<lua::Table>(j + 1);
              sums[j] += t.get<int64_t>("n");
              if (c % 7 == 0) kept.push_back(t);
            }
            sums[j] += vm.run("return host_square(2)")[0].as_integer() - 4;
            {
              lua::AllowThreads inner(vm);  // others run while this one idles
              std::this_thread::yield();
            }
            if (round % 10 == 0) vm.collect_garbage();
            if (kept.size() > 20) kept.erase(kept.begin(), kept.begin() + 10);
          }
          // kept's Refs are dropped here, detached: released later.
        } catch (const std::exception& e) {
          errors[j] = e.what();
        }
        finished++;
      });
    }
    for (auto& t : threads) t.join();
  }
  CHECK(finished == kThreads);
  int64_t expected = 0;
  for (int j = 0; j < kThreads; j++) {
    CHECK(errors[j] == "");
    CHECK(sums[j] == int64_t(j + 1) * kRounds * kCalls);
    expected += int64_t(j + 1) * kRounds * kCalls;
  }
  CHECK(vm.get<int64_t>("total") == expected);
  vm.collect_garbage();
  const std::vector<std::string> names =
      vm.run(
            "local t = {} for _, s in ipairs(gil.stats().threads) do t[#t + 1] = s.name end "
            "return t")[0]
          .as<std::vector<std::string>>();
  CHECK(std::count(names.begin(), names.end(), "host 0") >= 1);
}
