// test_debug_info.cpp — names recovered from bytecode for error messages.
//
// Each case compiles a snippet, finds the instruction that fails when the
// snippet runs under lua5.4, and checks that gilvm names the culprit as
// lua5.4's message does (the expected names were taken from lua5.4 -e).
#include <catch2/catch.hpp>

#include <string>

#include "interp/core/chunk.h"
#include "interp/core/debug_info.h"
#include "interp/core/opcodes.h"
#include "interp/core/state.h"

using namespace gilvm;

namespace {

Proto* compile_and_load(Interpreter& I, const std::string& source) {
  std::string binary, error;
  INFO(error);
  REQUIRE(compile_to_binary(source, "=test", &binary, &error));
  Proto* p = load_binary_chunk(I, binary, "=test", &error);
  REQUIRE(p != nullptr);
  return p;
}

// The pc of the nth (0-based) instruction with opcode op.
int find_pc(const Proto* p, OpCode op, int nth = 0) {
  for (int pc = 0; pc < int(p->code.size()); pc++) {
    if (op_of(p->code[pc]) == op && nth-- == 0) return pc;
  }
  FAIL("no " << kOpInfo[op].name << " in the function");
  return -1;
}

// "kind 'name'" as in Lua's messages, or "(none)".
std::string describe(const std::optional<VarName>& name) {
  return name ? std::string(name->kind) + " '" + name->name + "'" : "(none)";
}

// The name of register `operand` (A, B or C) of the instruction op.
std::string operand_name(const Proto* p, OpCode op, char operand, int nth = 0) {
  int pc = find_pc(p, op, nth);
  Instruction i = p->code[pc];
  int reg = operand == 'A' ? arg_A(i) : operand == 'B' ? arg_B(i) : arg_C(i);
  return describe(register_name(p, pc, reg));
}

std::string callee_name(const Proto* p, OpCode op, int nth = 0) {
  return describe(called_function_name(p, find_pc(p, op, nth)));
}

}  // namespace

TEST_CASE("registers are named as in Lua's error messages", "[debug_info]") {
  Interpreter I;
  // attempt to index a nil value (local 't')
  CHECK(operand_name(compile_and_load(I, "local t = nil; t.x = 1"), OP_SETFIELD, 'A') ==
        "local 't'");
  // (global 'x'), then (field 'y')
  Proto* p = compile_and_load(I, "x.y.z = 1");
  CHECK(operand_name(p, OP_GETFIELD, 'B') == "global 'x'");
  CHECK(operand_name(p, OP_SETFIELD, 'A') == "field 'y'");
  // (upvalue 'u')
  p = compile_and_load(I, "local u; local function f() return u[1] end");
  CHECK(operand_name(p->protos[0], OP_GETI, 'B') == "upvalue 'u'");
  // (field 'integer index'), (field '?')
  CHECK(operand_name(compile_and_load(I, "local t = {}; t[1].x = 2"), OP_SETFIELD, 'A') ==
        "field 'integer index'");
  CHECK(operand_name(compile_and_load(I, "local t = {}; local k = 'key'; t[k].x = 1"), OP_SETFIELD,
                     'A') == "field '?'");
  // A local named _ENV makes its fields globals: (global 'x')
  CHECK(operand_name(compile_and_load(I, "local _ENV = {}; x.y = 1"), OP_SETFIELD, 'A') ==
        "global 'x'");
  // attempt to perform arithmetic on a nil value (field 'y'): the error is
  // raised by the MMBINI after the ADDI that overwrote the register.
  p = compile_and_load(I, "local t = {}; t.x = t.y + 1");
  int mmbin = find_pc(p, OP_MMBINI);
  CHECK(describe(register_name(p, mmbin, arg_A(p->code[mmbin]))) == "field 'y'");
}

TEST_CASE("a register set on only one path has no name", "[debug_info]") {
  Interpreter I;
  // attempt to index a nil value (no name): set in both arms of a condition
  CHECK(operand_name(compile_and_load(I, "local a, b; (a or b).c = 1"), OP_SETFIELD, 'A') ==
        "(none)");
  CHECK(operand_name(compile_and_load(I, "local t = {}; local v = (t.p and t.q or t.r).s"),
                     OP_GETFIELD, 'B', 3) == "(none)");
  // but a local is a local: (local 'x')
  CHECK(operand_name(compile_and_load(I, "local x; if y then x = t end; x.f = 1"), OP_SETFIELD,
                     'A') == "local 'x'");
}

TEST_CASE("called functions are named", "[debug_info]") {
  Interpreter I;
  // attempt to call a nil value (method 'nope'), (field 'nope'), (global 'g')
  CHECK(callee_name(compile_and_load(I, "local s = 'a'; s:nope()"), OP_CALL) == "method 'nope'");
  CHECK(callee_name(compile_and_load(I, "string.nope()"), OP_CALL) == "field 'nope'");
  CHECK(callee_name(compile_and_load(I, "g()"), OP_CALL) == "global 'g'");
  CHECK(callee_name(compile_and_load(I, "local f; f()"), OP_CALL) == "local 'f'");
  // attempt to call a string value (constant 'abc')
  CHECK(callee_name(compile_and_load(I, "(\"abc\")()"), OP_CALL) == "constant 'abc'");
  // attempt to call a number value (for iterator 'for iterator')
  CHECK(callee_name(compile_and_load(I, "for k in 5 do end"), OP_TFORCALL) ==
        "for iterator 'for iterator'");
  CHECK(callee_name(compile_and_load(I, "return g()"), OP_TAILCALL) == "global 'g'");
}

TEST_CASE("keys in registers are named when more than 255 constants exist", "[debug_info]") {
  Interpreter I;
  std::string source = "local t = {";
  for (int i = 0; i < 300; i++) source += "'c" + std::to_string(i) + "',";
  source += "}\nlocal u = {}; u.zzz.q = 1\nlocal v = {}; v:mmm()\n";
  Proto* p = compile_and_load(I, source);
  // (field 'zzz') and (method 'mmm'), with the keys loaded by LOADK
  CHECK(operand_name(p, OP_SETTABLE, 'A') == "field 'zzz'");
  CHECK(callee_name(p, OP_CALL) == "method 'mmm'");
}

TEST_CASE("instructions that call metamethods name them", "[debug_info]") {
  Interpreter I;
  Proto* p = compile_and_load(I,
                              "local t, u = {}, {}\n"
                              "local a = t + 1; a = t - u; a = t * 2.5; a = t & 1\n"
                              "a = -t; a = ~t; a = #t; a = t .. 'x'\n"
                              "a = t == u; a = t < u; a = t <= u; a = t > 1; a = t >= 1\n"
                              "a = t < 1; a = t <= 1; a = t == 1\n"
                              "a = t.x; a = t[u]; a = t[1]; a = g; t:m()\n"
                              "t.x = 1; t[u] = 1; t[1] = 1; g = 1\n"
                              "do local c <close> = nil end\n");
  CHECK(callee_name(p, OP_MMBINI) == "metamethod 'add'");
  CHECK(callee_name(p, OP_MMBIN) == "metamethod 'sub'");
  CHECK(callee_name(p, OP_MMBINK) == "metamethod 'mul'");
  CHECK(callee_name(p, OP_MMBINK, 1) == "metamethod 'band'");
  CHECK(callee_name(p, OP_UNM) == "metamethod 'unm'");
  CHECK(callee_name(p, OP_BNOT) == "metamethod 'bnot'");
  CHECK(callee_name(p, OP_LEN) == "metamethod 'len'");
  CHECK(callee_name(p, OP_CONCAT) == "metamethod 'concat'");
  CHECK(callee_name(p, OP_EQ) == "metamethod 'eq'");
  CHECK(callee_name(p, OP_LT) == "metamethod 'lt'");
  CHECK(callee_name(p, OP_LE) == "metamethod 'le'");
  CHECK(callee_name(p, OP_GTI) == "metamethod 'lt'");
  CHECK(callee_name(p, OP_GEI) == "metamethod 'le'");
  CHECK(callee_name(p, OP_LTI) == "metamethod 'lt'");
  CHECK(callee_name(p, OP_LEI) == "metamethod 'le'");
  CHECK(callee_name(p, OP_EQI) == "(none)");  // raw comparison: no metamethod
  CHECK(callee_name(p, OP_GETFIELD) == "metamethod 'index'");
  CHECK(callee_name(p, OP_GETTABLE) == "metamethod 'index'");
  CHECK(callee_name(p, OP_GETI) == "metamethod 'index'");
  CHECK(callee_name(p, OP_GETTABUP) == "metamethod 'index'");
  CHECK(callee_name(p, OP_SELF) == "metamethod 'index'");
  CHECK(callee_name(p, OP_SETFIELD) == "metamethod 'newindex'");
  CHECK(callee_name(p, OP_SETTABLE) == "metamethod 'newindex'");
  CHECK(callee_name(p, OP_SETI) == "metamethod 'newindex'");
  CHECK(callee_name(p, OP_SETTABUP) == "metamethod 'newindex'");
  CHECK(callee_name(p, OP_CLOSE) == "metamethod 'close'");
  CHECK(callee_name(p, OP_RETURN) == "metamethod 'close'");
  CHECK(callee_name(p, OP_NEWTABLE) == "(none)");
}

TEST_CASE("local and upvalue names", "[debug_info]") {
  Interpreter I;
  Proto* p = compile_and_load(I,
                              "local a = 1\n"
                              "do local b = 2 end\n"
                              "local c = 3\n"
                              "return function() return a, c end\n");
  int last = int(p->code.size()) - 1;
  CHECK(std::string(local_name(p, 1, last)) == "a");
  CHECK(std::string(local_name(p, 2, last)) == "c");  // b's scope has ended
  CHECK(local_name(p, 3, last) == nullptr);
  CHECK(local_name(p, 1, 0) == nullptr);  // a is not active before its declaration
  const Proto* f = p->protos[0];
  CHECK(upvalue_name(f, 0) == "a");
  CHECK(upvalue_name(f, 1) == "c");
  CHECK(upvalue_name(f, 2) == "?");
  CHECK(upvalue_name(p, 0) == "_ENV");
  CHECK(line_of(p, 0) == 1);
  CHECK(line_of(p, last) == 4);
  CHECK(line_of(p, last + 1) == -1);
}

TEST_CASE("chunk_id shows sources as Lua does", "[debug_info]") {
  CHECK(chunk_id("=stdin") == "stdin");
  CHECK(chunk_id("@file.lua") == "file.lua");
  CHECK(chunk_id("=" + std::string(70, 'a')) == std::string(59, 'a'));
  CHECK(chunk_id("=" + std::string(59, 'b')) == std::string(59, 'b'));
  CHECK(chunk_id("@" + std::string(59, 'c')) == std::string(59, 'c'));
  CHECK(chunk_id("@" + std::string(60, 'c')) == "..." + std::string(56, 'c'));
  std::string long_path;
  for (int i = 0; i < 35; i++) long_path += "d/";
  CHECK(chunk_id("@" + long_path + "f.lua") == "..." + (long_path + "f.lua").substr(19));
  CHECK(chunk_id("x = 1") == "[string \"x = 1\"]");
  CHECK(chunk_id("line1\nline2") == "[string \"line1...\"]");
  CHECK(chunk_id(std::string(44, 's')) == "[string \"" + std::string(44, 's') + "\"]");
  CHECK(chunk_id(std::string(45, 's')) == "[string \"" + std::string(45, 's') + "...\"]");
  CHECK(chunk_id(std::string(50, 's')) == "[string \"" + std::string(45, 's') + "...\"]");
  CHECK(chunk_id("=") == "");
  CHECK(chunk_id("@") == "");
  CHECK(chunk_id("") == "[string \"\"]");
}
