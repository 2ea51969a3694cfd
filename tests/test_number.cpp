// Unit tests of number.cpp and value.cpp: numerals read and written exactly
// as stock Lua 5.4 does (the expectations were taken from lua5.4), the
// value conversions, raw equality and type names.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>

#include "interp/core/api.h"

using namespace gilvm;

namespace {

// What tonumber(s) shows: "nil", "int:<n>" or "float:<%.17g>".
std::string parse(std::string_view s) {
  auto v = string_to_number(s);
  if (!v) return "nil";
  char buf[64];
  if (v->is_int()) {
    std::snprintf(buf, sizeof buf, "int:%lld", (long long)v->i);
  } else {
    std::snprintf(buf, sizeof buf, "float:%.17g", v->n);
  }
  return buf;
}

std::string show(const Value& v) {
  return number_to_string(v);
}

}  // namespace

TEST_CASE("string_to_number reads integer numerals", "[number]") {
  CHECK(parse("10") == "int:10");
  CHECK(parse(" 10 ") == "int:10");
  CHECK(parse("\t0x10\n") == "int:16");
  CHECK(parse("\v1\f") == "int:1");
  CHECK(parse("+1") == "int:1");
  CHECK(parse("-0") == "int:0");
  CHECK(parse("00010") == "int:10");
  CHECK(parse("-0x10") == "int:-16");
  CHECK(parse("0X1A") == "int:26");
  CHECK(parse("0x1e") == "int:30");
  CHECK(parse("9223372036854775807") == "int:9223372036854775807");
  CHECK(parse("-9223372036854775808") == "int:-9223372036854775808");
  // Hex integers wrap around modulo 2^64.
  CHECK(parse("0xffffffffffffffff") == "int:-1");
  CHECK(parse("0x1ffffffffffffffff") == "int:-1");
  CHECK(parse("0x7fffffffffffffff") == "int:9223372036854775807");
  CHECK(parse("0x8000000000000000") == "int:-9223372036854775808");
  CHECK(parse("-0x8000000000000000") == "int:-9223372036854775808");
}

TEST_CASE("string_to_number reads float numerals", "[number]") {
  // Decimal integers too large for 64 bits become floats.
  CHECK(parse("9223372036854775808") == "float:9.2233720368547758e+18");
  CHECK(parse("-9223372036854775809") == "float:-9.2233720368547758e+18");
  CHECK(parse("10000000000000000000000") == "float:1e+22");
  CHECK(parse("0x1p4") == "float:16");
  CHECK(parse("0x1P-2") == "float:0.25");
  CHECK(parse("0x.8") == "float:0.5");
  CHECK(parse("0x8.") == "float:8");
  CHECK(parse("0x1.8") == "float:1.5");
  CHECK(parse("0xA.8p0") == "float:10.5");
  CHECK(parse("0x1.p1") == "float:2");
  CHECK(parse(".5") == "float:0.5");
  CHECK(parse("5.") == "float:5");
  CHECK(parse("-.5") == "float:-0.5");
  CHECK(parse("1E2") == "float:100");
  CHECK(parse("1.e5") == "float:100000");
  CHECK(parse("1.5e+3") == "float:1500");
  CHECK(parse("1e400") == "float:inf");
  CHECK(parse("-1e400") == "float:-inf");
  CHECK(parse("1e-400") == "float:0");
  CHECK(parse("4.9e-324") == "float:4.9406564584124654e-324");
}

TEST_CASE("string_to_number rejects what Lua rejects", "[number]") {
  for (const char* bad :
       {"",    " ",   "0x",   "0x.", "0xp1", "0x1p", "0x1p+",    "1e",  "1e+", ".",
        "- 1", "++1", "0x-1", "inf", "nan",  "-inf", "infinity", "1 2", "0b1", "1__"}) {
    INFO(bad);
    CHECK(parse(bad) == "nil");
  }
  // An embedded NUL ends a C string, not a Lua numeral.
  CHECK(parse(std::string_view("1\0", 2)) == "nil");
  CHECK(parse(std::string_view("1.5\0", 4)) == "nil");
  // Long numerals go through a heap copy.
  std::string long_numeral = "0." + std::string(300, '0') + "1";
  CHECK(parse(long_numeral) == "float:1.0000000000000001e-301");
  CHECK(parse(long_numeral + "x") == "nil");
}

TEST_CASE("number_to_string prints as tostring does", "[number]") {
  CHECK(show(Value::integer(0)) == "0");
  CHECK(show(Value::integer(INT64_MIN)) == "-9223372036854775808");
  CHECK(show(Value::integer(INT64_MAX)) == "9223372036854775807");
  CHECK(show(Value::number(1.0)) == "1.0");
  CHECK(show(Value::number(-0.0)) == "-0.0");
  CHECK(show(Value::number(100.0)) == "100.0");
  CHECK(show(Value::number(1e14)) == "1e+14");
  CHECK(show(Value::number(1e15)) == "1e+15");
  CHECK(show(Value::number(123456789012345.0)) == "1.2345678901234e+14");
  CHECK(show(Value::number(12345678901234.5)) == "12345678901234.0");
  CHECK(show(Value::number(0.1)) == "0.1");
  CHECK(show(Value::number(1.0 / 3)) == "0.33333333333333");
  CHECK(show(Value::number(std::pow(2.0, 53))) == "9.007199254741e+15");
  CHECK(show(Value::number(std::pow(2.0, 63))) == "9.2233720368548e+18");
  CHECK(show(Value::number(1e-5)) == "1e-05");
  CHECK(show(Value::number(3.14159265358979)) == "3.1415926535898");
  CHECK(show(Value::number(HUGE_VAL)) == "inf");
  CHECK(show(Value::number(-HUGE_VAL)) == "-inf");
  CHECK(show(Value::number(std::nan(""))) == "nan");
  CHECK(show(Value::number(-std::nan(""))) == "-nan");
}

TEST_CASE("format_number agrees with printf %.14g on random floats", "[number]") {
  std::mt19937_64 random(12345);
  char expected[64], got[64];
  for (int i = 0; i < 200000; i++) {
    uint64_t bits = random();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    if (i % 2) d = double(int64_t(bits >> 20)) / double(1 << (bits % 30));  // "ordinary" values
    std::snprintf(expected, sizeof expected, "%.14g", d);
    if (expected[std::strspn(expected, "-0123456789")] == '\0') std::strcat(expected, ".0");
    size_t n = format_number(Value::number(d), got);
    REQUIRE(std::string(got, n) == expected);
    REQUIRE(got[n] == '\0');
  }
}

TEST_CASE("to_integer and to_number convert with Lua's rules", "[number]") {
  Interpreter I;
  int64_t i = 0;
  double d = 0;
  CHECK((to_integer(Value::integer(7), &i) && i == 7));
  CHECK((to_integer(Value::number(3.0), &i) && i == 3));
  CHECK((to_integer(Value::number(-0.0), &i) && i == 0));
  CHECK_FALSE(to_integer(Value::number(3.5), &i));
  CHECK_FALSE(to_integer(Value::number(std::pow(2.0, 63)), &i));
  CHECK((to_integer(Value::number(-std::pow(2.0, 63)), &i) && i == INT64_MIN));
  CHECK_FALSE(to_integer(Value::number(std::nan("")), &i));
  CHECK((to_integer(Value::string(I.new_string(" 0x10 ")), &i) && i == 16));
  CHECK((to_integer(Value::string(I.new_string("1e2")), &i) && i == 100));
  CHECK_FALSE(to_integer(Value::string(I.new_string("1.5")), &i));
  CHECK_FALSE(to_integer(Value::string(I.new_string("abc")), &i));
  CHECK_FALSE(to_integer(Value::boolean(true), &i));
  CHECK_FALSE(to_integer(Value(), &i));

  CHECK((to_number(Value::integer(7), &d) && d == 7.0));
  CHECK((to_number(Value::number(2.5), &d) && d == 2.5));
  CHECK((to_number(Value::string(I.new_string("0x1p-1")), &d) && d == 0.5));
  CHECK((to_number(Value::string(I.new_string("10")), &d) && d == 10.0));
  CHECK_FALSE(to_number(Value::string(I.new_string("10x")), &d));
  CHECK_FALSE(to_number(Value::boolean(false), &d));
}

TEST_CASE("raw_equal compares without metamethods", "[number][value]") {
  Interpreter I;
  CHECK(raw_equal(Value(), Value()));
  CHECK(raw_equal(Value::boolean(true), Value::boolean(true)));
  CHECK_FALSE(raw_equal(Value::boolean(true), Value::boolean(false)));
  CHECK_FALSE(raw_equal(Value(), Value::boolean(false)));
  CHECK(raw_equal(Value::integer(1), Value::number(1.0)));
  CHECK(raw_equal(Value::number(-0.0), Value::integer(0)));
  CHECK_FALSE(raw_equal(Value::integer(1), Value::number(1.5)));
  // 2^53 + 1 is not a double: comparing as doubles would call them equal.
  CHECK_FALSE(raw_equal(Value::integer((int64_t(1) << 53) + 1), Value::number(std::pow(2.0, 53))));
  CHECK_FALSE(raw_equal(Value::number(std::nan("")), Value::number(std::nan(""))));
  CHECK_FALSE(raw_equal(Value::integer(1), Value::string(I.new_string("1"))));
  std::string long_text(100, 'x');
  CHECK(raw_equal(Value::string(I.new_string(long_text)), Value::string(I.new_string(long_text))));
  CHECK(raw_equal(Value::string(I.new_string("short")), Value::string(I.new_string("short"))));
  CHECK_FALSE(raw_equal(Value::string(I.new_string("a")), Value::string(I.new_string("b"))));
  Table* t = I.new_table();
  CHECK(raw_equal(Value::table(t), Value::table(t)));
  CHECK_FALSE(raw_equal(Value::table(t), Value::table(I.new_table())));
}

TEST_CASE("type_name gives the names type() returns", "[number][value]") {
  CHECK(std::string(type_name(Tag::Nil)) == "nil");
  CHECK(std::string(type_name(Tag::True)) == "boolean");
  CHECK(std::string(type_name(Tag::False)) == "boolean");
  CHECK(std::string(type_name(Tag::Int)) == "number");
  CHECK(std::string(type_name(Tag::Float)) == "number");
  CHECK(std::string(type_name(Tag::String)) == "string");
  CHECK(std::string(type_name(Tag::Table)) == "table");
  CHECK(std::string(type_name(Tag::LClosure)) == "function");
  CHECK(std::string(type_name(Tag::NClosure)) == "function");
  CHECK(std::string(type_name(Tag::LightNative)) == "function");
  CHECK(std::string(type_name(Tag::Userdata)) == "userdata");
  CHECK(std::string(type_name(Tag::LightUserdata)) == "userdata");
}
