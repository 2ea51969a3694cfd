// Unit tests of the base, table, math and sys libraries: small Lua chunks run
// through a fresh interpreter, their results compared with what stock Lua
// 5.4.4 gives (the expected strings were taken from lua5.4).
#include <catch2/catch.hpp>

#include <string>

#include "interp/core/api.h"

using namespace gilvm;

namespace {

// Runs `source` and returns its results as tostring would show them,
// separated by tabs, or "error: <message>" when it raises.
std::string run(Interpreter& I, const std::string& source) {
  std::string error;
  LClosure* chunk = I.load(source, "=test", "bt", &error);
  if (!chunk) return "load error: " + error;
  ThreadState& L = I.main_thread();
  Value* base = L.top;
  L.push(Value::lclosure(chunk));
  std::string out;
  if (!L.pcall(base, kMultRet)) {
    out = "error: " + std::string(L.to_display_string(base[0])->view());
  } else {
    for (Value* v = base; v < L.top; v++) {
      if (v > base) out += '\t';
      out += L.to_display_string(*v)->view();
    }
  }
  L.top = base;
  return out;
}

std::string run(const std::string& source) {
  Interpreter I;
  return run(I, source);
}

}  // namespace

TEST_CASE("type, tostring and tonumber", "[libs][base]") {
  CHECK(run("return type(nil), type(1), type('x'), type({}), type(print), type(true)") ==
        "nil\tnumber\tstring\ttable\tfunction\tboolean");
  CHECK(run("return type()") == "error: test:1: bad argument #1 to 'type' (value expected)");
  CHECK(run("return tostring(1.5), tostring(-0.0), tostring(10 // 1), tostring(nil)") ==
        "1.5\t-0.0\t10\tnil");
  CHECK(run("return tostring(setmetatable({}, {__tostring = function() return 'obj' end}))") ==
        "obj");
  CHECK(run("return tonumber('  ff  ', 16), tonumber('-ff', 16), tonumber('z', 36)") ==
        "255\t-255\t35");
  CHECK(run("return tonumber('1e1'), tonumber('0x10'), tonumber(' 10 '), tonumber('8', 8)") ==
        "10.0\t16\t10\tnil");
  CHECK(run("return tonumber('99999999999999999999', 10), tonumber('10\\0', 10)") ==
        "7766279631452241919\tnil");
  CHECK(run("return tonumber(15, nil), tonumber({}), tonumber('x')") == "15\tnil\tnil");
  CHECK(run("return tonumber()") ==
        "error: test:1: bad argument #1 to 'tonumber' (value expected)");
  CHECK(run("return tonumber(10, 16)") ==
        "error: test:1: bad argument #1 to 'tonumber' (string expected, got number)");
  CHECK(run("return tonumber('10', 99)") ==
        "error: test:1: bad argument #2 to 'tonumber' (base out of range)");
}

TEST_CASE("select, rawlen, rawequal, rawget, rawset", "[libs][base]") {
  CHECK(run("return select('#'), select('#', nil, nil), select(2, 'a', 'b', 'c')") == "0\t2\tb\tc");
  CHECK(run("return select(-1, 1, 2, 3)") == "3");
  CHECK(run("return select(-5, 1)") ==
        "error: test:1: bad argument #1 to 'select' (index out of range)");
  CHECK(run("return select(0)") ==
        "error: test:1: bad argument #1 to 'select' (index out of range)");
  CHECK(run("return rawlen({1, 2}), rawlen('abc')") == "2\t3");
  CHECK(run("return rawlen(5)") ==
        "error: test:1: bad argument #1 to 'rawlen' (table or string expected, got number)");
  CHECK(run("return rawequal(1, 1.0), rawequal({}, {})") == "true\tfalse");
  CHECK(run("local t = setmetatable({}, {__index = function() return 1 end})\n"
            "return t.x, rawget(t, 'x')") == "1\tnil");
  CHECK(run("local t = setmetatable({}, {__newindex = function() end})\n"
            "rawset(t, 'x', 2) return t.x") == "2");
  CHECK(run("return rawget({})") == "error: test:1: bad argument #2 to 'rawget' (value expected)");
}

TEST_CASE("metatables", "[libs][base]") {
  CHECK(run("local mt = {} local t = setmetatable({}, mt) return getmetatable(t) == mt") == "true");
  CHECK(run("return getmetatable(setmetatable({}, {__metatable = 'locked'}))") == "locked");
  CHECK(run("local t = setmetatable({}, {__metatable = 1}) setmetatable(t, {})") ==
        "error: test:1: cannot change a protected metatable");
  CHECK(run("setmetatable({}, 5)") ==
        "error: test:1: bad argument #2 to 'setmetatable' (nil or table expected, got number)");
  CHECK(run("setmetatable({})") ==
        "error: test:1: bad argument #2 to 'setmetatable' (nil or table expected, got no value)");
  CHECK(run("return getmetatable(setmetatable({}, {})) ~= nil, getmetatable(1)") == "true\tnil");
}

TEST_CASE("pairs, ipairs and next", "[libs][base]") {
  CHECK(run("local s = 0 for i, v in ipairs({1, 2, 3, nil, 5}) do s = s + i * v end return s") ==
        "14");
  CHECK(run("local p = setmetatable({}, {__index = function(t, i) if i < 4 then return i * 2 end "
            "end})\n"
            "local s = '' for i, v in ipairs(p) do s = s .. i .. '=' .. v .. ' ' end return s") ==
        "1=2 2=4 3=6 ");
  CHECK(run("local n = 0 for k, v in pairs({a = 1, b = 2, 3}) do n = n + 1 end return n") == "3");
  CHECK(run("return pairs({}) == next") == "true");
  CHECK(run("local t = setmetatable({}, {__pairs = function(t) return function(_, k)\n"
            "  if not k then return 1, 'one' end end, t, nil end})\n"
            "for k, v in pairs(t) do return k, v end") == "1\tone");
  CHECK(run("return next({}), next({10})") == "nil\t1\t10");
  CHECK(run("return next({}, 1)") == "error: invalid key to 'next'");
  CHECK(run("return select('#', ipairs(nil))") == "3");
  CHECK(run("return ipairs()") == "error: test:1: bad argument #1 to 'ipairs' (value expected)");
}

TEST_CASE("error, assert, pcall and xpcall", "[libs][base]") {
  CHECK(run("return pcall(error, 'x')") == "false\tx");
  CHECK(run("return pcall(function() error('m') end)") == "false\ttest:1: m");
  CHECK(run("return pcall(function() local function f() error('m', 2) end f() end)") ==
        "false\ttest:1: m");
  CHECK(run("return pcall(function() error('m', 0) end)") == "false\tm");
  CHECK(run("return pcall(function() error({}) end) == false") == "true");
  CHECK(run("return pcall(function() error(42) end)") == "false\t42");
  CHECK(run("return pcall(error)") == "false\tnil");
  CHECK(run("return pcall(function() assert(false) end)") == "false\ttest:1: assertion failed!");
  CHECK(run("return pcall(function() assert(nil, 'why') end)") == "false\ttest:1: why");
  CHECK(run("return pcall(assert, 1, 2, 3)") == "true\t1\t2\t3");
  CHECK(run("return pcall(assert)") == "false\tbad argument #1 to 'assert' (value expected)");
  CHECK(run("return pcall(pcall)") == "false\tbad argument #1 to 'pcall' (value expected)");
  CHECK(run("return pcall(function(...) return ... end, 1, nil, 3)") == "true\t1\tnil\t3");
  CHECK(run("return select('#', pcall(function() end))") == "1");
  CHECK(run("return xpcall(error, function(m) return 'h:' .. m end, 'e')") == "false\th:e");
  CHECK(run("return xpcall(function(...) return ... end, print, 1, 2)") == "true\t1\t2");
  CHECK(run("return pcall(xpcall, print)") ==
        "false\tbad argument #2 to 'xpcall' (function expected, got no value)");
}

TEST_CASE("load, loadfile and dofile", "[libs][base]") {
  CHECK(run("return load('return 1 + 1')()") == "2");
  CHECK(run("return load('x=')") == "nil\t[string \"x=\"]:1: unexpected symbol near <eof>");
  CHECK(run("return load('x=', '=chunk')") == "nil\tchunk:1: unexpected symbol near <eof>");
  CHECK(run("local parts = {'return ', '4', '2'} local i = 0\n"
            "return load(function() i = i + 1 return parts[i] end)()") == "42");
  CHECK(run("return load(function() return {} end)") ==
        "nil\ttest:1: reader function must return a string");
  CHECK(run("return load(function() error('boom', 0) end)") == "nil\tboom");
  CHECK(run("return load('return x', 'n', 't', {x = 7})()") == "7");
  CHECK(run("return load('return 1', 'n', 'b')") ==
        "nil\tattempt to load a text chunk (mode is 'b')");
  CHECK(run("return load({})") ==
        "error: test:1: bad argument #1 to 'load' (function expected, got table)");
  CHECK(run("return pcall(dofile, '/nonexistent/file.lua')") ==
        "false\tcannot open /nonexistent/file.lua: No such file or directory");
  CHECK(run("return loadfile('/nonexistent/file.lua')") ==
        "nil\tcannot open /nonexistent/file.lua: No such file or directory");
}

TEST_CASE("collectgarbage", "[libs][base]") {
  CHECK(run("return collectgarbage(), collectgarbage('collect')") == "0\t0");
  CHECK(run("return math.type(collectgarbage('count'))") == "float");
  CHECK(run("return collectgarbage('isrunning'), collectgarbage('stop'),\n"
            "  collectgarbage('isrunning'), collectgarbage('restart'), "
            "collectgarbage('isrunning')") == "true\t0\tfalse\t0\ttrue");
  CHECK(run("return collectgarbage('setpause', 100), collectgarbage('setpause'),\n"
            "  collectgarbage('setstepmul', 50), collectgarbage('setstepmul')") ==
        "200\t100\t100\t48");
  CHECK(run("return collectgarbage('generational'), collectgarbage('incremental'),\n"
            "  collectgarbage('incremental')") == "generational\tgenerational\tincremental");
  CHECK(run("return collectgarbage('x')") ==
        "error: test:1: bad argument #1 to 'collectgarbage' (invalid option 'x')");
}

TEST_CASE("globals", "[libs][base]") {
  CHECK(run("return _VERSION, _G._G == _G, _G.print == print") == "Lua 5.4\ttrue\ttrue");
}

TEST_CASE("table.insert and table.remove", "[libs][table]") {
  CHECK(run("local t = {1, 2, 3} table.insert(t, 4) table.insert(t, 1, 0)\n"
            "return table.concat(t, ',')") == "0,1,2,3,4");
  CHECK(run("table.insert({}, 1, 2, 3)") == "error: test:1: wrong number of arguments to 'insert'");
  CHECK(run("table.insert({}, 3, 2)") ==
        "error: test:1: bad argument #2 to 'insert' (position out of bounds)");
  CHECK(run("table.insert(nil, 1)") ==
        "error: test:1: bad argument #1 to 'insert' (table expected, got nil)");
  CHECK(run("local t = {1, 2, 3} return table.remove(t), table.remove(t, 1), t[1], #t") ==
        "3\t1\t2\t1");
  CHECK(run("return table.remove({}), table.remove({}, 0), table.remove({1, 2}, 3)") ==
        "nil\tnil\tnil");
  CHECK(run("table.remove({1, 2}, 4)") ==
        "error: test:1: bad argument #1 to 'remove' (position out of bounds)");
}

TEST_CASE("table.concat, pack and unpack", "[libs][table]") {
  CHECK(run("return table.concat({1, 2.5, 'x', 2^63}, '|')") == "1|2.5|x|9.2233720368548e+18");
  CHECK(run("return table.concat({1, 2, 3}, '-', 2, 3), table.concat({}, 'x')") == "2-3\t");
  CHECK(run("return table.concat({1, {}, 3})") ==
        "error: test:1: invalid value (table) at index 2 in table for 'concat'");
  CHECK(run("local p = setmetatable({}, {__index = function(t, i) return i end,\n"
            "  __len = function() return 3 end}) return table.concat(p)") == "123");
  CHECK(run("local t = table.pack(1, nil, 3) return t.n, t[1], t[2], t[3]") == "3\t1\tnil\t3");
  CHECK(run("return table.unpack({1, 2, 3})") == "1\t2\t3");
  CHECK(run("return table.unpack({1, 2, 3}, 2), table.unpack({1, 2, 3}, -1, 1)") ==
        "2\tnil\tnil\t1");
  CHECK(run("return table.unpack({}, 1, 1e8)") == "error: test:1: too many results to unpack");
  CHECK(run("return table.unpack({}, math.mininteger, math.maxinteger)") ==
        "error: test:1: too many results to unpack");
}

TEST_CASE("table.move", "[libs][table]") {
  CHECK(run("return table.concat(table.move({1, 2, 3}, 1, 3, 2), ',')") == "1,1,2,3");
  CHECK(run("return table.concat(table.move({1, 2, 3}, 2, 3, 1), ',')") == "2,3,3");
  CHECK(run("local d = table.move({1, 2}, 1, 2, 2, {9}) return d[1], d[2], d[3]") == "9\t1\t2");
  CHECK(run("table.move({}, 1, math.maxinteger, 2)") ==
        "error: test:1: bad argument #4 to 'move' (destination wrap around)");
  CHECK(run("table.move({}, -1, math.maxinteger, 2)") ==
        "error: test:1: bad argument #3 to 'move' (too many elements to move)");
}

TEST_CASE("table.sort", "[libs][table]") {
  CHECK(run("local t = {5, 2, 8, 1, 9, 3} table.sort(t) return table.concat(t, ' ')") ==
        "1 2 3 5 8 9");
  CHECK(run("local t = {3, 1.5, 2, 0.5, 10, -1, 2.0} table.sort(t) return table.concat(t, ' ')") ==
        "-1 0.5 1.5 2.0 2 3 10");
  CHECK(run("local t = {'b', 'a', 'c'} table.sort(t, function(a, b) return a > b end)\n"
            "return table.concat(t)") == "cba");
  CHECK(run("local t = {} for i = 1, 1000 do t[i] = (i * 7919) % 1000 end table.sort(t)\n"
            "for i = 2, 1000 do if t[i] < t[i - 1] then return false end end return true") ==
        "true");
  CHECK(run("local mt = {__lt = function(a, b) return a.v < b.v end} local t = {}\n"
            "for i = 1, 50 do t[i] = setmetatable({v = (i * 37) % 50}, mt) end table.sort(t)\n"
            "for i = 2, 50 do if t[i].v < t[i - 1].v then return false end end return true") ==
        "true");
  CHECK(run("table.sort({1, 2, 3, 4, 5}, function(a, b) return true end)") ==
        "error: test:1: invalid order function for sorting");
  CHECK(run("table.sort({3, 1, 'x'})") == "error: attempt to compare string with number");
  CHECK(run("table.sort({3, 2, 1}, 5)") ==
        "error: test:1: bad argument #2 to 'sort' (function expected, got number)");
  CHECK(run("table.sort(setmetatable({}, {__len = function() return math.maxinteger end}))") ==
        "error: test:1: bad argument #1 to 'sort' (array too big)");
  CHECK(run("table.sort(setmetatable({}, {__len = function() return 2.5 end}))") ==
        "error: test:1: object length is not an integer");
}

TEST_CASE("math: rounding and integer conversions", "[libs][math]") {
  CHECK(run("return math.floor(3.7), math.floor(-3.5), math.ceil(3.2), math.floor(5)") ==
        "3\t-4\t4\t5");
  CHECK(run("return math.floor(2^70), math.ceil(-0.5), math.floor('3.5')") ==
        "1.1805916207174e+21\t0\t3");
  CHECK(run("return math.abs(math.mininteger), math.abs(-2.5), math.abs('-3')") ==
        "-9223372036854775808\t2.5\t3.0");
  CHECK(run("return math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7, -1), math.fmod(-6, 4.0)") ==
        "1\t-1\t0\t-2.0");
  CHECK(run("return math.fmod(1, 0)") == "error: test:1: bad argument #2 to 'fmod' (zero)");
  CHECK(run("return math.modf(3.5)") == "3\t0.5");
  CHECK(run("return math.modf(-3.5)") == "-3\t-0.5");
  CHECK(run("return math.modf(1/0)") == "inf\t0.0");
  CHECK(run("return math.modf(3)") == "3\t0.0");
  CHECK(run("return math.tointeger('3'), math.tointeger(3.0), math.tointeger(3.5)") == "3\t3\tnil");
  CHECK(run("return math.type(1), math.type(1.0), math.type('1')") == "integer\tfloat\tnil");
  CHECK(run("return math.type()") == "error: test:1: bad argument #1 to 'type' (value expected)");
  CHECK(run("return math.ult(1, -1), math.maxinteger, math.mininteger") ==
        "true\t9223372036854775807\t-9223372036854775808");
}

TEST_CASE("math: max, min and the float functions", "[libs][math]") {
  CHECK(run("return math.max(1, 2.0, 2), math.min(3, 1.0, 1), math.max('a', 'b')") ==
        "2.0\t1.0\tb");
  CHECK(run("return math.max()") == "error: test:1: bad argument #1 to 'max' (value expected)");
  CHECK(run("return math.min(1, 'x')") == "error: attempt to compare string with number");
  CHECK(run("return math.log(8, 2), math.log(100, 10), math.log(1), math.exp(0)") ==
        "3.0\t2.0\t0.0\t1.0");
  CHECK(run("return math.atan(1, 2), math.sqrt(4), math.pi, math.huge") ==
        "0.46364760900081\t2.0\t3.1415926535898\tinf");
  CHECK(run("return math.pow(2, 3), math.log10(100), math.ldexp(1, 3), math.frexp(8)") ==
        "8.0\t2.0\t8.0\t0.5\t4");
}

TEST_CASE("math.random matches Lua 5.4's generator", "[libs][math]") {
  CHECK(run("math.randomseed(42) return math.random(1, 100), math.random()") ==
        "50\t0.54688311243421");
  CHECK(run("math.randomseed(7, 9) return math.random(1, 1000), math.random(0), math.random(10),\n"
            "  math.random(-5, 5), math.random(1, 1 << 40)") ==
        "665\t-5837484342485337481\t9\t-5\t872730881331");
  CHECK(run("return math.randomseed(42)") == "42\t0");
  CHECK(run("math.random(1, 2, 3)") == "error: test:1: wrong number of arguments");
  CHECK(run("math.random(2, 1)") ==
        "error: test:1: bad argument #1 to 'random' (interval is empty)");
  CHECK(run("math.random(1.5)") ==
        "error: test:1: bad argument #1 to 'random' (number has no integer representation)");
  CHECK(
      run("for i = 1, 1000 do local r = math.random(3, 5) if r < 3 or r > 5 then return r end end\n"
          "local f = math.random() return f >= 0 and f < 1") == "true");
}

TEST_CASE("sys", "[libs][sys]") {
#ifdef GILVM_FREE_THREADED
  CHECK(run("return sys.build") == "free-threaded");
#else
  CHECK(run("return sys.build") == "gil");
#endif
  CHECK(run("return sys.version, sys.cpu_count() >= 1") == "0.1.0\ttrue");
  CHECK(run("local a = sys.monotonic() local b = sys.monotonic()\n"
            "return math.type(a), b >= a") == "float\ttrue");
}

TEST_CASE("modules are registered as globals and in package.loaded", "[libs]") {
  Interpreter I;
  CHECK(table_get_str(I.loaded, I.intern("_G")).as_table() == I.globals);
  for (const char* name : {"table", "math", "sys"}) {
    const Value module = table_get_str(I.loaded, I.intern(name));
    REQUIRE(module.is_table());
    CHECK(raw_equal(module, table_get_str(I.globals, I.intern(name))));
  }
}
