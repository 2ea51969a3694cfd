// Unit tests of the string library (lib/string.cpp) through the VM: small
// Lua chunks run in a fresh interpreter, their results (tostring'd, joined by
// tabs) or error messages compared with what stock Lua 5.4.4 gives (every
// expected string was produced by running the same chunk under lua5.4).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>

#include "interp/core/api.h"

using namespace gilvm;

namespace {

// Runs `source` as chunk "=test" and returns its results as tostring shows
// them, separated by tabs, or "error: <message>" when it raises.
std::string run(const std::string& source) {
  Interpreter I;
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

}  // namespace

TEST_CASE("len, sub, reverse, upper, lower", "[string]") {
  CHECK(run("return ('hello'):len(), #'', string.len('\\0\\0')") == "5\t0\t2");
  CHECK(run("return ('hello'):sub(2), ('hello'):sub(-3), ('hello'):sub(2, -2), ('hello'):sub(0), "
            "('hello'):sub(4, 2)") == "ello\tllo\tell\thello\t");
  CHECK(run("return ('abc'):sub(math.mininteger, math.maxinteger), ('abc'):sub(-100, 100), "
            "('abc'):sub(3, 3)") == "abc\tabc\tc");
  CHECK(run("return string.sub('x', 'a')") ==
        "error: test:1: bad argument #2 to 'sub' (number expected, got string)");
  CHECK(run("return string.sub('x', 1.5)") ==
        "error: test:1: bad argument #2 to 'sub' (number has no integer representation)");
  CHECK(run("return string.sub()") ==
        "error: test:1: bad argument #1 to 'sub' (string expected, got no value)");
  CHECK(run("return ('abc'):reverse(), (''):reverse(), ('aBc\\200'):upper(), ('ABC'):lower()") ==
        "cba\t\tABC\xc8"
        "\tabc");
  CHECK(run("return string.upper(12)") == "12");
}

TEST_CASE("byte and char", "[string]") {
  CHECK(run("return ('Hello'):byte(), ('Hello'):byte(-1), ('Hello'):byte(2, 4)") ==
        "72\t111\t101\t108\t108");
  CHECK(run("return select('#', ('Hello'):byte(0)), select('#', ('Hello'):byte(10)), select('#', "
            "(''):byte())") == "0\t0\t0");
  CHECK(run("return string.char(72, 105), string.char(), #string.char(0, 255)") == "Hi\t\t2");
  CHECK(run("return string.char(256)") ==
        "error: test:1: bad argument #1 to 'char' (value out of range)");
  CHECK(run("return string.char(65, -1)") ==
        "error: test:1: bad argument #2 to 'char' (value out of range)");
  CHECK(run("return string.char('65')") == "A");
  CHECK(run("return select('#', string.byte(string.rep('x', 100), 1, -1))") == "100");
}

TEST_CASE("rep", "[string]") {
  CHECK(run("return ('ab'):rep(3), ('ab'):rep(3, ','), ('ab'):rep(0), ('ab'):rep(-1), "
            "('ab'):rep(1, ',')") == "ababab\tab,ab,ab\t\t\tab");
  CHECK(run("return #string.rep('abc', 1000, ', '), #string.rep('', 100000000)") == "4998\t0");
  CHECK(run("return string.rep('x', 1 << 40)") == "error: test:1: resulting string too large");
  CHECK(run("return string.rep('x', 1 << 62, 'y')") == "error: test:1: resulting string too large");
}

TEST_CASE("find", "[string]") {
  CHECK(run("return string.find('hello world', 'o w')") == "5\t7");
  CHECK(run("return string.find('hello world', 'o', 6)") == "8\t8");
  CHECK(run("return string.find('hello', 'l+')") == "3\t4");
  CHECK(run("return string.find('a+b', '+', 1, true)") == "2\t2");
  CHECK(run("return string.find('a.b', '.', 1, true)") == "2\t2");
  CHECK(run("return string.find('abc', 'b', -1)") == "nil");
  CHECK(run("return string.find('abc', '', 10)") == "nil");
  CHECK(run("return string.find('abc', '', 4)") == "4\t3");
  CHECK(run("return string.find('abc', '', -10)") == "1\t0");
  CHECK(run("return string.find('key=val', '(%w+)=(%w+)')") == "1\t7\tkey\tval");
  CHECK(run("return string.find('abc', '[a-')") ==
        "error: test:1: malformed pattern (missing ']')");
  CHECK(run("return string.find(12345, 34)") == "3\t4");
}

TEST_CASE("match", "[string]") {
  CHECK(run("return string.match('  key = value  ', '^%s*(%S+)%s*=%s*(%S+)')") == "key\tvalue");
  CHECK(run("return string.match('2024-01-15', '(%d+)-(%d+)-(%d+)')") == "2024\t01\t15");
  CHECK(run("return string.match('hello', '()ll()')") == "3\t5");
  CHECK(run("return string.match('hello', 'xyz')") == "nil");
  CHECK(run("return string.match('hello', '.-(l+)(.*)')") == "ll\to");
  CHECK(run("return string.match('  trim  ', '^%s*(.-)%s*$')") == "trim");
  CHECK(run("return string.match('hello', 'l', -2)") == "l");
  CHECK(run("return string.match('a', '(a')") == "error: test:1: unfinished capture");
  CHECK(run("return string.match(string.rep('a', 300), string.rep('a?', 300))") ==
        "error: test:1: pattern too complex");
}

TEST_CASE("gmatch", "[string]") {
  CHECK(run("local r = {} for k, v in string.gmatch('a=1, b=2', '(%w+)=(%w+)') do r[#r+1] = k .. v "
            "end return table.concat(r, ';')") == "a1;b2");
  CHECK(run("local r = {} for w in string.gmatch('one two three', '%a+', 5) do r[#r+1] = w end "
            "return table.concat(r, ';')") == "two;three");
  CHECK(run("local r = {} for w in string.gmatch('abc', '') do r[#r+1] = '[' .. w .. ']' end "
            "return table.concat(r)") == "[][][][]");
  CHECK(run("local r = {} for p in string.gmatch('abc', '()') do r[#r+1] = p end return "
            "table.concat(r, ',')") == "1,2,3,4");
  CHECK(run("local r = {} for m in ('a^b'):gmatch('^b') do r[#r+1] = m end return table.concat(r, "
            "',')") == "^b");
  CHECK(run("local r = {} for m in ('abc'):gmatch('x*') do r[#r+1] = '<' .. m .. '>' end return "
            "table.concat(r)") == "<><><><>");
  CHECK(run("local r = {} for m in ('abc'):gmatch('.', 10) do r[#r+1] = m end return #r") == "0");
  CHECK(run("local it = string.gmatch('a b', '%a') return it(), it(), it()") == "a\tb");
  CHECK(run("return string.gmatch('x', '%')()") ==
        "error: test:1: malformed pattern (ends with '%')");
  CHECK(run("return string.gmatch('x')") ==
        "error: test:1: bad argument #2 to 'gmatch' (string expected, got no value)");
}

TEST_CASE("gsub with string replacements", "[string]") {
  CHECK(run("return string.gsub('hello world', 'o', '0')") == "hell0 w0rld\t2");
  CHECK(run("return string.gsub('hello world', 'o', '0', 1)") == "hell0 world\t1");
  CHECK(run("return string.gsub('abc', '', '-')") == "-a-b-c-\t4");
  CHECK(run("return string.gsub('abc', '%w', '%0%0')") == "aabbcc\t3");
  CHECK(run("return string.gsub('hello world', '(%w+) (%w+)', '%2 %1 %%')") == "world hello %\t1");
  CHECK(run("return string.gsub('abc', '()', '%1')") == "1a2b3c4\t4");
  CHECK(run("return string.gsub('abc', '.', '%1')") == "abc\t3");
  CHECK(run("return string.gsub('abc', 'b*', '-')") == "-a-c-\t3");
  CHECK(run("return string.gsub('', '', 'x')") == "x\t1");
  CHECK(run("return string.gsub('abc', '^a', 'x')") == "xbc\t1");
  CHECK(run("return string.gsub('aaa', 'a', 'b', 0)") == "aaa\t0");
  CHECK(run("return string.gsub('aaa', 'a', 'b', 2.0)") == "bba\t2");
  CHECK(run("return string.gsub(12345, 3, 9)") == "12945\t1");
  CHECK(run("return string.gsub('abc', '.', 1.5)") == "1.51.51.5\t3");
  CHECK(run("return string.gsub('abc', '.', '%2')") == "error: test:1: invalid capture index %2");
  CHECK(run("return string.gsub('abc', '.', '%x')") ==
        "error: test:1: invalid use of '%' in replacement string");
  CHECK(run("return string.gsub('abc', '.', '%')") ==
        "error: test:1: invalid use of '%' in replacement string");
  CHECK(run("return string.gsub('aaa', 'a', 'b', 2.5)") ==
        "error: test:1: bad argument #4 to 'gsub' (number has no integer representation)");
  CHECK(run("return string.gsub('a', 'a')") ==
        "error: test:1: bad argument #3 to 'gsub' (string/function/table expected, got no value)");
}

TEST_CASE("gsub with function and table replacements", "[string]") {
  CHECK(run("return string.gsub('abc d', '%w+', function(w) return w:upper() end)") == "ABC D\t2");
  CHECK(run("return string.gsub('hello world', '%w+', function(w) return #w end)") == "5 5\t2");
  CHECK(run("return string.gsub('abc', '%w', function() end)") == "abc\t3");
  CHECK(run("return string.gsub('abc', '(%w)', {a = 1, b = false})") == "1bc\t3");
  CHECK(run("return string.gsub('abc', '.', {a = 'A', b = 2})") == "A2c\t3");
  CHECK(run("return string.gsub('abc', '.', setmetatable({}, {__index = function(t, k) return "
            "k:upper() end}))") == "ABC\t3");
  CHECK(run("return string.gsub('abc', '.', {b = {}})") ==
        "error: test:1: invalid replacement value (a table)");
  CHECK(run("return string.gsub('abc', '.', function() return true end)") ==
        "error: test:1: invalid replacement value (a boolean)");
  CHECK(run("return string.gsub('k=v', '(%w)=(%w)', function(a, b) return b .. '=' .. a end)") ==
        "v=k\t1");
  CHECK(run("local function r(s) return (s:gsub('.', r)) end return pcall(r, 'x')") ==
        "false\tC stack overflow");
}

TEST_CASE("format", "[string]") {
  CHECK(run("return string.format('%5.2f|%-8d|%x', 3.14159, 42, 255)") == " 3.14|42      |ff");
  CHECK(run("return string.format('[%5d] [%-5d] [%05d] [%+d] [% d]', 42, 42, 42, 42, 42)") ==
        "[   42] [42   ] [00042] [+42] [ 42]");
  CHECK(run("return string.format('%.3f %.0f %10.2e %g %g %g', math.pi, 2.5, 12345.6789, 0.0001, "
            "1e-5, 123456789)") == "3.142 2   1.23e+04 0.0001 1e-05 1.23457e+08");
  CHECK(run("return string.format('%x %X %o %#x %#o', 3735928559, 3735928559, 8, 255, 8)") ==
        "deadbeef DEADBEEF 10 0xff 010");
  CHECK(run("return string.format('%i %u %.3u', 5, -1, 5)") == "5 18446744073709551615 005");
  CHECK(run("return string.format('%c%c%c|%-3c|', 76, 117, 97, 65)") == "Lua|A  |");
  CHECK(run("return string.format('%s %s %s %s %s', nil, true, 12, 1.5, 'x')") ==
        "nil true 12 1.5 x");
  CHECK(run("return string.format('%-10s|%10s|%.2s|%5.1s|', 'left', 'right', 'abc', 'xyz')") ==
        "left      |     right|ab|    x|");
  CHECK(run("return string.format('%s', setmetatable({}, {__tostring = function() return 'obj' "
            "end}))") == "obj");
  CHECK(run("return string.format('%d %s', '10', 10)") == "10 10");
  CHECK(run("return string.format('%a %A %.3a', 1.5, 1.5, 1/3)") == "0x1.8p+0 0X1.8P+0 0x1.555p-2");
  CHECK(run("return string.format('%g %g %g %.14g', 1/0, -1/0, 100, 0.1)") == "inf -inf 100 0.1");
  CHECK(run("return #string.format('%099.99f', 1e308)") == "409");
  CHECK(run("return string.format('%p|%10p|', 1, nil)") == "(null)|    (null)|");
  CHECK(run("return string.format('%%|%5%%')") ==
        "error: test:1: bad argument #2 to 'format' (no value)");
  CHECK(run("return string.format('%y', 1)") ==
        "error: test:1: invalid conversion '%y' to 'format'");
  CHECK(run("return string.format('%10.3q', 1)") ==
        "error: test:1: specifier '%q' cannot have modifiers");
  CHECK(run("return string.format('%123d', 1)") ==
        "error: test:1: invalid conversion specification: '%123d'");
  CHECK(run("return string.format('%d', 1.5)") ==
        "error: test:1: bad argument #2 to 'format' (number has no integer representation)");
  CHECK(run("return string.format('%d')") ==
        "error: test:1: bad argument #2 to 'format' (no value)");
  CHECK(run("return string.format('%d', 'x')") ==
        "error: test:1: bad argument #2 to 'format' (number expected, got string)");
  CHECK(run("return string.format('%#d', 1)") ==
        "error: test:1: invalid conversion specification: '%#d'");
  CHECK(run("return string.format('%.3c', 1)") ==
        "error: test:1: invalid conversion specification: '%.3c'");
  CHECK(run("return string.format('% 5s', 'a')") ==
        "error: test:1: invalid conversion specification: '% 5s'");
  CHECK(run("return string.format('%------------------------------d', 1)") ==
        "error: test:1: invalid format (too long)");
  CHECK(run("return string.format('%', 1)") == "error: test:1: invalid conversion '%' to 'format'");
  CHECK(run("return string.format('%5', 1)") ==
        "error: test:1: invalid conversion '%5' to 'format'");
  CHECK(run("return string.format('%F', 1)") ==
        "error: test:1: invalid conversion '%F' to 'format'");
  CHECK(run("return string.format('%5s', 'a\\0b')") ==
        "error: test:1: bad argument #2 to 'format' (string contains zeros)");
  CHECK(run("return #string.format('%s', 'a\\0b')") == "3");
  CHECK(run("return string.format()") ==
        "error: test:1: bad argument #1 to 'format' (string expected, got no value)");
}

TEST_CASE("format %q", "[string]") {
  CHECK(run("return string.format('%q', 'a\\0b\\0001\\r\\n\"\\\\\\1272\\200')") ==
        "\"a\\0b\\0001\\13\\\n\\\"\\\\\\1272\xc8"
        "\"");
  CHECK(run("return string.format('%q', 'tab\\there')") == "\"tab\\9here\"");
  CHECK(run("return string.format('%q %q %q %q %q', 1.0, 0.5, 1/0, -1/0, -0.0)") ==
        "0x1p+0 0x1p-1 1e9999 -1e9999 -0x0p+0");
  CHECK(run("return string.format('%q %q %q', math.mininteger, math.maxinteger, 2^63)") ==
        "0x8000000000000000 9223372036854775807 0x1p+63");
  CHECK(run("return string.format('%q %q %q', true, false, nil)") == "true false nil");
  CHECK(run("return string.format('%q', {})") ==
        "error: test:1: bad argument #2 to 'format' (value has no literal form)");
  CHECK(run("return load(string.format('return %q', 'x\\0\\1\\2\\0033\\n\\\\\"\\255'))() == "
            "'x\\0\\1\\2\\0033\\n\\\\\"\\255'") == "true");
  CHECK(run("return load(string.format('return %q', 0.1))() == 0.1, load(string.format('return "
            "%q', math.mininteger))() == math.mininteger") == "true\ttrue");
}

TEST_CASE("string arithmetic", "[string]") {
  CHECK(run("return '10' + 1, '3' * '4', '2' ^ '3', '7' // '2', -'2', '7' % '3', '1.5' + 1, '0x10' "
            "+ 0") == "11\t12\t8.0\t3\t-2\t1\t2.5\t16");
  CHECK(run("return ' 5 ' + 0, '1e1' + 0, '9223372036854775807' + 1, '10' / '4', '-7.5' // '2'") ==
        "5\t10.0\t-9223372036854775808\t2.5\t-4.0");
  CHECK(run("return math.type('10' + 1), math.type('10' + 1.0), math.type('10.0' + 1)") ==
        "integer\tfloat\tfloat");
  CHECK(run("return 'abc' + 1") == "error: test:1: attempt to add a 'string' with a 'number'");
  CHECK(run("return 1 + 'abc'") == "error: test:1: attempt to add a 'number' with a 'string'");
  CHECK(run("return 'abc' + {}") == "error: test:1: attempt to add a 'string' with a 'table'");
  CHECK(run("return -'abc'") == "error: test:1: attempt to unm a 'string' with a 'string'");
  CHECK(run("return '7' % '0'") == "error: attempt to perform 'n%0'");
  CHECK(run("return '7' // 0") == "error: attempt to divide by zero");
  CHECK(run("return 'abc' + setmetatable({}, {__add = function(a, b) return 'mt' end})") == "mt");
  CHECK(run("return getmetatable('').__index == string, getmetatable('').__name") == "true\tnil");
  CHECK(run("local n = 0 for k in pairs(getmetatable('')) do n = n + 1 end return n") == "9");
}

TEST_CASE("dump", "[string]") {
  CHECK(run("local function f(a, b) return a + b end return load(string.dump(f))(2, 3)") == "5");
  CHECK(run("local function f(a, b) return a * b end return load(string.dump(f, true))(2, 3)") ==
        "6");
  CHECK(run("local function f() return 1 end return string.dump(f) == string.dump(f), "
            "#string.dump(f, true) < #string.dump(f)") == "true\ttrue");
  CHECK(run("return string.dump(print)") == "error: test:1: unable to dump given function");
  CHECK(run("return string.dump({})") ==
        "error: test:1: bad argument #1 to 'dump' (function expected, got table)");
}

// string.format prints %e %f %g with std::to_chars and its own padding rather
// than printf: compare the two on random specifications and values.
TEST_CASE("format of floats agrees with printf", "[string]") {
  std::mt19937_64 random(7);
  static const char kConversions[] = "eEfgG";
  std::string chunk = "local f, r = string.format, {}\n";
  std::string expected;
  char literal[64], spec[32], item[600];
  for (int i = 0; i < 3000; i++) {
    std::string s = "%";
    for (char flag : {'-', '+', ' ', '0', '#'}) {
      if (random() % (flag == '#' ? 8 : 3) == 0) s += flag;
    }
    if (random() % 2) s += std::to_string(random() % 30);
    if (random() % 2) s += "." + (random() % 4 ? std::to_string(random() % 25) : std::string());
    s += kConversions[random() % 5];
    std::snprintf(spec, sizeof spec, "%s", s.c_str());
    double x;
    switch (random() % 4) {
      case 0: {
        uint64_t bits = random();
        std::memcpy(&x, &bits, sizeof x);
        if (!std::isfinite(x)) x = HUGE_VAL;
        break;
      }
      case 1: x = double(int64_t(random() >> 30)) / 1000.0; break;
      case 2: x = std::ldexp(double(random() >> 11), int(random() % 200) - 150); break;
      default: x = double(int(random() % 21) - 10); break;
    }
    if (random() % 50 == 0) x = -0.0;
    if (random() % 50 == 0) x = -HUGE_VAL;
    if (std::isinf(x)) {
      std::snprintf(literal, sizeof literal, "%s(1/0)", x < 0 ? "-" : "");
    } else {
      std::snprintf(literal, sizeof literal, "%a", x);
    }
    chunk += "r[#r + 1] = f('" + s + "', " + literal + ")\n";
    std::snprintf(item, sizeof item, spec, x);
    expected += item;
    expected += '|';
  }
  chunk += "return table.concat(r, '|') .. '|'";
  CHECK(run(chunk) == expected);
}
