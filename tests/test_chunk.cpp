// test_chunk.cpp — the front end, the chunk loader and its verifier, and the
// disassembler.
//
// Real chunks (from lua_dump and from luac5.4) load with the structure luac
// shows; stripped chunks load; every rule of the verifier has a chunk that
// breaks it and is refused with its own reason. The [fuzz] case feeds the
// loader tens of thousands of mutated chunks: each must be refused with a
// "bad binary chunk:" message or accepted, never crash (run it under ASan).
//
// Malformed chunks are made by editing a FunctionImage, a plain mirror of one
// function of a chunk, and serialising it with write_chunk in lua_dump's
// format.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <bitset>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

#include "interp/core/api.h"
#include "interp/core/chunk.h"
#include "interp/core/debug_info.h"
#include "interp/core/disasm.h"
#include "interp/core/opcodes.h"
#include "interp/core/state.h"

using namespace gilvm;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

// ---------------------------------------------------------------------------
// Compiling and loading

std::string compile(std::string_view source, const std::string& chunkname = "=test") {
  std::string binary, error;
  INFO(error);
  REQUIRE(compile_to_binary(source, chunkname, &binary, &error));
  return binary;
}

Proto* load_ok(Interpreter& I, const std::string& binary, const std::string& chunkname = "=test") {
  std::string error;
  Proto* p = load_binary_chunk(I, binary, chunkname, &error);
  INFO(error);
  REQUIRE(p != nullptr);
  return p;
}

std::string load_error(Interpreter& I, const std::string& binary) {
  std::string error;
  Proto* p = load_binary_chunk(I, binary, "=test", &error);
  REQUIRE(p == nullptr);
  CHECK_THAT(error, StartsWith("bad binary chunk: "));
  return error;
}

// ---------------------------------------------------------------------------
// Instruction encoders

Instruction iABC(OpCode op, int a, int b, int c, int k = 0) {
  return Instruction(op) | Instruction(a) << 7 | Instruction(k) << 15 | Instruction(b) << 16 |
         Instruction(c) << 24;
}
Instruction iABx(OpCode op, int a, int bx) {
  return Instruction(op) | Instruction(a) << 7 | Instruction(bx) << 15;
}
Instruction iAsBx(OpCode op, int a, int sbx) {
  return iABx(op, a, sbx + kOffsetSBx);
}
Instruction iAx(OpCode op, int ax) {
  return Instruction(op) | Instruction(ax) << 7;
}
Instruction isJ(int sj) {
  return Instruction(OP_JMP) | Instruction(sj + kOffsetSJ) << 7;
}

// ---------------------------------------------------------------------------
// FunctionImage: an editable function, and a writer in lua_dump's format

struct ConstantImage {
  uint8_t tag;  // 0 nil, 1 false, 17 true, 3 integer, 19 float, 4/20 string
  int64_t integer = 0;
  double number = 0;
  std::string string;
};

struct UpvalueImage {
  uint8_t in_stack, index, kind;
  std::optional<std::string> name;
};

struct LocalImage {
  std::string name;
  int startpc, endpc;
};

struct FunctionImage {
  std::optional<std::string> source;  // absent: inherited (or stripped)
  int line_defined = 0, last_line_defined = 0;
  uint8_t num_params = 0, is_vararg = 0, max_stack = 2;
  std::vector<Instruction> code;
  std::vector<ConstantImage> constants;
  std::vector<UpvalueImage> upvalues;
  std::vector<FunctionImage> protos;
  std::vector<int8_t> lineinfo;                  // empty: no line information
  std::vector<std::pair<int, int>> abslineinfo;  // (pc, line)
  std::vector<LocalImage> locals;
  bool has_upvalue_names = true;
};

ConstantImage string_constant(std::string s) {
  return {4, 0, 0, std::move(s)};
}
ConstantImage integer_constant(int64_t i) {
  return {3, i, 0, {}};
}
ConstantImage float_constant(double d) {
  return {19, 0, d, {}};
}

// Lua's encoding: a byte delta per instruction, and an absolute line where the
// delta does not fit in a byte or every 128 instructions.
void encode_lines(const std::vector<int>& lines, int line_defined, FunctionImage& f) {
  f.lineinfo.clear();
  f.abslineinfo.clear();
  int previous = line_defined, since_absolute = 0;
  for (size_t pc = 0; pc < lines.size(); pc++) {
    int delta = lines[pc] - previous;
    if (delta <= -128 || delta >= 128 || since_absolute++ >= 128) {
      f.abslineinfo.push_back({int(pc), lines[pc]});
      f.lineinfo.push_back(-128);
      since_absolute = 1;
    } else {
      f.lineinfo.push_back(int8_t(delta));
    }
    previous = lines[pc];
  }
}

FunctionImage image_of(const Proto* p, const String* parent_source = nullptr) {
  FunctionImage f;
  if (p->source != parent_source) f.source = std::string(p->source->view());
  f.line_defined = p->line_defined;
  f.last_line_defined = p->last_line_defined;
  f.num_params = p->num_params;
  f.is_vararg = p->is_vararg;
  f.max_stack = p->max_stack;
  f.code = p->code;
  for (const Value& v : p->constants) {
    switch (v.tag) {
      case Tag::Nil: f.constants.push_back({0, 0, 0, {}}); break;
      case Tag::False: f.constants.push_back({1, 0, 0, {}}); break;
      case Tag::True: f.constants.push_back({17, 0, 0, {}}); break;
      case Tag::Int: f.constants.push_back(integer_constant(v.i)); break;
      case Tag::Float: f.constants.push_back(float_constant(v.n)); break;
      default: {
        std::string s(v.as_string()->view());
        f.constants.push_back({uint8_t(s.size() <= 40 ? 4 : 20), 0, 0, s});
      }
    }
  }
  for (const UpvalDesc& uv : p->upvalues) {
    std::optional<std::string> name;
    if (uv.name) name = std::string(uv.name->view());
    f.upvalues.push_back({uv.in_stack, uv.index, uv.kind, name});
  }
  for (const Proto* child : p->protos) f.protos.push_back(image_of(child, p->source));
  encode_lines(p->line_of_pc, p->line_defined, f);
  for (const LocVar& var : p->locvars) {
    f.locals.push_back({std::string(var.name->view()), var.startpc, var.endpc});
  }
  f.has_upvalue_names = !p->upvalues.empty() && p->upvalues[0].name != nullptr;
  return f;
}

// Lua's varint: 7 bits a byte, most significant first, the last byte marked.
std::string varint_bytes(uint64_t x) {
  std::string groups;
  do {
    groups.insert(groups.begin(), char(x & 0x7f));
    x >>= 7;
  } while (x != 0);
  groups.back() |= char(0x80);
  return groups;
}

class ChunkWriter {
 public:
  std::string chunk(const FunctionImage& main, bool strip) {
    out_.clear();
    out_ += "\x1bLua";
    out_ += char(0x54);
    out_ += char(0);
    out_ += std::string("\x19\x93\r\n\x1a\n", 6);
    out_ += char(4);
    out_ += char(8);
    out_ += char(8);
    raw(int64_t(0x5678));
    raw(370.5);
    out_ += char(main.upvalues.size());
    function(main, strip);
    return out_;
  }

 private:
  template <typename T>
  void raw(T value) {
    out_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  void varint(uint64_t x) { out_ += varint_bytes(x); }
  void string(const std::optional<std::string>& s) {
    if (!s) {
      varint(0);
      return;
    }
    varint(s->size() + 1);
    out_ += *s;
  }
  void function(const FunctionImage& f, bool strip) {
    string(strip ? std::nullopt : f.source);
    varint(f.line_defined);
    varint(f.last_line_defined);
    out_ += char(f.num_params);
    out_ += char(f.is_vararg);
    out_ += char(f.max_stack);
    varint(f.code.size());
    for (Instruction i : f.code) raw(i);
    varint(f.constants.size());
    for (const ConstantImage& k : f.constants) {
      out_ += char(k.tag);
      if (k.tag == 3) raw(k.integer);
      if (k.tag == 19) raw(k.number);
      if (k.tag == 4 || k.tag == 20) string(k.string);
    }
    varint(f.upvalues.size());
    for (const UpvalueImage& uv : f.upvalues) {
      out_ += char(uv.in_stack);
      out_ += char(uv.index);
      out_ += char(uv.kind);
    }
    varint(f.protos.size());
    for (const FunctionImage& child : f.protos) function(child, strip);
    varint(strip ? 0 : f.lineinfo.size());
    if (!strip) out_.append(reinterpret_cast<const char*>(f.lineinfo.data()), f.lineinfo.size());
    varint(strip ? 0 : f.abslineinfo.size());
    if (!strip) {
      for (auto [pc, line] : f.abslineinfo) {
        varint(pc);
        varint(line);
      }
    }
    varint(strip ? 0 : f.locals.size());
    if (!strip) {
      for (const LocalImage& var : f.locals) {
        string(var.name);
        varint(var.startpc);
        varint(var.endpc);
      }
    }
    bool names = !strip && f.has_upvalue_names;
    varint(names ? f.upvalues.size() : 0);
    if (names) {
      for (const UpvalueImage& uv : f.upvalues) string(uv.name);
    }
  }

  std::string out_;
};

std::string write_chunk(const FunctionImage& main, bool strip = false) {
  return ChunkWriter().chunk(main, strip);
}

// A main function with the given code: not vararg, two registers, _ENV as its
// only upvalue, no debug information.
FunctionImage tiny_function(std::vector<Instruction> code) {
  FunctionImage f;
  f.source = "=tiny";
  f.code = std::move(code);
  f.upvalues.push_back({1, 0, 0, "_ENV"});
  return f;
}

std::string tiny_error(Interpreter& I, std::vector<Instruction> code,
                       const std::function<void(FunctionImage&)>& edit = nullptr) {
  FunctionImage f = tiny_function(std::move(code));
  if (edit) edit(f);
  return load_error(I, write_chunk(f));
}

// ---------------------------------------------------------------------------
// Running luac5.4 (the reference), when it is installed

bool have_luac() {
  return std::system("luac5.4 -v >/dev/null 2>&1") == 0;
}

std::string temp_path(const char* suffix) {
  return (std::filesystem::temp_directory_path() /
          ("gilvm_test_chunk_" + std::to_string(getpid()) + suffix))
      .string();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

std::string run_command(const std::string& command) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  pclose(pipe);
  return output;
}

// Programs that between them use every opcode.
const char* const kArithmeticProgram = R"(
local a, b = 7, 2.5
local c = a + 1; c = a - 1; c = 1 - a; c = a * 3; c = a % 4; c = a ^ 2; c = a / 3; c = a // 2
c = a & 3; c = a | 8; c = a ~ 5; c = a >> 1; c = a << 2; c = 1 << a; c = 1 >> a
c = a + b; c = a - b; c = a * b; c = a % b; c = a ^ b; c = a / b; c = a // b
c = a & a; c = a | a; c = a ~ a; c = a << a; c = a >> a
c = a + 2.5; c = a - 2.5; c = a * 2.5; c = a % 2.5; c = a ^ 2.5; c = a / 2.5; c = a // 2.5
c = -a; c = ~a; c = not a; c = #"abc"; c = "x" .. a .. b
local t = a == b; t = a < b; t = a <= b; t = a > 3; t = a >= 3; t = a < 3; t = a <= 3
t = a == 3; t = a ~= "s"; t = a == nil; t = a ~= b
if a and b or c then c = 1.5 else c = nil end
local big = 0x7fffffffffffffff
return c, t, big, -0.0, 1e300, 3.0
)";

const char* const kStructureProgram = R"(
local t = {1, 2, 3, x = 1, y = {}, [10] = "ten", f = function(...) return ... end}
t.z = t.x; t[1] = t[2]; t[t] = t.y; t.y.w = 1
local u = 0
local function inc(n) u = u + (n or 1); return u end
for i = 1, 3 do inc(i) end
for i = 3, 1, -0.5 do inc() end
for k, v in pairs(t) do if k == "x" then break end end
while u < 20 do u = u + 1 end
repeat local w = u; u = u - 1 until w < 10
do
  local x <close> = nil
  goto skip
  inc()
  ::skip::
end
local obj = {n = 0}
function obj:bump(k) self.n = self.n + k; return self end
obj:bump(1):bump(2)
local function va(...)
  local n = select("#", ...)
  local all = {...}
  local first, second = ...
  return n, all, first, second, ...
end
print(va(1, nil, 3))
local s = string.format("%d", 3)
gx, gy = 1, 2
local a, b, c
return inc(va(t, s))
)";

const char* const kTinyProgram = "return 1";

// What the two programs above leave out: LOADFALSE, GETTABLE, and more shapes
// of calls (tail calls with open arguments, varargs passed on).
const char* const kCallProgram = R"(
local f = false
local t, k = {}, "key"
t[k] = f
local v = t[k]
local function count(...) return select("#", ...) end
local function pass(x, ...) if x then return count(x, ...) end return count(...) end
local s = 0
for i = 10, 1, -1 do s = s + i end
for _, w in ipairs({1, 2}) do s = s .. w end
return pass(v, t[1], s, pass(t, ...))
)";

// LOADKX needs more than 2^17 constants to appear in compiled code, too big a
// chunk to mutate thousands of times; this function has it with one constant.
FunctionImage loadkx_function() {
  FunctionImage f;
  f.source = "=loadkx";
  f.max_stack = 2;
  f.code = {iABx(OP_LOADKX, 0, 0), iAx(OP_EXTRAARG, 0), iABC(OP_RETURN1, 0, 0, 0)};
  f.constants.push_back(float_constant(0.5));
  f.upvalues.push_back({1, 0, 0, "_ENV"});
  return f;
}

}  // namespace

// ---------------------------------------------------------------------------

TEST_CASE("compiled chunks load with their structure", "[chunk]") {
  Interpreter I;
  Proto* main = load_ok(I, compile("local x = 10\n"
                                   "local function add(a, b)\n"
                                   "  return a + b\n"
                                   "end\n"
                                   "print(add(x, 2.5), 'hi')\n"));
  CHECK(main->source->view() == "=test");
  CHECK(main->line_defined == 0);
  CHECK(main->is_vararg == 1);
  CHECK(main->num_params == 0);
  CHECK(op_of(main->code.front()) == OP_VARARGPREP);
  CHECK(op_of(main->code.back()) == OP_RETURN);
  REQUIRE(main->upvalues.size() == 1);
  CHECK(main->upvalues[0].name->view() == "_ENV");
  CHECK(main->upvalues[0].in_stack == 1);
  REQUIRE(main->line_of_pc.size() == main->code.size());
  CHECK(main->line_of_pc.front() == 1);
  CHECK(main->line_of_pc.back() == 5);
  REQUIRE(main->locvars.size() == 2);
  CHECK(main->locvars[0].name->view() == "x");
  CHECK(main->locvars[1].name->view() == "add");

  bool found_print = false, found_float = false, found_hi = false;
  for (const Value& k : main->constants) {
    found_print |= k.is_string() && k.as_string()->view() == "print";
    found_float |= k.is_float() && k.n == 2.5;
    found_hi |= k.is_string() && k.as_string()->view() == "hi";
  }
  CHECK(found_print);
  CHECK(found_float);
  CHECK(found_hi);

  REQUIRE(main->protos.size() == 1);
  const Proto* add = main->protos[0];
  CHECK(add->source->view() == "=test");  // inherited from the main function
  CHECK(add->line_defined == 2);
  CHECK(add->last_line_defined == 4);
  CHECK(add->num_params == 2);
  CHECK(add->is_vararg == 0);
  CHECK(add->line_of_pc == std::vector<int>{3, 3, 3, 4});  // ADD, MMBIN, RETURN1, RETURN0
  CHECK(add->locvars.size() == 2);
  CHECK(add->upvalues.empty());
}

TEST_CASE("every kind of constant loads", "[chunk]") {
  Interpreter I;
  std::string long_string(100, 'z');
  // Stored values and == operands become constants (K operands), nil and the
  // booleans included.
  Proto* main = load_ok(I, compile("local t = {}\n"
                                   "t.a = nil t.b = false t.c = true t.d = 1 << 40 t.e = 0.5\n"
                                   "t.f = 'short' t.g = '" +
                                   long_string + "'\n"));
  bool has[7] = {};
  for (const Value& k : main->constants) {
    has[0] |= k.is_int() && k.i == int64_t(1) << 40;
    has[1] |= k.is_float() && k.n == 0.5;
    has[2] |= k.is_string() && k.as_string()->view() == "short" && k.as_string()->is_short;
    has[3] |= k.is_string() && k.as_string()->view() == long_string && !k.as_string()->is_short;
    has[4] |= k.tag == Tag::True;
    has[5] |= k.tag == Tag::False;
    has[6] |= k.tag == Tag::Nil;
  }
  for (int i = 0; i < 7; i++) {
    INFO("constant kind " << i);
    CHECK(has[i]);
  }
}

TEST_CASE("writing a loaded chunk back reproduces lua_dump's bytes", "[chunk]") {
  Interpreter I;
  for (const char* program : {kArithmeticProgram, kStructureProgram, kCallProgram, kTinyProgram}) {
    std::string binary = compile(program);
    CHECK(write_chunk(image_of(load_ok(I, binary))) == binary);
  }
}

TEST_CASE("the fuzz corpus uses every opcode", "[chunk]") {
  // The [fuzz] case mutates these chunks; an opcode none of them uses would
  // have its verifier rules fuzzed only by chance opcode changes.
  Interpreter I;
  std::vector<const Proto*> pending = {load_ok(I, write_chunk(loadkx_function()))};
  for (const char* program : {kArithmeticProgram, kStructureProgram, kCallProgram}) {
    pending.push_back(load_ok(I, compile(program)));
  }
  std::bitset<NUM_OPCODES> used;
  while (!pending.empty()) {
    const Proto* p = pending.back();
    pending.pop_back();
    for (Instruction i : p->code) used.set(op_of(i));
    for (const Proto* child : p->protos) pending.push_back(child);
  }
  for (int op = 0; op < NUM_OPCODES; op++) {
    INFO(kOpInfo[op].name);
    CHECK(used.test(op));
  }
}

TEST_CASE("line information with absolute entries decodes", "[chunk]") {
  Interpreter I;
  // Jumps of more than 127 lines and runs of more than 128 instructions both
  // make lua_dump store absolute lines.
  std::string source = "local x = 1\n" + std::string(300, '\n') + "x = x + 1\n";
  for (int i = 0; i < 200; i++) source += "x = x + " + std::to_string(i) + "\n";
  source += std::string(200, '\n') + "return x\n";
  Proto* main = load_ok(I, compile(source));
  FunctionImage image = image_of(main);
  CHECK(image.abslineinfo.size() >= 3);
  CHECK(main->line_of_pc.front() == 1);
  CHECK(main->line_of_pc[1] == 1);
  CHECK(main->line_of_pc[2] == 302);
  CHECK(main->line_of_pc.back() == 302 + 200 + 200 + 1);
}

TEST_CASE("stripped chunks load", "[chunk]") {
  Interpreter I;
  std::string stripped = write_chunk(image_of(load_ok(I, compile(kStructureProgram))), true);
  std::string error;
  Proto* main = load_binary_chunk(I, stripped, "=stripped", &error);
  INFO(error);
  REQUIRE(main != nullptr);
  CHECK(main->source->view() == "=stripped");  // no source in the chunk: its name
  CHECK(main->line_of_pc.empty());
  CHECK(main->locvars.empty());
  CHECK(main->upvalues[0].name == nullptr);
  CHECK(upvalue_name(main, 0) == "?");
  CHECK(line_of(main, 0) == -1);
  REQUIRE(!main->protos.empty());
  CHECK(main->protos[0]->source == main->source);

  // Loaded from a string (load(string.dump(f, true))), the name is the chunk
  // itself; Lua then shows "?" and so does gilvm.
  main = load_binary_chunk(I, stripped, stripped, &error);
  REQUIRE(main != nullptr);
  CHECK(main->source->view() == "=?");
}

TEST_CASE("chunks written by luac5.4 load", "[chunk]") {
  if (!have_luac()) {
    WARN("luac5.4 not installed; skipped");
    return;
  }
  Interpreter I;
  std::string source_path = temp_path(".lua"), chunk_path = temp_path(".luac");
  { std::ofstream(source_path) << kStructureProgram; }
  for (const char* flags : {"", "-s"}) {
    std::string command = std::string("luac5.4 ") + flags + " -o " + chunk_path + " " + source_path;
    REQUIRE(std::system(command.c_str()) == 0);
    std::string chunk = read_file(chunk_path);
    Proto* from_luac = load_ok(I, chunk, "@prog.lua");
    Proto* from_dump = load_ok(I, compile(kStructureProgram, "@" + source_path));
    CHECK(from_luac->code == from_dump->code);
    CHECK(from_luac->protos.size() == from_dump->protos.size());
    CHECK(from_luac->line_of_pc.empty() == (flags[0] != 0));
  }
  std::remove(source_path.c_str());
  std::remove(chunk_path.c_str());
}

TEST_CASE("a function with more than 2^17 constants uses LOADKX and loads", "[chunk]") {
  Interpreter I;
  std::string source = "local t = {";
  for (int i = 0; i < 131200; i++) source += std::to_string(i) + ".5,";
  source += "}\nreturn t\n";
  Proto* main = load_ok(I, compile(source));
  int loadkx = 0;
  for (Instruction i : main->code) loadkx += op_of(i) == OP_LOADKX;
  CHECK(loadkx > 100);
}

TEST_CASE("the disassembly matches luac5.4 -l -l", "[chunk][disasm]") {
  Interpreter I;
  std::string listing;
  disassemble(load_ok(I, compile(kStructureProgram, "@prog.lua")), listing);
  CHECK_THAT(listing, StartsWith("; '<- eval breaker' marks"));
  CHECK_THAT(listing, Contains("\nmain <prog.lua:0,0> ("));
  CHECK_THAT(listing, Contains("function #1"));
  CHECK_THAT(listing, Contains("CALL     \t"));
  CHECK_THAT(listing, Contains("  ; <- eval breaker\n"));

  if (!have_luac()) {
    WARN("luac5.4 not installed; comparison skipped");
    return;
  }
  for (const char* program : {kArithmeticProgram, kStructureProgram}) {
    std::string path = temp_path(".lua");
    { std::ofstream(path) << program; }
    std::string ours;
    disassemble(load_ok(I, compile(program, "@" + path)), ours);
    std::string theirs = run_command("luac5.4 -l -l -p " + path);
    std::remove(path.c_str());

    // Number luac's functions by address in order of appearance, as gilvm does.
    std::map<std::string, int> ids;
    for (size_t at = theirs.find(" at 0x"); at != std::string::npos;
         at = theirs.find(" at 0x", at + 1)) {
      size_t end = theirs.find(')', at);
      ids.emplace(theirs.substr(at + 4, end - at - 4), int(ids.size()));
    }
    for (auto& [address, id] : ids) {
      std::string number = "function #" + std::to_string(id);
      replace_all(theirs, " at " + address + ")", ", " + number + ")");
      replace_all(theirs, "for " + address + ":", "for " + number + ":");
      replace_all(theirs, "; " + address + "\n", "; " + number + "\n");
    }
    replace_all(ours, "  ; <- eval breaker", "");
    ours = ours.substr(ours.find('\n') + 1);  // the marker's explanation
    CHECK(ours == theirs);
  }
}

TEST_CASE("the listing marks exactly the eval-breaker polls", "[disasm]") {
  Interpreter I;
  std::string listing;
  disassemble(load_ok(I, compile("local n = 0\n"
                                 "while n < 3 do n = n + 1 end\n"  // backward JMP
                                 "for i = 1, 2 do end\n"           // FORLOOP
                                 "for k in pairs({}) do end\n"     // TFORLOOP, CALL
                                 "if n then n = 1 end\n"           // forward JMP
                                 "return print(n)\n")),            // TAILCALL
              listing);
  std::istringstream lines(listing);
  std::string line;
  int marked = 0;
  while (std::getline(lines, line)) {
    if (line.find("<- eval breaker") == std::string::npos || line[0] == ';') continue;
    marked++;
    bool poll_opcode = line.find("\tCALL") != std::string::npos ||
                       line.find("\tTAILCALL") != std::string::npos ||
                       line.find("\tFORLOOP") != std::string::npos ||
                       line.find("\tTFORLOOP") != std::string::npos ||
                       line.find("\tJMP      \t-") != std::string::npos;
    CHECK(poll_opcode);
  }
  CHECK(marked == 5);  // the JMP back, FORLOOP, CALL of pairs, TFORLOOP, TAILCALL
}

TEST_CASE("Interpreter::load compiles text and checks the mode", "[chunk]") {
  Interpreter I;
  std::string error;
  LClosure* f = I.load("x = 1", "=(load)", "bt", &error);
  REQUIRE(f != nullptr);
  REQUIRE(f->num_upvalues == 1);
  CHECK(!f->upvals[0]->is_open());
  CHECK(f->upvals[0]->v->tag == Tag::Table);
  CHECK(f->upvals[0]->v->gc == I.globals);

  CHECK(I.load("x = = 1", "x = = 1", "t", &error) == nullptr);
  CHECK(error == "[string \"x = = 1\"]:1: unexpected symbol near '='");
  CHECK(I.load("x = 1", "=(load)", "b", &error) == nullptr);
  CHECK(error == "attempt to load a text chunk (mode is 'b')");

  std::string binary = compile("local a, b = ... return a");
  CHECK(I.load(binary, binary, "t", &error) == nullptr);
  CHECK(error == "attempt to load a binary chunk (mode is 't')");
  f = I.load(binary, binary, "b", &error);
  REQUIRE(f != nullptr);
  CHECK(f->proto->source->view() == "=test");

  CHECK(I.load(binary.substr(0, 20), "=x", "bt", &error) == nullptr);
  CHECK(error == "bad binary chunk: truncated");
}

TEST_CASE("a function with several upvalues gets _ENV first, then nils", "[chunk]") {
  Interpreter I;
  // Compile a nested function with three upvalues, then load it as a chunk on
  // its own (what load(string.dump(f)) does).
  Proto* main = load_ok(I, compile("local a, b = 1, 2\n"
                                   "return function() return a, b, print end\n"));
  FunctionImage inner = image_of(main->protos[0]);
  inner.source = "=inner";
  std::string error;
  std::string chunk = write_chunk(inner);
  LClosure* f = I.load(chunk, "=inner", "b", &error);
  INFO(error);
  REQUIRE(f != nullptr);
  REQUIRE(f->num_upvalues == 3);
  CHECK(f->upvals[0]->v->tag == Tag::Table);
  CHECK(f->upvals[1]->v->is_nil());
  CHECK(f->upvals[2]->v->is_nil());
}

TEST_CASE("file_chunk_text skips what luaL_loadfile skips", "[chunk]") {
  std::string storage;
  CHECK(file_chunk_text("print(1)", &storage) == "print(1)");
  CHECK(file_chunk_text("#!/usr/bin/env gilvm\nprint(1)", &storage) == "\nprint(1)");
  CHECK(file_chunk_text("\xEF\xBB\xBF# comment\nx", &storage) == "\nx");
  CHECK(file_chunk_text("\xEF\xBB\xBFx", &storage) == "x");
  CHECK(file_chunk_text("#!shebang\n\x1bLua", &storage) == "\x1bLua");
  CHECK(file_chunk_text("# only a comment", &storage) == "\n");
}

TEST_CASE("malformed headers are refused", "[chunk]") {
  Interpreter I;
  const std::string good = compile(kTinyProgram);
  auto with_byte = [&](size_t at, char value) {
    std::string bad = good;
    bad[at] = value;
    return load_error(I, bad);
  };
  CHECK(with_byte(3, 'x') == "bad binary chunk: not a binary chunk");
  CHECK(with_byte(4, 0x53) == "bad binary chunk: version mismatch");
  CHECK(with_byte(5, 1) == "bad binary chunk: format mismatch");
  CHECK(with_byte(8, '\n') == "bad binary chunk: corrupted chunk");
  CHECK(with_byte(12, 8) == "bad binary chunk: Instruction size mismatch");
  CHECK(with_byte(13, 4) == "bad binary chunk: lua_Integer size mismatch");
  CHECK(with_byte(14, 4) == "bad binary chunk: lua_Number size mismatch");
  CHECK(with_byte(15, 0x34) == "bad binary chunk: integer format mismatch");
  CHECK(with_byte(30, 0x41) == "bad binary chunk: float format mismatch");
  CHECK(with_byte(31, 2) == "bad binary chunk: main function upvalue count mismatch");

  for (size_t length = 0; length < good.size(); length++) {
    CHECK_THAT(load_error(I, good.substr(0, length)), StartsWith("bad binary chunk: truncated"));
  }
  CHECK(load_error(I, good + "x") == "bad binary chunk: unexpected bytes after the main function");
}

TEST_CASE("forged sizes cannot cause huge allocations", "[chunk]") {
  Interpreter I;
  std::string header = compile(kTinyProgram).substr(0, 32);
  // A source string of 2^31 - 2 bytes, announced in a 5-byte varint.
  CHECK_THAT(load_error(I, header + "\x07\x7f\x7f\x7f\xff"), Contains("truncated"));
  // More than INT_MAX.
  CHECK(load_error(I, header + "\x7f\x7f\x7f\x7f\x7f\xff") == "bad binary chunk: integer overflow");
  // A million instructions in a chunk of a few bytes (the code count of
  // tiny_function's chunk is the byte at 43).
  std::string chunk = write_chunk(tiny_function({iABC(OP_RETURN0, 0, 0, 0)}));
  REQUIRE(chunk[43] == char(0x81));
  std::string forged = chunk.substr(0, 43) + varint_bytes(1000000) + chunk.substr(44);
  CHECK(load_error(I, forged) == "bad binary chunk: truncated (1000000 instructions announced)");
}

TEST_CASE("functions nested too deeply are refused", "[chunk]") {
  Interpreter I;
  FunctionImage f = tiny_function({iABC(OP_RETURN0, 0, 0, 0)});
  FunctionImage nested = f;
  for (int depth = 0; depth < 250; depth++) {
    FunctionImage outer = f;
    outer.protos.push_back(nested);
    nested = outer;
  }
  CHECK(load_error(I, write_chunk(nested)) == "bad binary chunk: functions nested too deeply");
}

TEST_CASE("each verifier rule refuses the chunk that breaks it", "[chunk]") {
  Interpreter I;
  Instruction ret0 = iABC(OP_RETURN0, 0, 0, 0);
  Instruction ret1 = iABC(OP_RETURN, 0, 1, 0);

  SECTION("registers") {
    // The example from the design: the message locates the function and pc.
    auto nested = [](FunctionImage& f) {
      FunctionImage child = tiny_function({iABC(OP_MOVE, 200, 0, 0), iABC(OP_RETURN0, 0, 0, 0)});
      child.source.reset();
      child.line_defined = 3;
      child.upvalues.clear();
      f.protos.push_back(child);
    };
    CHECK(tiny_error(I, {ret0}, nested) ==
          "bad binary chunk: register 200 out of range in function at line 3 (pc 1)");
    CHECK(tiny_error(I, {iABC(OP_MOVE, 0, 2, 0), ret0}) ==
          "bad binary chunk: register 2 out of range in main function (pc 1)");
    CHECK_THAT(tiny_error(I, {iABC(OP_LOADNIL, 0, 2, 0), ret0}),
               Contains("registers 0..2 out of range"));
    CHECK_THAT(tiny_error(I, {iABC(OP_CALL, 0, 4, 1), ret0}), Contains("registers 0..3"));
    CHECK_THAT(tiny_error(I, {iABC(OP_CALL, 1, 1, 3), ret0}), Contains("registers 1..2"));
    CHECK_THAT(tiny_error(I, {iABC(OP_CONCAT, 1, 2, 0), ret0}), Contains("registers 1..2"));
    CHECK_THAT(tiny_error(I, {iABC(OP_CONCAT, 0, 1, 0), ret0}), Contains("CONCAT of 1 values"));
    CHECK_THAT(tiny_error(I, {iABC(OP_SELF, 1, 0, 0), ret0}), Contains("registers 1..2"));
    CHECK_THAT(tiny_error(I, {iABC(OP_RETURN, 0, 4, 0)}), Contains("registers 0..2"));
    CHECK_THAT(tiny_error(I, {iABC(OP_RETURN, 3, 1, 0)}), Contains("register 3 out of range"));
    CHECK_THAT(tiny_error(I, {ret0}, [](FunctionImage& f) { f.num_params = 3; }),
               Contains("3 parameters exceed the frame size"));
  }

  SECTION("constants, upvalues and nested functions") {
    CHECK_THAT(tiny_error(I, {iABx(OP_LOADK, 0, 7), ret0}), Contains("constant 7 out of range"));
    CHECK_THAT(tiny_error(I, {iABx(OP_LOADKX, 0, 0), iAx(OP_EXTRAARG, 5), ret0}),
               Contains("constant 5 out of range"));
    auto one_integer = [](FunctionImage& f) { f.constants.push_back(integer_constant(1)); };
    CHECK_THAT(tiny_error(I, {iABC(OP_GETFIELD, 0, 0, 0), ret0}, one_integer),
               Contains("constant 0 is not a short string"));
    CHECK_THAT(tiny_error(I, {iABC(OP_GETTABUP, 0, 0, 0), ret0},
                          [](FunctionImage& f) {
                            f.constants.push_back({20, 0, 0, std::string(50, 'x')});
                          }),
               Contains("constant 0 is not a short string"));
    CHECK_THAT(tiny_error(I, {iABC(OP_SELF, 0, 0, 0, 1), ret0}, one_integer),
               Contains("constant 0 is not a string"));
    CHECK_THAT(tiny_error(I, {iABC(OP_BANDK, 0, 0, 0), iABC(OP_MMBINK, 0, 0, int(TM::BAnd)), ret0},
                          [](FunctionImage& f) { f.constants.push_back(float_constant(1.5)); }),
               Contains("constant 0 is not an integer"));
    CHECK_THAT(tiny_error(I, {iABC(OP_ADDK, 0, 0, 0), iABC(OP_MMBINK, 0, 0, int(TM::Add)), ret0},
                          [](FunctionImage& f) { f.constants.push_back(string_constant("1")); }),
               Contains("constant 0 is not a number"));
    CHECK_THAT(tiny_error(I, {iABC(OP_GETUPVAL, 0, 1, 0), ret0}),
               Contains("upvalue 1 out of range"));
    CHECK_THAT(tiny_error(I, {iABC(OP_SETTABUP, 3, 0, 0), ret0}),
               Contains("upvalue 3 out of range"));
    CHECK_THAT(tiny_error(I, {iABx(OP_CLOSURE, 0, 0), ret0}), Contains("function 0 out of range"));
    auto capture = [](uint8_t in_stack, uint8_t index) {
      return [=](FunctionImage& f) {
        FunctionImage child = tiny_function({iABC(OP_RETURN0, 0, 0, 0)});
        child.line_defined = 9;
        child.upvalues = {{in_stack, index, 0, "v"}};
        f.protos.push_back(child);
      };
    };
    CHECK(tiny_error(I, {iABx(OP_CLOSURE, 0, 0), ret0}, capture(1, 2)) ==
          "bad binary chunk: function at line 9 captures register 2 out of range");
    CHECK(tiny_error(I, {iABx(OP_CLOSURE, 0, 0), ret0}, capture(0, 1)) ==
          "bad binary chunk: function at line 9 captures upvalue 1 out of range");
  }

  SECTION("control flow") {
    CHECK_THAT(tiny_error(I, {isJ(5), ret0}), Contains("jump to 7 outside the function"));
    CHECK_THAT(tiny_error(I, {isJ(-2), ret0}), Contains("jump to 0 outside the function"));
    CHECK_THAT(tiny_error(I, {iABC(OP_LOADNIL, 0, 0, 0)}),
               Contains("function does not end with a return"));
    CHECK_THAT(tiny_error(I, {iABC(OP_LOADNIL, 0, 0, 0), isJ(-2)}),
               Contains("function does not end with a return"));
    CHECK_THAT(tiny_error(I, {iABC(OP_EQ, 0, 1, 0), ret0}), Contains("EQ must be followed by JMP"));
    CHECK_THAT(tiny_error(I, {iABC(OP_TEST, 0, 0, 0), ret0, ret0}),
               Contains("TEST must be followed by JMP"));
    CHECK_THAT(tiny_error(I, {iABC(OP_LFALSESKIP, 0, 0, 0), ret0}),
               Contains("jump to 3 outside the function"));
    CHECK_THAT(tiny_error(I, {iABC(OP_ADD, 0, 0, 1), ret0}),
               Contains("ADD must be followed by MMBIN"));
    CHECK_THAT(tiny_error(I, {iABC(OP_ADDI, 0, 0, 1), iABC(OP_MMBIN, 0, 0, 6), ret0}),
               Contains("ADDI must be followed by MMBINI"));
    CHECK_THAT(tiny_error(I, {iABC(OP_MMBIN, 0, 1, int(TM::Add)), ret0}),
               Contains("MMBIN does not follow an arithmetic instruction"));
    CHECK_THAT(tiny_error(I, {iABC(OP_ADD, 0, 0, 1), iABC(OP_MMBIN, 0, 1, int(TM::Call)), ret0}),
               Contains("bad metamethod event 23"));
    CHECK_THAT(tiny_error(I, {iABx(OP_LOADKX, 0, 0), ret0},
                          [](FunctionImage& f) { f.constants.push_back(integer_constant(1)); }),
               Contains("LOADKX must be followed by EXTRAARG"));
    CHECK_THAT(tiny_error(I, {iABC(OP_NEWTABLE, 0, 0, 0), ret0}),
               Contains("NEWTABLE must be followed by EXTRAARG"));
    CHECK_THAT(tiny_error(I, {iABC(OP_SETLIST, 0, 1, 0, 1), ret0}),
               Contains("SETLIST must be followed by EXTRAARG"));
    CHECK_THAT(tiny_error(I, {iABC(OP_LOADNIL, 0, 0, 0), iAx(OP_EXTRAARG, 0), ret0}),
               Contains("stray EXTRAARG"));
    CHECK_THAT(tiny_error(I, {isJ(1), iABC(OP_NEWTABLE, 0, 0, 0), iAx(OP_EXTRAARG, 0), ret0}),
               Contains("jump to an EXTRAARG"));
    CHECK_THAT(tiny_error(I, {iABx(OP_FORPREP, 0, 0), iABC(OP_LOADNIL, 0, 0, 0), ret0},
                          [](FunctionImage& f) { f.max_stack = 4; }),
               Contains("FORPREP without its FORLOOP"));
    CHECK_THAT(tiny_error(I, {iABx(OP_FORPREP, 0, 0), iABx(OP_FORLOOP, 0, 2), ret0},
                          [](FunctionImage& f) { f.max_stack = 4; }),
               Contains("FORPREP without its FORLOOP"));
    CHECK_THAT(
        tiny_error(I, {iABx(OP_FORLOOP, 0, 5), ret0}, [](FunctionImage& f) { f.max_stack = 4; }),
        Contains("jump to -3 outside the function"));
    CHECK_THAT(
        tiny_error(I, {iABx(OP_TFORPREP, 0, 0), ret0}, [](FunctionImage& f) { f.max_stack = 8; }),
        Contains("TFORPREP does not jump to its TFORCALL"));
    CHECK_THAT(tiny_error(I, {iABC(OP_TFORCALL, 0, 0, 1), ret0},
                          [](FunctionImage& f) { f.max_stack = 8; }),
               Contains("TFORCALL must be followed by TFORLOOP"));
    CHECK_THAT(tiny_error(I, {iABC(OP_TFORCALL, 0, 0, 1), iABx(OP_TFORLOOP, 0, 1), ret0}),
               Contains("registers 0..6 out of range"));
  }

  SECTION("open results and returns") {
    CHECK_THAT(tiny_error(I, {iABC(OP_CALL, 0, 1, 0), ret0}),
               Contains("open results of CALL are not consumed"));
    CHECK_THAT(tiny_error(I, {iABC(OP_RETURN, 0, 0, 0)}),
               Contains("RETURN B = 0 without open results before it"));
    CHECK_THAT(tiny_error(I, {iABC(OP_CALL, 0, 1, 0), iABC(OP_CALL, 1, 0, 1), ret0}),
               Contains("open results start below register A"));
    CHECK_THAT(tiny_error(I, {isJ(1), iABC(OP_CALL, 0, 1, 0), iABC(OP_RETURN, 0, 0, 0)}),
               Contains("jump to an instruction that reads open results"));
    CHECK_THAT(tiny_error(I, {iABC(OP_VARARG, 0, 0, 2), ret0}),
               Contains("VARARG in a function without varargs"));
    CHECK_THAT(tiny_error(I, {iABC(OP_LOADNIL, 0, 0, 0), iABC(OP_VARARGPREP, 0, 0, 0), ret0}),
               Contains("misplaced VARARGPREP"));
    auto vararg = [](FunctionImage& f) { f.is_vararg = 1; };
    CHECK_THAT(tiny_error(I, {iABC(OP_RETURN, 0, 1, 1)}, vararg),
               Contains("vararg function does not start with VARARGPREP"));
    CHECK_THAT(tiny_error(I, {iABC(OP_VARARGPREP, 1, 0, 0), iABC(OP_RETURN, 0, 1, 1)}, vararg),
               Contains("misplaced VARARGPREP"));
    CHECK_THAT(tiny_error(I, {iABC(OP_VARARGPREP, 0, 0, 0), ret1}, vararg),
               Contains("RETURN C must be 1"));
    CHECK_THAT(tiny_error(I, {iABC(OP_VARARGPREP, 0, 0, 0), ret0}, vararg),
               Contains("RETURN0 cannot end this function"));
    CHECK_THAT(tiny_error(I, {iABC(OP_RETURN, 0, 1, 1)}), Contains("RETURN C must be 0"));
    CHECK_THAT(tiny_error(I, {iABC(OP_TBC, 0, 0, 0), ret1}),
               Contains("RETURN must close upvalues (k)"));
    CHECK_THAT(tiny_error(I, {iABC(OP_TBC, 0, 0, 0), iABC(OP_RETURN1, 0, 0, 0)}),
               Contains("RETURN1 cannot end this function"));
    auto captured = [](FunctionImage& f) {
      FunctionImage child = tiny_function({iABC(OP_RETURN0, 0, 0, 0)});
      child.upvalues = {{1, 0, 0, "x"}};
      f.protos.push_back(child);
    };
    CHECK_THAT(
        tiny_error(
            I, {iABx(OP_CLOSURE, 0, 0), iABC(OP_TAILCALL, 0, 1, 0), iABC(OP_RETURN, 0, 0, 0, 1)},
            captured),
        Contains("TAILCALL must close upvalues (k)"));
  }

  SECTION("register types") {
    auto stack = [](int size) { return [=](FunctionImage& f) { f.max_stack = uint8_t(size); }; };
    CHECK_THAT(tiny_error(I, {iABC(OP_LOADNIL, 0, 1, 0), iABC(OP_SETLIST, 0, 1, 0), ret0}),
               Contains("SETLIST register A is not a new table"));
    // The table is overwritten on one path to SETLIST.
    CHECK_THAT(
        tiny_error(I, {iABC(OP_NEWTABLE, 0, 0, 0), iAx(OP_EXTRAARG, 0), iABC(OP_TEST, 1, 0, 0),
                       isJ(1), iABC(OP_LOADNIL, 0, 0, 0), iABC(OP_SETLIST, 0, 1, 0), ret0}),
        Contains("SETLIST register A is not a new table in main function (pc 6)"));
    CHECK_THAT(
        tiny_error(
            I, {iABx(OP_FORPREP, 0, 1), iABC(OP_LOADNIL, 0, 0, 0), iABx(OP_FORLOOP, 0, 2), ret0},
            stack(4)),
        Contains("FORLOOP state not prepared by FORPREP"));
    // A jump from outside into the loop body reaches FORLOOP without FORPREP.
    CHECK_THAT(tiny_error(I,
                          {isJ(1), iABx(OP_FORPREP, 0, 1), iABC(OP_LOADNIL, 3, 0, 0),
                           iABx(OP_FORLOOP, 0, 2), ret0},
                          stack(4)),
               Contains("FORLOOP state not prepared by FORPREP"));
    CHECK_THAT(tiny_error(I, {iAsBx(OP_LOADI, 2, 1), iABC(OP_SELF, 0, 1, 2), ret0}, stack(3)),
               Contains("SELF key register is not a string constant"));
    FunctionImage good = tiny_function({iABx(OP_LOADK, 2, 0), iABC(OP_SELF, 0, 1, 2), ret0});
    good.max_stack = 3;
    good.constants.push_back(string_constant("m"));
    load_ok(I, write_chunk(good));
    CHECK_THAT(tiny_error(I, {iABC(OP_VARARGPREP, 0, 0, 0), isJ(-2), iABC(OP_RETURN, 0, 1, 1)},
                          [](FunctionImage& f) { f.is_vararg = 1; }),
               Contains("jump to VARARGPREP"));
  }

  SECTION("registers a closure holds") {
    // Each attack makes a setter closure over one register, calls it to
    // overwrite that register with 42 (or a string), then runs the
    // instruction that trusts the register's type: had it been accepted,
    // SETLIST and SELF would use 42 as a pointer and FORLOOP would count
    // on with a string's address. The same code with the closure over
    // another register is accepted.
    auto setter_over = [](int reg) {  // function (v) <register reg> = v end
      FunctionImage f = tiny_function({iABC(OP_SETUPVAL, 0, 0, 0), iABC(OP_RETURN0, 0, 0, 0)});
      f.source.reset();
      f.line_defined = 1;
      f.num_params = 1;
      f.upvalues = {{1, uint8_t(reg), 0, "v"}};
      return f;
    };
    auto chunk = [&](std::vector<Instruction> code, int captured, int max_stack) {
      FunctionImage f = tiny_function(std::move(code));
      f.max_stack = uint8_t(max_stack);
      f.constants = {string_constant("m")};
      f.protos.push_back(setter_over(captured));
      return write_chunk(f);
    };
    Instruction ret_closing = iABC(OP_RETURN, 0, 1, 0, 1);

    std::vector<Instruction> setlist = {
        iABx(OP_CLOSURE, 2, 0),                              // R2 = setter
        iABC(OP_NEWTABLE, 1, 0, 1), iAx(OP_EXTRAARG, 0),     // R1 = {}
        iABC(OP_MOVE, 3, 2, 0),     iAsBx(OP_LOADI, 4, 42),  //
        iABC(OP_CALL, 3, 2, 1),                              // setter(42)
        iAsBx(OP_LOADI, 2, 7),      iABC(OP_SETLIST, 1, 1, 0), ret_closing};
    CHECK(load_error(I, chunk(setlist, 1, 5)) ==
          "bad binary chunk: SETLIST uses register 1, which a closure may hold in main function "
          "(pc 8)");
    load_ok(I, chunk(setlist, 0, 5));

    std::vector<Instruction> self = {iABx(OP_CLOSURE, 0, 0),  // R0 = setter
                                     iABC(OP_NEWTABLE, 2, 0, 0),
                                     iAx(OP_EXTRAARG, 0),   // R2 = {}
                                     iABx(OP_LOADK, 3, 0),  // R3 = "m"
                                     iABC(OP_MOVE, 4, 0, 0),
                                     iAsBx(OP_LOADI, 5, 42),  //
                                     iABC(OP_CALL, 4, 2, 1),  // setter(42)
                                     iABC(OP_SELF, 4, 2, 3),  // R2:m
                                     ret_closing};
    CHECK_THAT(load_error(I, chunk(self, 3, 6)),
               Contains("SELF uses register 3, which a closure may hold"));
    load_ok(I, chunk(self, 1, 6));

    // The body closes what it captured of the loop from the control
    // variable up (CLOSE 3), as Lua's compiler does: a closure over the
    // control variable is fine, one over the loop's state is not.
    std::vector<Instruction> forloop = {iAsBx(OP_LOADI, 0, 1),
                                        iAsBx(OP_LOADI, 1, 3),
                                        iAsBx(OP_LOADI, 2, 1),
                                        iABx(OP_FORPREP, 0, 4),   // for R3 = 1, 3 do
                                        iABx(OP_CLOSURE, 4, 0),   //   R4 = setter
                                        iABx(OP_LOADK, 5, 0),     //
                                        iABC(OP_CALL, 4, 2, 1),   //   setter("m")
                                        iABC(OP_CLOSE, 3, 0, 0),  //
                                        iABx(OP_FORLOOP, 0, 5),   // end
                                        ret_closing};
    CHECK_THAT(load_error(I, chunk(forloop, 0, 6)),
               Contains("FORLOOP uses register 0, which a closure may hold"));
    load_ok(I, chunk(forloop, 3, 6));
    forloop[7] = iABC(OP_CLOSE, 4, 0, 0);  // the control variable stays captured
    CHECK_THAT(load_error(I, chunk(forloop, 3, 6)),
               Contains("FORLOOP uses register 3, which a closure may hold"));

    // Where the VM moves values with plain C++: a callee's frame, CONCAT's
    // operands, a to-be-closed slot.
    std::vector<Instruction> call = {iABx(OP_CLOSURE, 0, 0), iABC(OP_CALL, 1, 1, 1), ret_closing};
    CHECK_THAT(load_error(I, chunk(call, 2, 4)),
               Contains("CALL uses register 2, which a closure may hold"));
    load_ok(I, chunk(call, 0, 4));
    CHECK_THAT(load_error(I, chunk({iABx(OP_CLOSURE, 0, 0), iABx(OP_LOADK, 1, 0),
                                    iABx(OP_LOADK, 2, 0), iABC(OP_CONCAT, 1, 2, 0), ret_closing},
                                   2, 4)),
               Contains("CONCAT uses register 2, which a closure may hold"));
    CHECK_THAT(
        load_error(I, chunk({iABx(OP_CLOSURE, 0, 0), iABC(OP_TBC, 1, 0, 0), ret_closing}, 1, 4)),
        Contains("TBC uses register 1, which a closure may hold"));
    // Captured on one path only is captured.
    CHECK_THAT(load_error(I, chunk({iABC(OP_TEST, 3, 0, 0), isJ(1), iABx(OP_CLOSURE, 0, 0),
                                    iABC(OP_CALL, 1, 1, 1), ret_closing},
                                   2, 4)),
               Contains("CALL uses register 2, which a closure may hold"));
  }

  SECTION("tables") {
    CHECK_THAT(tiny_error(I, {iABC(OP_NEWTABLE, 0, 30, 0), iAx(OP_EXTRAARG, 0), ret0}),
               Contains("table size hint larger than the function could fill"));
    CHECK_THAT(tiny_error(I, {iABC(OP_NEWTABLE, 0, 0, 0, 1), iAx(OP_EXTRAARG, 1 << 24), ret0}),
               Contains("table size hint"));
    CHECK_THAT(tiny_error(I, {iABC(OP_SETLIST, 0, 1, 0, 1), iAx(OP_EXTRAARG, 1 << 24), ret0}),
               Contains("table size hint"));
  }

  SECTION("opcodes and shapes") {
    CHECK_THAT(tiny_error(I, {90, ret0}), Contains("unknown opcode 90"));
    CHECK_THAT(tiny_error(I, {ret0}, [](FunctionImage& f) { f.code.clear(); }),
               Contains("has no code"));
    CHECK_THAT(tiny_error(I, {ret0}, [](FunctionImage& f) { f.is_vararg = 2; }),
               Contains("bad vararg flag 2"));
  }

  SECTION("debug information") {
    auto lines = [](std::vector<int8_t> info, std::vector<std::pair<int, int>> abs) {
      return [=](FunctionImage& f) {
        f.lineinfo = info;
        f.abslineinfo = abs;
      };
    };
    CHECK_THAT(tiny_error(I, {ret0, ret0}, lines({1}, {})),
               Contains("line information size mismatch"));
    CHECK_THAT(tiny_error(I, {ret0, ret0}, lines({1, -128}, {})),
               Contains("inconsistent line information"));
    CHECK_THAT(tiny_error(I, {ret0, ret0}, lines({1, 1}, {{1, 5}})),
               Contains("inconsistent line information"));
    CHECK_THAT(tiny_error(I, {ret0, ret0}, lines({-128, -128}, {{1, 5}, {0, 5}})),
               Contains("inconsistent line information"));
    CHECK_THAT(tiny_error(I, {ret0}, lines({}, {{0, 5}})),
               Contains("absolute line information without line deltas"));
    CHECK_THAT(tiny_error(I, {ret0}, lines({-1}, {})), Contains("line number out of range"));
    CHECK_THAT(tiny_error(I, {ret0},
                          [](FunctionImage& f) {
                            f.locals.push_back({"x", 1, 0});
                          }),
               Contains("local variable 'x' has a bad scope"));
    CHECK_THAT(tiny_error(I, {ret0},
                          [](FunctionImage& f) {
                            f.locals.push_back({"x", 0, 2});
                          }),
               Contains("local variable 'x' has a bad scope"));
  }
}

TEST_CASE("SELF reads its key register before it writes R[A+1]", "[chunk]") {
  // Lua's compiler puts a register key above A + 1; a forged chunk may put
  // it at A + 1, which SELF overwrites with the object. Lua's VM takes the
  // key first, and so does gilvm's (had it not, the table would be used as
  // the key string).
  Interpreter I;
  FunctionImage f = tiny_function({iABC(OP_NEWTABLE, 2, 1, 0), iAx(OP_EXTRAARG, 0),  // R2 = {}
                                   iABC(OP_SETFIELD, 2, 0, 1, 1),  // R2.m = "found"
                                   iABx(OP_LOADK, 1, 0),           // R1 = "m"
                                   iABC(OP_SELF, 0, 2, 1),         // R0 = R2[R1]; R1 = R2
                                   iABC(OP_SETTABUP, 0, 2, 0),     // result = R0
                                   iABC(OP_RETURN0, 0, 0, 0)});
  f.max_stack = 3;
  f.constants = {string_constant("m"), string_constant("found"), string_constant("result")};
  std::string error;
  INFO(error);
  REQUIRE(run_string(I, write_chunk(f), "=self", &error));
  const Value result = table_get_str(I.globals, I.new_string("result"));
  REQUIRE(result.is_string());
  CHECK(result.as_string()->view() == "found");
}

TEST_CASE("malformed constants and upvalue lists are refused", "[chunk]") {
  Interpreter I;
  std::string chunk = write_chunk(tiny_function({iABC(OP_RETURN0, 0, 0, 0)}));
  // tiny's layout after the 32-byte header: source "=tiny" (6 bytes), two
  // line numbers, three bytes, the code (count and one instruction), then the
  // constants count at 48.
  REQUIRE(chunk[48] == char(0x80));
  std::string bad = chunk.substr(0, 48) + "\x81\x07" + chunk.substr(49);
  CHECK(load_error(I, bad) == "bad binary chunk: unknown constant type 7");
  bad = chunk.substr(0, 48) + "\x81\x04\x80" + chunk.substr(49);
  CHECK(load_error(I, bad) == "bad binary chunk: missing string constant");
  // The upvalue descriptor (1, 0, 0) follows: make in_stack 2, then kind 4.
  REQUIRE(chunk.substr(49, 4) == std::string("\x81\x01\x00\x00", 4));
  bad = chunk;
  bad[50] = 2;
  CHECK(load_error(I, bad) == "bad binary chunk: bad upvalue descriptor");
  bad = chunk;
  bad[52] = 4;
  CHECK(load_error(I, bad) == "bad binary chunk: bad upvalue descriptor");
  // The chunk ends with the upvalue names: one, "_ENV". Announce two.
  REQUIRE(chunk.substr(chunk.size() - 6) == "\x81\x85_ENV");
  bad = chunk.substr(0, chunk.size() - 6) + "\x82\x85_ENV\x80";
  CHECK(load_error(I, bad) == "bad binary chunk: upvalue names size mismatch");
}

TEST_CASE("chunks of the Lua compiler pass the verifier", "[chunk]") {
  // Constructs whose code has unusual shapes: register keys (more than 255
  // constants), SETLIST with EXTRAARG, long jumps, deep closures, gotos.
  Interpreter I;
  std::string many = "local t = {";
  for (int i = 0; i < 300; i++) many += "'c" + std::to_string(i) + "',";
  many += "}\nlocal u = {}\nu.zzz = u.yyy\nu:mmm(1)\nreturn u.k300, t\n";
  std::string big_table = "local t = {";
  for (int i = 0; i < 700; i++)
    big_table += std::to_string(i) + ", x" + std::to_string(i) + " = 1,";
  big_table += "...}\nreturn t\n";
  std::string long_jump = "local x = 0\nif x then\n";
  for (int i = 0; i < 3000; i++) long_jump += "x = x + 1\n";
  long_jump += "end\nreturn x\n";
  // Locals captured every way the compiler allows, beside the instructions
  // that must not touch a captured register (calls, loops, constructors,
  // SETLIST, SELF, CONCAT, to-be-closed variables).
  std::string captured = R"(
    local fs, t, s = {}, {1, 2, 3}, "x"
    local function rec(n) if n > 0 then return rec(n - 1) end return s end
    for i = 1, 3 do fs[#fs + 1] = function() return i, t end; if i == 2 then break end end
    for k, v in pairs(t) do fs[k] = function() k = v .. s; return {k, v, t:concat()} end end
    local i = 1
    repeat local x = i; fs[i] = function() i = x + 1; return x end until i > 3 or fs[i]() ~= x
    while true do local y <close> = nil; fs[1] = function() return y, s:upper() end; break end
    do goto e; local q = 1; ::e:: end
    local n = 0
    ::top:: local z = {s, t, n, ...}; fs[5] = function() return z end
    if n < 2 then n = n + 1; goto top end
    local obj = {n = 0, bump = function(self, d) self.n = self.n + d return self end}
    fs[6] = function() return obj:bump(1):bump(2).n .. s .. #t end
    s = s .. "y" .. rec(2); t = {s, t, [s] = obj}; obj:bump(3)
    return fs, obj:bump(4), function(...) local a, b = ...; return function() return a, b end end
  )";
  for (const std::string& program :
       {many, big_table, long_jump, captured,
        std::string("local function f(...) local a <close> = nil; return ... end\n"
                    "local function g(a, b, ...) local t = {...} if a then return end "
                    "return select('#', ...) end\n"
                    "for i = 1, 10 do local function h() return i end if i > 5 then break end end\n"
                    "do goto e; local q = 1; ::e:: end\n"
                    "local x <const> = 5; return function() return x, f, g end\n")}) {
    load_ok(I, compile(program));
  }
}

// ---------------------------------------------------------------------------
// Fuzzing

namespace {

// Runs what reads verified code without executing it over an accepted chunk:
// the disassembler and the name-finding of debug_info, at every pc.
void exercise_accepted(const Proto* p) {
  std::string listing;
  disassemble(p, listing);
  std::vector<const Proto*> pending = {p};
  while (!pending.empty()) {
    const Proto* f = pending.back();
    pending.pop_back();
    for (int pc = 0; pc < int(f->code.size()); pc++) {
      called_function_name(f, pc);
      register_name(f, pc, arg_A(f->code[pc]) % std::max(1, int(f->max_stack)));
      line_of(f, pc);
    }
    for (int i = 0; i < int(f->upvalues.size()); i++) upvalue_name(f, i);
    for (const Proto* child : f->protos) pending.push_back(child);
  }
}

struct FuzzStats {
  int mutants = 0, accepted = 0, refused = 0;
};

bool try_mutant(Interpreter& I, const std::string& chunk, FuzzStats& stats) {
  std::string error;
  Proto* p = load_binary_chunk(I, chunk, "=fuzz", &error);
  stats.mutants++;
  if (p == nullptr) {
    if (error.rfind("bad binary chunk: ", 0) != 0) FAIL("unexpected error: " << error);
    stats.refused++;
    return false;
  }
  stats.accepted++;
  exercise_accepted(p);
  return true;
}

// Bounds the running time of a mutant: a mutated jump can loop forever, but
// every loop polls the eval breaker (backward JMP, FORLOOP, TFORLOOP, calls),
// so Ctrl-C's interrupt flag, set from this thread once a run has taken more
// than `budget`, ends any run with an "interrupted" error. It keeps setting
// the flag until the run ends, in case the mutant catches the error.
class Watchdog {
 public:
  explicit Watchdog(std::chrono::milliseconds budget)
      : budget_(budget), thread_([this] { watch(); }) {}
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      quit_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }

  void start(Interpreter& I) {
    std::lock_guard<std::mutex> lock(mutex_);
    I.eval_breaker.clear(gil::EvalBreaker::kInterrupt);
    running_ = &I;
    started_ = std::chrono::steady_clock::now();
  }
  // After stop returns no interrupt is pending or will be set.
  void stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    running_->eval_breaker.clear(gil::EvalBreaker::kInterrupt);
    running_ = nullptr;
  }

 private:
  void watch() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!quit_) {
      wake_.wait_for(lock, std::chrono::milliseconds(2));
      if (running_ && std::chrono::steady_clock::now() - started_ > budget_) {
        running_->eval_breaker.set(gil::EvalBreaker::kInterrupt);
      }
    }
  }

  std::chrono::milliseconds budget_;
  std::mutex mutex_;
  std::condition_variable wake_;
  Interpreter* running_ = nullptr;
  std::chrono::steady_clock::time_point started_;
  bool quit_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

// Globals a mutant may reach: mutated operands can index _ENV with any string
// constant of the chunk, so nothing that writes files, exits or prints stays.
const char* const kSandbox = R"(
local G, next, keep = _G, next, {select = select, pairs = pairs, ipairs = ipairs,
                     string = {format = string.format}, print = function() end}
for k in next, G do G[k] = nil end
for k, v in next, keep do G[k] = v end
)";

struct RunStats {
  int runs = 0, returned = 0, interrupted = 0;
};

// Runs an accepted mutant: whatever it does, it must end with a result or a
// Lua error, never a crash (ASan watches the memory it touches).
void run_mutant(Interpreter& I, Watchdog& watchdog, const std::string& chunk, RunStats& stats) {
  std::string error;
  watchdog.start(I);
  bool ok = run_string(I, chunk, "=fuzz", &error);
  watchdog.stop();
  stats.runs++;
  if (ok) {
    stats.returned++;
  } else if (error.find("interrupted") != std::string::npos) {
    stats.interrupted++;
  }
}

// Every function of an image, for picking one to mutate.
void collect_functions(FunctionImage& f, std::vector<FunctionImage*>& out) {
  out.push_back(&f);
  for (FunctionImage& child : f.protos) collect_functions(child, out);
}

// Changes one field of one instruction (or of the function around it) the
// way a forger would: small steps that stay plausible as well as wild values.
void mutate_field(FunctionImage& f, std::mt19937& rng) {
  auto pick = [&](int n) { return int(rng() % uint32_t(n)); };
  auto value = [&](int current, int bits) {
    switch (pick(4)) {
      case 0: return current + 1;
      case 1: return current - 1;
      case 2: return pick(1 << bits);
      default: return (1 << bits) - 1 - pick(3);
    }
  };
  if (f.code.empty()) return;
  Instruction& i = f.code[pick(int(f.code.size()))];
  switch (pick(12)) {
    case 0: i = (i & ~0x7fu) | Instruction(pick(NUM_OPCODES)); break;
    case 1: i = (i & ~(0xffu << 7)) | Instruction(value(arg_A(i), 8) & 0xff) << 7; break;
    case 2: i = (i & ~(0xffu << 16)) | Instruction(value(arg_B(i), 8) & 0xff) << 16; break;
    case 3: i = (i & ~(0xffu << 24)) | Instruction(value(arg_C(i), 8) & 0xff) << 24; break;
    case 4: i ^= 1u << 15; break;  // k
    case 5: i = (i & 0x7fffu) | Instruction(value(arg_Bx(i), 17) & 0x1ffff) << 15; break;
    case 6: i = (i & 0x7fu) | Instruction(value(int(i >> 7), 25) & 0x1ffffff) << 7; break;
    case 7: f.max_stack = uint8_t(value(f.max_stack, 8)); break;
    case 8: f.num_params = uint8_t(value(f.num_params, 8)); break;
    case 9: f.is_vararg ^= 1; break;
    case 10:
      if (!f.upvalues.empty()) {
        UpvalueImage& uv = f.upvalues[pick(int(f.upvalues.size()))];
        if (pick(2))
          uv.in_stack ^= 1;
        else
          uv.index = uint8_t(value(uv.index, 8));
      }
      break;
    default:
      if (!f.constants.empty()) {
        ConstantImage& k = f.constants[pick(int(f.constants.size()))];
        static const ConstantImage replacements[] = {{0, 0, 0, {}},
                                                     {1, 0, 0, {}},
                                                     {17, 0, 0, {}},
                                                     {3, 7, 0, {}},
                                                     {19, 0, 0.5, {}},
                                                     {4, 0, 0, "k"},
                                                     {20, 0, 0, std::string(60, 'l')}};
        k = replacements[pick(7)];
      }
      break;
  }
}

}  // namespace

TEST_CASE("mutated chunks are refused cleanly or accepted", "[fuzz]") {
  std::mt19937 rng(20240611);  // fixed: every run tries the same mutants
  auto pick = [&](size_t n) { return size_t(rng() % n); };
  FuzzStats stats;
  RunStats runs;
  Watchdog watchdog(std::chrono::milliseconds(20));

  struct Original {
    std::string chunk;
    bool stripped;
  };
  std::vector<Original> corpus;
  {
    Interpreter I;
    for (const char* program :
         {kArithmeticProgram, kStructureProgram, kCallProgram, kTinyProgram}) {
      std::string chunk = compile(program);
      corpus.push_back({chunk, false});
      corpus.push_back({write_chunk(image_of(load_ok(I, chunk)), true), true});
    }
    corpus.push_back({write_chunk(loadkx_function()), false});
  }

  for (const auto& [original, stripped] : corpus) {
    // A fresh interpreter per original bounds the memory of loaded mutants.
    Interpreter I;
    // Truncations at every length for the small chunks, every 7th otherwise.
    size_t step = original.size() < 400 ? 1 : 7;
    for (size_t length = 0; length < original.size(); length += step) {
      try_mutant(I, original.substr(0, length), stats);
    }
    // Single bit flips, then bursts of random bytes.
    for (int n = 0; n < 1500; n++) {
      std::string m = original;
      m[pick(m.size())] ^= char(1 << pick(8));
      try_mutant(I, m, stats);
    }
    for (int n = 0; n < 600; n++) {
      std::string m = original;
      int bytes = 1 + int(pick(4));
      for (int b = 0; b < bytes; b++) m[pick(m.size())] = char(rng());
      try_mutant(I, m, stats);
    }
    // Bytes inserted or removed shift everything after them.
    for (int n = 0; n < 200; n++) {
      std::string m = original;
      size_t at = pick(m.size());
      if (n % 2) {
        m.insert(at, 1, char(rng()));
      } else {
        m.erase(at, 1);
      }
      try_mutant(I, m, stats);
    }
    // Field-aware mutations: one to three edits of decoded instructions and
    // function fields, written back as a well-formed chunk. Those accepted are
    // run as well, in a sandboxed interpreter of their own.
    FunctionImage image = image_of(load_ok(I, original));
    Interpreter sandbox;
    std::string error;
    INFO(error);
    REQUIRE(run_string(sandbox, kSandbox, "=sandbox", &error));
    for (int n = 0; n < 1500; n++) {
      FunctionImage m = image;
      std::vector<FunctionImage*> functions;
      collect_functions(m, functions);
      int edits = 1 + int(pick(3));
      for (int e = 0; e < edits; e++) mutate_field(*functions[pick(functions.size())], rng);
      std::string chunk = write_chunk(m, stripped);
      if (try_mutant(I, chunk, stats)) run_mutant(sandbox, watchdog, chunk, runs);
    }
  }
  INFO("mutants: " << stats.mutants << ", accepted: " << stats.accepted
                   << ", refused: " << stats.refused << "; run: " << runs.runs
                   << ", returned: " << runs.returned << ", interrupted: " << runs.interrupted);
  REQUIRE(stats.accepted + stats.refused == stats.mutants);
  CHECK(stats.mutants >= 10000);
  CHECK(stats.accepted > 0);
  CHECK(stats.refused > 0);
  CHECK(runs.returned > 0);
}
