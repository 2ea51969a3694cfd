// chunk.cpp — the chunk loader: reads a Lua 5.4 binary chunk (what lua_dump
// and luac5.4 write) into gilvm Protos, and verifies every function before
// the VM may run it.
//
// The format (Lua 5.4's ldump.c), all multi-byte numbers little-endian:
//
//   header    "\x1bLua", version 0x54, format 0, "\x19\x93\r\n\x1a\n",
//             sizeof Instruction (4), lua_Integer (8), lua_Number (8),
//             the integer 0x5678 and the float 370.5 (to detect byte order
//             and float format), then the main function's upvalue count (a byte)
//   function  source (string), linedefined, lastlinedefined (varints),
//             numparams, is_vararg, maxstacksize (bytes),
//             code:      count, then 4-byte instructions
//             constants: count, then a type byte each and its payload
//                        (0 nil, 1 false, 17 true, 3 integer, 19 float,
//                        4/20 short/long string)
//             upvalues:  count, then (instack, index, kind) bytes each
//             protos:    count, then a nested function each
//             debug:     lineinfo (count, signed byte deltas; -128 means
//                        "see abslineinfo"), abslineinfo (count, (pc, line)
//                        pairs), locals (count, (name, startpc, endpc)),
//                        upvalue names (count, names)
//   varint    7 bits a byte, most significant group first; the last byte
//             has bit 0x80 set
//   string    varint size + 1 (0: no string), then the bytes
//
// A nested function without a source inherits its parent's (lua_dump omits
// repeated sources); a stripped chunk has no source and empty debug lists.
//
// Why verify. Stock Lua trusts binary chunks and a forged one can make it read
// or write out of bounds. gilvm's dispatch loop does no bounds checks either;
// instead, the verifier below proves once per function every fact the loop
// relies on, so that any chunk it accepts is memory-safe to run:
//   - every register operand, including implied ranges (CALL A..A+B-1,
//     LOADNIL A..A+B, TFORCALL A..A+6, ...), is below maxstacksize;
//   - every constant, upvalue and nested-function index is in range, and
//     constants have the type the VM reads them as (string keys, integer
//     operands of bitwise ops);
//   - every jump, loop and skip lands on an instruction of the function, never
//     on an EXTRAARG; instructions the VM pairs are paired (test + JMP,
//     arithmetic + MMBIN*, LOADKX/NEWTABLE/SETLIST + EXTRAARG, FORPREP +
//     FORLOOP, TFORPREP + TFORCALL + TFORLOOP);
//   - "open" results (CALL/VARARG with C = 0, TAILCALL) are consumed by the
//     next instruction and only there (B = 0 of CALL/TAILCALL/RETURN/SETLIST
//     reads the stack top they set);
//   - returns follow the vararg and upvalue-closing conventions the VM uses
//     to restore the frame; VARARGPREP runs once, first; the function ends
//     with a return;
//   - the instructions that use a register without checking its type
//     (SETLIST, FORLOOP, SELF with a register key) find there the type they
//     assume, proved by a data-flow analysis (RegisterTypeCheck, below),
//     and no closure holds those registers, nor any other that the VM
//     moves with plain C++ (call frames, for-loop state, SETLIST's list),
//     so nothing can overwrite them behind the VM's back;
//   - table-size hints are bounded by what the code could fill.
// (Not a fact the verifier proves but one the loader makes: every function
// has one inline-cache entry per instruction, Proto::field_hints, which the
// VM indexes by pc.)
// Everything else about values is the VM's to check at run time, as for code
// compiled from source: the verifier does not make forged code meaningful,
// only safe.
// Sizes are checked against the bytes left before anything is allocated, so
// a forged count cannot cause a huge allocation, and nesting depth is bounded.
#include "interp/core/chunk.h"

#include <algorithm>
#include <bitset>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <limits>
#include <vector>

#include "interp/core/chunk_format.h"
#include "interp/core/opcodes.h"
#include "interp/core/state.h"

namespace gilvm {

namespace {

using namespace chunk_format;

// Lua's parser cannot nest functions deeper than its C-call limit either.
constexpr int kMaxFunctionNesting = 200;
constexpr size_t kMaxUpvalues = 255;  // LClosure::num_upvalues is a byte
constexpr int kLastUpvalueKind = 3;   // regular, const, to-be-closed, compile-time const

// Thrown inside the loader, caught at its boundary; `why` completes
// "bad binary chunk: ".
struct BadChunk {
  std::string why;
};

[[noreturn]] __attribute__((format(printf, 1, 2))) void reject(const char* fmt, ...) {
  char buffer[256];
  va_list args;
  va_start(args, fmt);
  vsnprintf(buffer, sizeof buffer, fmt, args);
  va_end(args);
  throw BadChunk{buffer};
}

// ---------------------------------------------------------------------------
// Reading

class ChunkReader {
 public:
  ChunkReader(Interpreter& I, std::string_view bytes) : I_(I), bytes_(bytes) {}

  // Checks the header and returns the main function's upvalue count.
  int read_header();
  Proto* read_function(String* parent_source, int depth);
  bool at_end() const { return pos_ == bytes_.size(); }

 private:
  size_t remaining() const { return bytes_.size() - pos_; }
  const char* take(size_t n) {
    if (n > remaining()) reject("truncated");
    const char* p = bytes_.data() + pos_;
    pos_ += n;
    return p;
  }
  uint8_t read_byte() { return uint8_t(*take(1)); }
  int read_varint();
  // A count of items that take at least `min_bytes` each: bounded by the
  // bytes left, so that it is safe to allocate for.
  size_t read_count(size_t min_bytes, const char* what);
  String* read_string();  // nullptr: no string
  template <typename T>
  T read_raw() {
    T value;
    std::memcpy(&value, take(sizeof value), sizeof value);
    return value;
  }

  void read_code(Proto* p);
  void read_constants(Proto* p);
  void read_upvalues(Proto* p);
  void read_protos(Proto* p, int depth);
  void read_debug(Proto* p);

  Interpreter& I_;
  std::string_view bytes_;
  size_t pos_ = 0;
};

int ChunkReader::read_header() {
  if (std::string_view(take(4), 4) != std::string_view(kSignature, 4)) {
    reject("not a binary chunk");
  }
  if (read_byte() != kVersion) reject("version mismatch");
  if (read_byte() != kFormat) reject("format mismatch");
  if (std::string_view(take(6), 6) != std::string_view(kCheckData, 6)) reject("corrupted chunk");
  if (read_byte() != sizeof(Instruction)) reject("Instruction size mismatch");
  if (read_byte() != sizeof(int64_t)) reject("lua_Integer size mismatch");
  if (read_byte() != sizeof(double)) reject("lua_Number size mismatch");
  if (read_raw<int64_t>() != kCheckInteger) reject("integer format mismatch");
  if (read_raw<double>() != kCheckFloat) reject("float format mismatch");
  return read_byte();
}

int ChunkReader::read_varint() {
  uint64_t value = 0;
  uint8_t byte;
  do {
    byte = read_byte();
    value = value << 7 | (byte & 0x7f);
    if (value > uint64_t(std::numeric_limits<int>::max())) reject("integer overflow");
  } while ((byte & 0x80) == 0);
  return int(value);
}

size_t ChunkReader::read_count(size_t min_bytes, const char* what) {
  size_t n = size_t(read_varint());
  if (n > remaining() / min_bytes) reject("truncated (%zu %s announced)", n, what);
  return n;
}

String* ChunkReader::read_string() {
  size_t size = size_t(read_varint());
  if (size == 0) return nullptr;
  size_t length = size - 1;
  return I_.new_string(std::string_view(take(length), length));
}

Proto* ChunkReader::read_function(String* parent_source, int depth) {
  if (depth > kMaxFunctionNesting) reject("functions nested too deeply");
  Proto* p = I_.new_proto();
  p->source = read_string();
  if (p->source == nullptr) p->source = parent_source;
  p->line_defined = read_varint();
  p->last_line_defined = read_varint();
  p->num_params = read_byte();
  p->is_vararg = read_byte();
  p->max_stack = read_byte();
  read_code(p);
  read_constants(p);
  read_upvalues(p);
  read_protos(p, depth);
  read_debug(p);
  return p;
}

void ChunkReader::read_code(Proto* p) {
  size_t n = read_count(sizeof(Instruction), "instructions");
  const char* bytes = take(n * sizeof(Instruction));
  p->code.resize(n);
  if (n > 0) std::memcpy(p->code.data(), bytes, n * sizeof(Instruction));
  p->field_hints.resize(n);
}

void ChunkReader::read_constants(Proto* p) {
  size_t n = read_count(1, "constants");
  p->constants.reserve(n);
  for (size_t i = 0; i < n; i++) {
    uint8_t tag = read_byte();
    switch (tag) {
      case kNil: p->constants.push_back(Value::nil()); break;
      case kFalse: p->constants.push_back(Value::boolean(false)); break;
      case kTrue: p->constants.push_back(Value::boolean(true)); break;
      case kInteger: p->constants.push_back(Value::integer(read_raw<int64_t>())); break;
      case kFloat: p->constants.push_back(Value::number(read_raw<double>())); break;
      case kShortString:
      case kLongString: {
        String* s = read_string();
        if (s == nullptr) reject("missing string constant");
        p->constants.push_back(Value::string(s));
        break;
      }
      default: reject("unknown constant type %d", tag);
    }
  }
}

void ChunkReader::read_upvalues(Proto* p) {
  size_t n = read_count(3, "upvalues");
  if (n > kMaxUpvalues) reject("too many upvalues (%zu)", n);
  p->upvalues.resize(n);
  for (UpvalDesc& uv : p->upvalues) {
    uv.name = nullptr;
    uv.in_stack = read_byte();
    uv.index = read_byte();
    uv.kind = read_byte();
    if (uv.in_stack > 1 || uv.kind > kLastUpvalueKind) reject("bad upvalue descriptor");
  }
}

void ChunkReader::read_protos(Proto* p, int depth) {
  // The smallest function takes 14 bytes: one byte per field and per count.
  size_t n = read_count(14, "functions");
  p->protos.reserve(n);
  for (size_t i = 0; i < n; i++) p->protos.push_back(read_function(p->source, depth + 1));
}

// Reads the debug lists and turns the line information into one absolute line
// per instruction. Lua stores a signed byte delta per instruction, except
// every so often (and where a delta does not fit) an absolute (pc, line) pair,
// marked by a -128 delta at that pc.
void ChunkReader::read_debug(Proto* p) {
  size_t code_size = p->code.size();
  size_t n_lineinfo = read_count(1, "line deltas");
  if (n_lineinfo != 0 && n_lineinfo != code_size) reject("line information size mismatch");
  const int8_t* deltas = reinterpret_cast<const int8_t*>(take(n_lineinfo));

  size_t n_abs = read_count(2, "absolute lines");
  if (n_abs != 0 && n_lineinfo == 0) reject("absolute line information without line deltas");
  p->line_of_pc.resize(n_lineinfo);
  int64_t line = p->line_defined;
  size_t next_abs = 0;  // abslineinfo entries are in increasing pc order
  int abs_pc = n_abs > 0 ? read_varint() : -1;
  for (size_t pc = 0; pc < n_lineinfo; pc++) {
    bool is_absolute = deltas[pc] == kAbsLineInfo;
    if (is_absolute != (int(pc) == abs_pc)) reject("inconsistent line information");
    if (is_absolute) {
      line = read_varint();
      next_abs++;
      abs_pc = next_abs < n_abs ? read_varint() : -1;
      if (abs_pc != -1 && abs_pc <= int(pc)) reject("inconsistent line information");
    } else {
      line += deltas[pc];
    }
    if (line < 0 || line > std::numeric_limits<int>::max()) reject("line number out of range");
    p->line_of_pc[pc] = int(line);
  }
  if (next_abs != n_abs) reject("inconsistent line information");

  size_t n_locals = read_count(3, "local variables");
  p->locvars.resize(n_locals);
  for (LocVar& var : p->locvars) {
    var.name = read_string();
    var.startpc = read_varint();
    var.endpc = read_varint();
    if (var.name == nullptr) reject("local variable without a name");
    if (var.startpc > var.endpc || size_t(var.endpc) > code_size) {
      reject("local variable '%s' has a bad scope", var.name->c_str());
    }
  }

  size_t n_names = read_count(1, "upvalue names");
  if (n_names != 0 && n_names != p->upvalues.size()) reject("upvalue names size mismatch");
  for (size_t i = 0; i < n_names; i++) p->upvalues[i].name = read_string();
}

// ---------------------------------------------------------------------------
// Verifying

bool is_return(OpCode op) {
  return op == OP_RETURN || op == OP_RETURN0 || op == OP_RETURN1;
}

// Instructions whose "skip" (pc++) assumes the next instruction is a JMP: the
// VM either skips it or performs it without looking at its opcode.
bool is_test(OpCode op) {
  return (op >= OP_EQ && op <= OP_GEI) || op == OP_TEST || op == OP_TESTSET;
}

// The metamethod fallback each arithmetic instruction is followed by: on the
// fast path the VM skips it, on the slow path it runs it.
OpCode metamethod_fallback(OpCode op) {
  if (op == OP_ADDI || op == OP_SHRI || op == OP_SHLI) return OP_MMBINI;
  if (op >= OP_ADDK && op <= OP_BXORK) return OP_MMBINK;
  if (op >= OP_ADD && op <= OP_SHR) return OP_MMBIN;
  return NUM_OPCODES;
}

// Instructions that leave their results "open": the stack top marks the end
// of a variable number of values, for the next instruction to consume.
bool leaves_open_results(Instruction i) {
  OpCode op = op_of(i);
  return ((op == OP_CALL || op == OP_VARARG) && arg_C(i) == 0) || op == OP_TAILCALL;
}

// Instructions that read the stack top set by the previous one (B = 0).
bool consumes_open_results(Instruction i) {
  OpCode op = op_of(i);
  return (op == OP_CALL || op == OP_TAILCALL || op == OP_RETURN || op == OP_SETLIST) &&
         arg_B(i) == 0;
}

// Checks one function: its shape, every instruction's operands and pairings,
// then that no jump lands where the VM does not expect one. Nested functions
// are checked before their parent, which checks what they capture.
class Verifier {
 public:
  explicit Verifier(const Proto& p) : p_(p), code_(p.code), n_(int(p.code.size())) {}
  void run();

 private:
  [[noreturn]] __attribute__((format(printf, 3, 4))) void fail(int pc, const char* fmt, ...);

  void check_function_shape();
  void check_nested_upvalues();
  void check_instruction(int pc);
  void check_targets();

  // Operand checks; `pc` only locates the error.
  void reg(int pc, int r) {
    if (r >= p_.max_stack) fail(pc, "register %d out of range", r);
  }
  void regs(int pc, int first, int count) {  // first .. first+count-1 (count >= 1)
    if (first + count > p_.max_stack) {
      fail(pc, "registers %d..%d out of range", first, first + count - 1);
    }
  }
  void constant(int pc, int k) {
    if (size_t(k) >= p_.constants.size()) fail(pc, "constant %d out of range", k);
  }
  void string_key(int pc, int k, bool must_be_short);
  void numeric_constant(int pc, int k, bool must_be_integer);
  void rk(int pc, bool is_constant, int c) { is_constant ? constant(pc, c) : reg(pc, c); }
  void upvalue(int pc, int u) {
    if (size_t(u) >= p_.upvalues.size()) fail(pc, "upvalue %d out of range", u);
  }
  void jump_to(int pc, int target) {
    if (target < 0 || target >= n_) fail(pc, "jump to %d outside the function", target + 1);
    is_target_[target] = true;
  }
  int extra_arg(int pc);  // Ax of the EXTRAARG that must follow pc
  void followed_by(int pc, OpCode next);
  void table_size_hint(int pc, int64_t array_size, int64_t hash_size);
  void returns(int pc, Instruction i);
  void open_results_consumed(int pc, Instruction i);

  const Proto& p_;
  const std::vector<Instruction>& code_;
  int n_;
  bool needs_close_ = false;     // returns must close upvalues / to-be-closed variables
  std::vector<bool> is_target_;  // reached by a jump or skip, not only by falling through
};

// Rejects the chunk for a fault of instruction pc of p. pcs are shown 1-based,
// as in the --disasm and luac listings.
[[noreturn]] void reject_at(const Proto& p, int pc, const char* what) {
  if (p.line_defined == 0) reject("%s in main function (pc %d)", what, pc + 1);
  reject("%s in function at line %d (pc %d)", what, p.line_defined, pc + 1);
}

void Verifier::fail(int pc, const char* fmt, ...) {
  char what[160];
  va_list args;
  va_start(args, fmt);
  vsnprintf(what, sizeof what, fmt, args);
  va_end(args);
  reject_at(p_, pc, what);
}

void Verifier::run() {
  check_function_shape();
  check_nested_upvalues();
  is_target_.assign(n_, false);
  for (int pc = 0; pc < n_; pc++) check_instruction(pc);
  check_targets();
}

void Verifier::check_function_shape() {
  if (n_ == 0) reject("function at line %d has no code", p_.line_defined);
  if (p_.is_vararg > 1) fail(0, "bad vararg flag %d", p_.is_vararg);
  if (p_.num_params > p_.max_stack) fail(0, "%d parameters exceed the frame size", p_.num_params);
  if (!is_return(op_of(code_[n_ - 1]))) fail(n_ - 1, "function does not end with a return");
  if (p_.is_vararg && op_of(code_[0]) != OP_VARARGPREP) {
    fail(0, "vararg function does not start with VARARGPREP");
  }
  // The VM closes upvalues and to-be-closed variables on return only when
  // told to (RETURN/TAILCALL k); Lua's compiler says so exactly when the
  // function has locals captured by closures, <close> variables or generic
  // for loops (whose closing value is a to-be-closed variable).
  for (const Proto* child : p_.protos) {
    for (const UpvalDesc& uv : child->upvalues) needs_close_ |= uv.in_stack != 0;
  }
  for (Instruction i : code_) needs_close_ |= op_of(i) == OP_TBC || op_of(i) == OP_TFORPREP;
}

// A closure created here captures registers of this frame (in_stack) or this
// function's own upvalues.
void Verifier::check_nested_upvalues() {
  for (const Proto* child : p_.protos) {
    for (const UpvalDesc& uv : child->upvalues) {
      size_t limit = uv.in_stack ? p_.max_stack : p_.upvalues.size();
      if (uv.index >= limit) {
        reject("function at line %d captures %s %d out of range", child->line_defined,
               uv.in_stack ? "register" : "upvalue", uv.index);
      }
    }
  }
}

void Verifier::string_key(int pc, int k, bool must_be_short) {
  constant(pc, k);
  const Value& v = p_.constants[k];
  if (!v.is_string() || (must_be_short && !v.as_string()->is_short)) {
    fail(pc, "constant %d is not a %sstring", k, must_be_short ? "short " : "");
  }
}

void Verifier::numeric_constant(int pc, int k, bool must_be_integer) {
  constant(pc, k);
  const Value& v = p_.constants[k];
  if (must_be_integer ? !v.is_int() : !v.is_number()) {
    fail(pc, "constant %d is not %s", k, must_be_integer ? "an integer" : "a number");
  }
}

int Verifier::extra_arg(int pc) {
  followed_by(pc, OP_EXTRAARG);
  return arg_Ax(code_[pc + 1]);
}

void Verifier::followed_by(int pc, OpCode next) {
  if (pc + 1 >= n_ || op_of(code_[pc + 1]) != next) {
    fail(pc, "%s must be followed by %s", kOpInfo[op_of(code_[pc])].name, kOpInfo[next].name);
  }
}

// NEWTABLE and SETLIST carry size hints the VM allocates from. Lua's compiler
// emits one instruction at least per hash field and one SETLIST per
// kFieldsPerFlush array items, so larger hints cannot come from real code.
void Verifier::table_size_hint(int pc, int64_t array_size, int64_t hash_size) {
  if (array_size > int64_t(kFieldsPerFlush) * n_ || hash_size > 2 * int64_t(n_)) {
    fail(pc, "table size hint larger than the function could fill");
  }
}

// RETURN and TAILCALL restore a vararg frame from C (the number of fixed
// parameters plus one) and close upvalues when k is set; RETURN0/RETURN1 do
// neither, so they may only end functions that need neither.
void Verifier::returns(int pc, Instruction i) {
  OpCode op = op_of(i);
  if (op == OP_RETURN0 || op == OP_RETURN1) {
    if (p_.is_vararg || needs_close_) fail(pc, "%s cannot end this function", kOpInfo[op].name);
    return;
  }
  int expected_c = p_.is_vararg ? p_.num_params + 1 : 0;
  if (arg_C(i) != expected_c) fail(pc, "%s C must be %d", kOpInfo[op].name, expected_c);
  if (needs_close_ && !arg_k(i)) fail(pc, "%s must close upvalues (k)", kOpInfo[op].name);
}

// An instruction that leaves open results must be followed by one that
// consumes them from registers at or above its own base.
void Verifier::open_results_consumed(int pc, Instruction i) {
  if (pc + 1 >= n_ || !consumes_open_results(code_[pc + 1])) {
    fail(pc, "open results of %s are not consumed", kOpInfo[op_of(i)].name);
  }
  Instruction consumer = code_[pc + 1];
  // CALL, TAILCALL and SETLIST take the values above their register A.
  int first_consumed = arg_A(consumer) + (op_of(consumer) == OP_RETURN ? 0 : 1);
  if (arg_A(i) < first_consumed) fail(pc + 1, "open results start below register A");
}

void Verifier::check_instruction(int pc) {
  Instruction i = code_[pc];
  if ((i & 0x7f) >= NUM_OPCODES) fail(pc, "unknown opcode %u", unsigned(i & 0x7f));
  OpCode op = op_of(i);
  int a = arg_A(i), b = arg_B(i), c = arg_C(i);
  bool k = arg_k(i);

  if (OpCode fallback = metamethod_fallback(op); fallback != NUM_OPCODES) {
    followed_by(pc, fallback);
  }
  if (is_test(op)) followed_by(pc, OP_JMP);
  if (leaves_open_results(i)) open_results_consumed(pc, i);
  if (consumes_open_results(i) && (pc == 0 || !leaves_open_results(code_[pc - 1]))) {
    fail(pc, "%s B = 0 without open results before it", kOpInfo[op].name);
  }

  switch (op) {
    case OP_MOVE:
      reg(pc, a);
      reg(pc, b);
      break;
    case OP_LOADI:
    case OP_LOADF:
    case OP_LOADFALSE:
    case OP_LOADTRUE: reg(pc, a); break;
    case OP_LFALSESKIP:
      reg(pc, a);
      jump_to(pc, pc + 2);
      break;
    case OP_LOADK:
      reg(pc, a);
      constant(pc, arg_Bx(i));
      break;
    case OP_LOADKX:
      reg(pc, a);
      constant(pc, extra_arg(pc));
      break;
    case OP_LOADNIL: regs(pc, a, b + 1); break;
    case OP_GETUPVAL:
    case OP_SETUPVAL:
      reg(pc, a);
      upvalue(pc, b);
      break;
    case OP_GETTABUP:
      reg(pc, a);
      upvalue(pc, b);
      string_key(pc, c, true);
      break;
    case OP_GETTABLE:
      reg(pc, a);
      reg(pc, b);
      reg(pc, c);
      break;
    case OP_GETI:
      reg(pc, a);
      reg(pc, b);
      break;
    case OP_GETFIELD:
      reg(pc, a);
      reg(pc, b);
      string_key(pc, c, true);
      break;
    case OP_SETTABUP:
      upvalue(pc, a);
      string_key(pc, b, true);
      rk(pc, k, c);
      break;
    case OP_SETTABLE:
      reg(pc, a);
      reg(pc, b);
      rk(pc, k, c);
      break;
    case OP_SETI:
      reg(pc, a);
      rk(pc, k, c);
      break;
    case OP_SETFIELD:
      reg(pc, a);
      string_key(pc, b, true);
      rk(pc, k, c);
      break;
    case OP_NEWTABLE: {
      reg(pc, a);
      int64_t extra = extra_arg(pc);  // always present: the VM always skips it
      int64_t array_size = c + (k ? extra * (kMaxArgC + 1) : 0);
      table_size_hint(pc, array_size, b == 0 ? 0 : b > 32 ? INT64_MAX : int64_t(1) << (b - 1));
      break;
    }
    case OP_SELF:
      regs(pc, a, 2);
      reg(pc, b);
      if (k) {
        string_key(pc, c, false);
      } else {
        reg(pc, c);
      }
      break;
    case OP_ADDI:
    case OP_SHRI:
    case OP_SHLI:
      reg(pc, a);
      reg(pc, b);
      break;
    case OP_ADDK:
    case OP_SUBK:
    case OP_MULK:
    case OP_MODK:
    case OP_POWK:
    case OP_DIVK:
    case OP_IDIVK:
      reg(pc, a);
      reg(pc, b);
      numeric_constant(pc, c, false);
      break;
    case OP_BANDK:
    case OP_BORK:
    case OP_BXORK:
      reg(pc, a);
      reg(pc, b);
      numeric_constant(pc, c, true);
      break;
    case OP_ADD:
    case OP_SUB:
    case OP_MUL:
    case OP_MOD:
    case OP_POW:
    case OP_DIV:
    case OP_IDIV:
    case OP_BAND:
    case OP_BOR:
    case OP_BXOR:
    case OP_SHL:
    case OP_SHR:
      reg(pc, a);
      reg(pc, b);
      reg(pc, c);
      break;
    case OP_MMBIN:
    case OP_MMBINI:
    case OP_MMBINK:
      // The VM stores the result in register A of the arithmetic instruction
      // before this one, and C names the metamethod event.
      if (pc == 0 || metamethod_fallback(op_of(code_[pc - 1])) != op) {
        fail(pc, "%s does not follow an arithmetic instruction", kOpInfo[op].name);
      }
      if (c < int(TM::Add) || c > int(TM::Shr)) fail(pc, "bad metamethod event %d", c);
      reg(pc, a);
      if (op == OP_MMBIN) reg(pc, b);
      if (op == OP_MMBINK) constant(pc, b);
      break;
    case OP_UNM:
    case OP_BNOT:
    case OP_NOT:
    case OP_LEN:
      reg(pc, a);
      reg(pc, b);
      break;
    case OP_CONCAT:
      if (b < 2) fail(pc, "CONCAT of %d values", b);
      regs(pc, a, b);
      break;
    case OP_CLOSE:
    case OP_TBC: reg(pc, a); break;
    case OP_JMP: jump_to(pc, pc + 1 + arg_sJ(i)); break;
    case OP_EQ:
    case OP_LT:
    case OP_LE:
      reg(pc, a);
      reg(pc, b);
      break;
    case OP_EQK:
      reg(pc, a);
      constant(pc, b);
      break;
    case OP_EQI:
    case OP_LTI:
    case OP_LEI:
    case OP_GTI:
    case OP_GEI:
    case OP_TEST: reg(pc, a); break;
    case OP_TESTSET:
      reg(pc, a);
      reg(pc, b);
      break;
    case OP_CALL:
      reg(pc, a);
      if (b > 0) regs(pc, a, b);      // function and arguments
      if (c > 1) regs(pc, a, c - 1);  // results
      break;
    case OP_TAILCALL:
      reg(pc, a);
      if (b > 0) regs(pc, a, b);
      returns(pc, i);
      break;
    case OP_RETURN:
      if (b == 1) {
        // No results: A may be the frame's end (a RETURN0 turned into RETURN).
        if (a > p_.max_stack) fail(pc, "register %d out of range", a);
      } else {
        reg(pc, a);
        if (b > 1) regs(pc, a, b - 1);
      }
      returns(pc, i);
      break;
    case OP_RETURN0: returns(pc, i); break;
    case OP_RETURN1:
      reg(pc, a);
      returns(pc, i);
      break;
    case OP_FORPREP: {
      // R[A..A+2]: internal state, R[A+3]: the control variable. The loop's
      // FORLOOP is the instruction just before the exit and jumps back to
      // the instruction after this one.
      regs(pc, a, 4);
      int loop = pc + 1 + arg_Bx(i);
      jump_to(pc, loop + 1);
      if (op_of(code_[loop]) != OP_FORLOOP || arg_A(code_[loop]) != a ||
          loop + 1 - arg_Bx(code_[loop]) != pc + 1) {
        fail(pc, "FORPREP without its FORLOOP");
      }
      break;
    }
    case OP_FORLOOP:
      regs(pc, a, 4);
      jump_to(pc, pc + 1 - arg_Bx(i));
      break;
    case OP_TFORPREP: {
      // R[A..A+2]: iterator, state, control; R[A+3]: the closing value.
      regs(pc, a, 4);
      int call = pc + 1 + arg_Bx(i);
      jump_to(pc, call);
      if (op_of(code_[call]) != OP_TFORCALL || arg_A(code_[call]) != a) {
        fail(pc, "TFORPREP does not jump to its TFORCALL");
      }
      break;
    }
    case OP_TFORCALL:
      // Copies R[A..A+2] to R[A+4..A+6] and calls there; results go to
      // R[A+4..A+3+C].
      regs(pc, a, 4 + std::max(c, 3));
      followed_by(pc, OP_TFORLOOP);
      if (arg_A(code_[pc + 1]) != a) fail(pc, "TFORCALL and TFORLOOP disagree on A");
      break;
    case OP_TFORLOOP:
      regs(pc, a, 5);
      jump_to(pc, pc + 1 - arg_Bx(i));
      break;
    case OP_SETLIST: {
      reg(pc, a);
      if (b > 0) regs(pc, a, b + 1);  // the table and its B values
      int64_t first = c + (k ? int64_t(extra_arg(pc)) * (kMaxArgC + 1) : 0);
      table_size_hint(pc, first + b, 0);
      break;
    }
    case OP_CLOSURE:
      reg(pc, a);
      if (size_t(arg_Bx(i)) >= p_.protos.size()) fail(pc, "function %d out of range", arg_Bx(i));
      break;
    case OP_VARARG:
      if (!p_.is_vararg) fail(pc, "VARARG in a function without varargs");
      reg(pc, a);
      if (c > 1) regs(pc, a, c - 1);
      break;
    case OP_VARARGPREP:
      // Moves the fixed parameters above the extra arguments; it must run
      // first, and A (the number of fixed parameters) sizes the move.
      if (pc != 0 || !p_.is_vararg || a != p_.num_params) fail(pc, "misplaced VARARGPREP");
      break;
    case OP_EXTRAARG: {
      OpCode prev = pc > 0 ? op_of(code_[pc - 1]) : NUM_OPCODES;
      if (!(prev == OP_LOADKX || prev == OP_NEWTABLE ||
            (prev == OP_SETLIST && arg_k(code_[pc - 1])))) {
        fail(pc, "stray EXTRAARG");
      }
      break;
    }
    case NUM_OPCODES: break;  // rejected above
  }
}

// The VM never executes an EXTRAARG, runs VARARGPREP once on entry and reads
// open results only from the instruction just before, so none of these may
// be reached by a jump.
void Verifier::check_targets() {
  for (int pc = 0; pc < n_; pc++) {
    if (!is_target_[pc]) continue;
    if (op_of(code_[pc]) == OP_EXTRAARG) fail(pc, "jump to an EXTRAARG");
    // Running it twice would move the frame twice.
    if (op_of(code_[pc]) == OP_VARARGPREP) fail(pc, "jump to VARARGPREP");
    if (consumes_open_results(code_[pc]))
      fail(pc, "jump to an instruction that reads open results");
  }
}

// ---------------------------------------------------------------------------
// Register types and captured registers
//
// Three instructions use a register without checking its type, as Lua's VM
// does, because Lua's compiler guarantees it:
//   SETLIST  R[A] is the table that NEWTABLE made for the constructor;
//   FORLOOP  R[A..A+2] are the loop state FORPREP prepared (all integers or
//            all floats), which it updates in place;
//   SELF     a register key R[C] is a string constant (LOADK/LOADKX).
// A forged chunk could break each of these, so they are proved by a forward
// data-flow analysis over the control-flow graph: which registers certainly
// hold a fresh table, a loop state or a string constant on every path to an
// instruction. An instruction that may write a register forgets what was
// known about it; calls forget everything from their base up, because the
// callee's frame reuses those registers.
//
// No closure may hold such a register either. A register that a closure
// captured is written through the closure's open upvalue by whoever calls
// it: a callee or a metamethod of this frame, or, in the free-threaded
// build, another thread at any instant. So the analysis also follows which
// registers an open upvalue may point at (CLOSURE adds what it captures,
// CLOSE removes what it closes; where paths join, the union) and rejects a
// fact about a register that may be captured. The same set keeps captured
// registers out of every place where the VM moves values with plain C++
// instead of its handlers' single 16-byte moves (vm.cpp): a call's frame and
// results (CALL, and the generic for's state and call), the numeric for's
// state, SETLIST's table and list, CONCAT's operands and the slot TBC
// marks. TAILCALL and RETURN close the frame's upvalues before they move
// anything (the Verifier insists on k).
//
// Lua's compiler never captures such a register: they are temporaries above
// every live local, and a loop body closes the locals it captured before the
// loop instruction runs again. Checking the tags at run time instead would
// not do: FORLOOP updates its state in place, piece by piece, and another
// thread could overwrite it between the check and the update.

class RegisterTypeCheck {
 public:
  explicit RegisterTypeCheck(const Proto& p) : p_(p), code_(p.code), n_(int(p.code.size())) {}
  void run();

 private:
  using Registers = std::bitset<256>;
  // Registers first..last (last clipped to 255; none if first > last).
  static Registers span(int first, int last) {
    last = std::min(last, 255);
    if (first > last) return {};
    Registers r;
    r.set();
    r >>= 255 - (last - first);
    return r <<= first;
  }

  struct Known {
    // Per kind, the registers that certainly hold one.
    Registers table, loop_state, string;
    // The registers an open upvalue may point at.
    Registers captured;

    void forget(int first, int last) {
      const Registers keep = ~span(first, last);
      table &= keep;
      loop_state &= keep;
      string &= keep;
    }
    // Keeps what both know for certain and what either says may be
    // captured; true if that changed this.
    bool meet(const Known& other) {
      Known before = *this;
      table &= other.table;
      loop_state &= other.loop_state;
      string &= other.string;
      captured |= other.captured;
      return table != before.table || loop_state != before.loop_state || string != before.string ||
             captured != before.captured;
    }
  };

  bool needed() const;
  void check(int pc, const Known& known) const;
  // Rejects the instruction at pc if a closure may hold one of registers
  // first..last.
  void not_captured(int pc, const Known& known, int first, int last) const;
  void transfer(int pc, Known& known) const;
  void mark_leader(int pc) {
    if (slot_[pc] < 0) slot_[pc] = leaders_++;
  }
  void flow_to(int target, const Known& known);

  const Proto& p_;
  const std::vector<Instruction>& code_;
  int n_;
  // Facts are kept only at leaders (pc 0 and every pc reached other than by
  // falling through); slot_[pc] indexes them, -1 for other pcs.
  std::vector<int> slot_;
  int leaders_ = 0;
  std::vector<Known> known_at_;
  std::vector<bool> reached_, queued_;
  std::vector<int> worklist_;
};

bool RegisterTypeCheck::needed() const {
  for (const Proto* child : p_.protos) {
    for (const UpvalDesc& uv : child->upvalues) {
      if (uv.in_stack) return true;
    }
  }
  for (Instruction i : code_) {
    OpCode op = op_of(i);
    if (op == OP_SETLIST || op == OP_FORLOOP || (op == OP_SELF && !arg_k(i))) return true;
  }
  return false;
}

void RegisterTypeCheck::check(int pc, const Known& known) const {
  Instruction i = code_[pc];
  int a = arg_A(i);
  switch (op_of(i)) {
    case OP_SETLIST:
      if (!known.table[a]) reject_at(p_, pc, "SETLIST register A is not a new table");
      not_captured(pc, known, a, 255);
      break;
    case OP_FORPREP: not_captured(pc, known, a, a + 3); break;
    case OP_FORLOOP:
      if (!known.loop_state[a] || !known.loop_state[a + 1] || !known.loop_state[a + 2]) {
        reject_at(p_, pc, "FORLOOP state not prepared by FORPREP");
      }
      not_captured(pc, known, a, a + 3);
      break;
    case OP_SELF:
      if (!arg_k(i)) {
        if (!known.string[arg_C(i)]) {
          reject_at(p_, pc, "SELF key register is not a string constant");
        }
        not_captured(pc, known, arg_C(i), arg_C(i));
      }
      break;
    case OP_CALL:
    case OP_TFORPREP:
    case OP_TFORCALL:
    case OP_TFORLOOP: not_captured(pc, known, a, 255); break;
    case OP_CONCAT: not_captured(pc, known, a, a + arg_B(i) - 1); break;
    case OP_TBC: not_captured(pc, known, a, a); break;
    default: break;
  }
}

void RegisterTypeCheck::not_captured(int pc, const Known& known, int first, int last) const {
  const Registers held = known.captured & span(first, last);
  if (held.none()) return;
  int r = first;
  while (!held[size_t(r)]) r++;
  char what[96];
  snprintf(what, sizeof what, "%s uses register %d, which a closure may hold",
           kOpInfo[op_of(code_[pc])].name, r);
  reject_at(p_, pc, what);
}

// What the instruction at pc does to the facts on its way to the next one.
void RegisterTypeCheck::transfer(int pc, Known& known) const {
  Instruction i = code_[pc];
  OpCode op = op_of(i);
  int a = arg_A(i), c = arg_C(i);
  switch (op) {
    case OP_LOADNIL: known.forget(a, a + arg_B(i)); break;
    case OP_SELF: known.forget(a, a + 1); break;
    case OP_CALL:
    case OP_TAILCALL:
    case OP_CONCAT:  // may call __concat above its operands
      known.forget(a, 255);
      break;
    case OP_CLOSE:
      known.forget(a, 255);
      known.captured &= ~span(a, 255);
      break;
    case OP_CLOSURE:
      known.forget(a, a);
      for (const UpvalDesc& uv : p_.protos[size_t(arg_Bx(i))]->upvalues) {
        if (uv.in_stack) known.captured.set(uv.index);
      }
      break;
    case OP_TFORCALL: known.forget(a + 4, 255); break;
    case OP_VARARG: known.forget(a, c == 0 ? 255 : a + c - 2); break;
    case OP_MMBIN:
    case OP_MMBINI:
    case OP_MMBINK: known.forget(arg_A(code_[pc - 1]), arg_A(code_[pc - 1])); break;
    case OP_VARARGPREP: known.forget(0, 255); break;
    case OP_NEWTABLE:
      known.forget(a, a);
      known.table.set(a);
      break;
    case OP_LOADK:
    case OP_LOADKX: {
      known.forget(a, a);
      int k = op == OP_LOADK ? arg_Bx(i) : arg_Ax(code_[pc + 1]);
      if (p_.constants[k].is_string()) known.string.set(a);
      break;
    }
    case OP_FORPREP:  // the loop body's view; the exit forgets instead
      known.forget(a, a + 3);
      known.loop_state.set(a).set(a + 1).set(a + 2);
      break;
    case OP_FORLOOP:  // the exit's view; the jump back keeps the state
    case OP_TFORLOOP: known.forget(a, a + 3); break;
    default:
      if (kOpInfo[op].sets_a) known.forget(a, a);
      break;
  }
}

void RegisterTypeCheck::flow_to(int target, const Known& known) {
  int s = slot_[target];
  bool changed = !reached_[s] || known_at_[s].meet(known);
  if (!reached_[s]) {
    known_at_[s] = known;
    reached_[s] = true;
  }
  if (changed && !queued_[s]) {
    queued_[s] = true;
    worklist_.push_back(target);
  }
}

void RegisterTypeCheck::run() {
  if (!needed()) return;
  // The successors of each instruction besides the next one (jumps, skips,
  // loops) start the stretches of code the analysis walks.
  slot_.assign(n_, -1);
  mark_leader(0);
  for (int pc = 0; pc < n_; pc++) {
    Instruction i = code_[pc];
    OpCode op = op_of(i);
    switch (op) {
      case OP_JMP: mark_leader(pc + 1 + arg_sJ(i)); break;
      case OP_FORPREP: mark_leader(pc + arg_Bx(i) + 2); break;
      case OP_FORLOOP:
      case OP_TFORLOOP: mark_leader(pc + 1 - arg_Bx(i)); break;
      case OP_TFORPREP: mark_leader(pc + 1 + arg_Bx(i)); break;
      case OP_LFALSESKIP:
      case OP_LOADKX:
      case OP_NEWTABLE: mark_leader(pc + 2); break;
      case OP_SETLIST:
        if (arg_k(i)) mark_leader(pc + 2);
        break;
      default:
        if (is_test(op) || metamethod_fallback(op) != NUM_OPCODES) mark_leader(pc + 2);
        break;
    }
  }
  known_at_.assign(leaders_, Known());
  reached_.assign(leaders_, false);
  queued_.assign(leaders_, false);
  flow_to(0, Known());

  while (!worklist_.empty()) {
    int pc = worklist_.back();
    worklist_.pop_back();
    queued_[slot_[pc]] = false;
    Known known = known_at_[slot_[pc]];
    for (;;) {
      check(pc, known);
      Instruction i = code_[pc];
      OpCode op = op_of(i);
      int a = arg_A(i);
      bool falls_through = true;
      switch (op) {
        case OP_JMP:
          flow_to(pc + 1 + arg_sJ(i), known);
          falls_through = false;
          break;
        case OP_RETURN:
        case OP_RETURN0:
        case OP_RETURN1: falls_through = false; break;
        case OP_FORPREP: {
          Known exit = known;
          exit.forget(a, a + 3);
          flow_to(pc + arg_Bx(i) + 2, exit);
          transfer(pc, known);
          break;
        }
        case OP_FORLOOP:
        case OP_TFORLOOP: {
          // Jumping back, FORLOOP has updated its state in place and set the
          // control variable R[A+3]; TFORLOOP has set R[A+2].
          Known again = known;
          int written = op == OP_FORLOOP ? a + 3 : a + 2;
          again.forget(written, written);
          flow_to(pc + 1 - arg_Bx(i), again);
          transfer(pc, known);
          break;
        }
        case OP_TFORPREP:
          flow_to(pc + 1 + arg_Bx(i), known);
          falls_through = false;
          break;
        case OP_LFALSESKIP:
        case OP_LOADKX:
        case OP_NEWTABLE:
          transfer(pc, known);
          flow_to(pc + 2, known);
          falls_through = false;
          break;
        case OP_SETLIST:
          if (arg_k(i)) {
            flow_to(pc + 2, known);
            falls_through = false;
          }
          break;
        default:
          transfer(pc, known);
          if (is_test(op) || metamethod_fallback(op) != NUM_OPCODES) flow_to(pc + 2, known);
          break;
      }
      if (!falls_through) break;
      pc++;
      if (slot_[pc] >= 0) {
        flow_to(pc, known);
        break;
      }
    }
  }
}

void verify(const Proto* p) {
  for (const Proto* child : p->protos) verify(child);
  Verifier(*p).run();
  RegisterTypeCheck(*p).run();
}

}  // namespace

Proto* load_binary_chunk(Interpreter& I, std::string_view bytes, const std::string& chunkname,
                         std::string* error) {
  try {
    ChunkReader reader(I, bytes);
    size_t main_upvalues = reader.read_header();
    // A stripped main function has no source: it takes the chunk's name,
    // unless that name is the binary string itself (load(s) of a dump).
    bool name_is_chunk = !chunkname.empty() && chunkname[0] == kSignature[0];
    Proto* main = reader.read_function(I.new_string(name_is_chunk ? "=?" : chunkname), 0);
    if (!reader.at_end()) reject("unexpected bytes after the main function");
    if (main->upvalues.size() != main_upvalues) reject("main function upvalue count mismatch");
    verify(main);
    return main;
  } catch (const BadChunk& bad) {
    *error = "bad binary chunk: " + bad.why;
    return nullptr;
  }
}

}  // namespace gilvm
