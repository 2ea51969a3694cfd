// disasm.cpp — the bytecode listing behind `gilvm --disasm`.
//
// The listing follows `luac5.4 -l -l` line for line, so that a reader can put
// the two side by side and so that Lua's own documentation of its opcodes
// applies. Two things differ: functions are numbered in listing order
// ("function #2") where luac prints addresses, which makes listings
// reproducible; and every instruction where gilvm's dispatch loop polls the
// eval breaker (calls and backward jumps: where a thread may drop the GIL, the
// collector may run or Ctrl-C is noticed) carries a marker.
#include "interp/core/disasm.h"

#include <algorithm>
#include <cctype>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <map>

#include "interp/core/opcodes.h"

namespace gilvm {

namespace {

constexpr const char* kEvalBreakerMarker = "  ; <- eval breaker";

__attribute__((format(printf, 2, 3))) void appendf(std::string& out, const char* fmt, ...) {
  char buffer[512];
  va_list args;
  va_start(args, fmt);
  int n = vsnprintf(buffer, sizeof buffer, fmt, args);
  va_end(args);
  out.append(buffer, std::min<size_t>(n, sizeof buffer - 1));
}

const char* plural(int n) {
  return n == 1 ? "" : "s";
}

class Lister {
 public:
  explicit Lister(std::string& out) : out_(out) {}

  void number_functions(const Proto* p) {
    ids_[p] = int(ids_.size());
    for (const Proto* child : p->protos) number_functions(child);
  }
  void list_function(const Proto* p);

 private:
  void header(const Proto* p);
  void instruction(const Proto* p, int pc);
  void debug_sections(const Proto* p);
  void constant(const Proto* p, int k);
  void quoted(std::string_view s);
  const char* upvalue_name(const Proto* p, int idx) {
    const String* name = size_t(idx) < p->upvalues.size() ? p->upvalues[idx].name : nullptr;
    return name ? name->c_str() : "-";
  }

  std::string& out_;
  std::map<const Proto*, int> ids_;
};

void Lister::list_function(const Proto* p) {
  header(p);
  for (int pc = 0; pc < int(p->code.size()); pc++) instruction(p, pc);
  debug_sections(p);
  for (const Proto* child : p->protos) list_function(child);
}

void Lister::header(const Proto* p) {
  const char* source = p->source ? p->source->c_str() : "=?";
  std::string shown;
  if (*source == '@' || *source == '=') {
    shown = source + 1;
  } else if (*source == '\x1b') {
    shown = "(bstring)";
  } else {
    shown = "(string)";
  }
  int n_code = int(p->code.size());
  appendf(out_, "\n%s <%s:%d,%d> (%d instruction%s, function #%d)\n",
          p->line_defined == 0 ? "main" : "function", shown.c_str(), p->line_defined,
          p->last_line_defined, n_code, plural(n_code), ids_.at(p));
  int n_upvalues = int(p->upvalues.size()), n_locals = int(p->locvars.size());
  int n_constants = int(p->constants.size()), n_protos = int(p->protos.size());
  appendf(out_, "%d%s param%s, %d slot%s, %d upvalue%s, ", p->num_params, p->is_vararg ? "+" : "",
          plural(p->num_params), p->max_stack, plural(p->max_stack), n_upvalues,
          plural(n_upvalues));
  appendf(out_, "%d local%s, %d constant%s, %d function%s\n", n_locals, plural(n_locals),
          n_constants, plural(n_constants), n_protos, plural(n_protos));
}

// A string constant as luac shows it: quoted, with C escapes for control
// characters and decimal escapes for other unprintable bytes.
void Lister::quoted(std::string_view s) {
  out_ += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\a': out_ += "\\a"; break;
      case '\b': out_ += "\\b"; break;
      case '\f': out_ += "\\f"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      case '\v': out_ += "\\v"; break;
      default:
        if (isprint(c)) {
          out_ += char(c);
        } else {
          appendf(out_, "\\%03d", c);
        }
    }
  }
  out_ += '"';
}

void Lister::constant(const Proto* p, int k) {
  if (size_t(k) >= p->constants.size()) {
    out_ += "?";
    return;
  }
  const Value& v = p->constants[k];
  switch (v.tag) {
    case Tag::Nil: out_ += "nil"; break;
    case Tag::False: out_ += "false"; break;
    case Tag::True: out_ += "true"; break;
    case Tag::Int: appendf(out_, "%lld", static_cast<long long>(v.i)); break;
    case Tag::Float: {
      char buffer[64];
      snprintf(buffer, sizeof buffer, "%.14g", v.n);
      out_ += buffer;
      if (buffer[strspn(buffer, "-0123456789")] == '\0') out_ += ".0";  // looks like an integer
      break;
    }
    case Tag::String: quoted(v.as_string()->view()); break;
    default: out_ += "?"; break;
  }
}

void Lister::instruction(const Proto* p, int pc) {
  Instruction i = p->code[pc];
  OpCode op = op_of(i);
  int a = arg_A(i), b = arg_B(i), c = arg_C(i), bx = arg_Bx(i);
  int sb = arg_sB(i), sc = arg_sC(i), sbx = arg_sBx(i);
  int k = arg_k(i);
  const char* isk = k ? "k" : "";
  // The Ax of a following EXTRAARG, scaled as NEWTABLE/SETLIST use it.
  auto extra_arg = [&] { return size_t(pc + 1) < p->code.size() ? arg_Ax(p->code[pc + 1]) : 0; };
  auto comment = [&] { out_ += "\t; "; };

  appendf(out_, "\t%d\t", pc + 1);
  int line = size_t(pc) < p->line_of_pc.size() ? p->line_of_pc[pc] : -1;
  if (line > 0) {
    appendf(out_, "[%d]\t", line);
  } else {
    out_ += "[-]\t";
  }
  if (op >= NUM_OPCODES) {
    appendf(out_, "%-9s\t%u\n", "?", unsigned(i));
    return;
  }
  appendf(out_, "%-9s\t", kOpInfo[op].name);
  switch (op) {
    case OP_MOVE: appendf(out_, "%d %d", a, b); break;
    case OP_LOADI:
    case OP_LOADF: appendf(out_, "%d %d", a, sbx); break;
    case OP_LOADK:
      appendf(out_, "%d %d", a, bx);
      comment();
      constant(p, bx);
      break;
    case OP_LOADKX:
      appendf(out_, "%d", a);
      comment();
      constant(p, extra_arg());
      break;
    case OP_LOADFALSE:
    case OP_LFALSESKIP:
    case OP_LOADTRUE: appendf(out_, "%d", a); break;
    case OP_LOADNIL:
      appendf(out_, "%d %d", a, b);
      comment();
      appendf(out_, "%d out", b + 1);
      break;
    case OP_GETUPVAL:
    case OP_SETUPVAL:
      appendf(out_, "%d %d", a, b);
      comment();
      out_ += upvalue_name(p, b);
      break;
    case OP_GETTABUP:
      appendf(out_, "%d %d %d", a, b, c);
      comment();
      out_ += upvalue_name(p, b);
      out_ += ' ';
      constant(p, c);
      break;
    case OP_GETTABLE:
    case OP_GETI: appendf(out_, "%d %d %d", a, b, c); break;
    case OP_GETFIELD:
      appendf(out_, "%d %d %d", a, b, c);
      comment();
      constant(p, c);
      break;
    case OP_SETTABUP:
      appendf(out_, "%d %d %d%s", a, b, c, isk);
      comment();
      out_ += upvalue_name(p, a);
      out_ += ' ';
      constant(p, b);
      if (k) {
        out_ += ' ';
        constant(p, c);
      }
      break;
    case OP_SETTABLE:
    case OP_SETI:
      appendf(out_, "%d %d %d%s", a, b, c, isk);
      if (k) {
        comment();
        constant(p, c);
      }
      break;
    case OP_SETFIELD:
      appendf(out_, "%d %d %d%s", a, b, c, isk);
      comment();
      constant(p, b);
      if (k) {
        out_ += ' ';
        constant(p, c);
      }
      break;
    case OP_NEWTABLE:
      appendf(out_, "%d %d %d", a, b, c);
      comment();
      appendf(out_, "%d", c + (k ? extra_arg() * (kMaxArgC + 1) : 0));
      break;
    case OP_SELF:
      appendf(out_, "%d %d %d%s", a, b, c, isk);
      if (k) {
        comment();
        constant(p, c);
      }
      break;
    case OP_ADDI:
    case OP_SHRI:
    case OP_SHLI: appendf(out_, "%d %d %d", a, b, sc); break;
    case OP_ADDK:
    case OP_SUBK:
    case OP_MULK:
    case OP_MODK:
    case OP_POWK:
    case OP_DIVK:
    case OP_IDIVK:
    case OP_BANDK:
    case OP_BORK:
    case OP_BXORK:
      appendf(out_, "%d %d %d", a, b, c);
      comment();
      constant(p, c);
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
    case OP_SHR: appendf(out_, "%d %d %d", a, b, c); break;
    case OP_MMBIN:
      appendf(out_, "%d %d %d", a, b, c);
      comment();
      out_ += c < int(TM::NumEvents) ? kEventNames[c] : "?";
      break;
    case OP_MMBINI:
    case OP_MMBINK:
      appendf(out_, "%d %d %d %d", a, op == OP_MMBINI ? sb : b, c, k);
      comment();
      out_ += c < int(TM::NumEvents) ? kEventNames[c] : "?";
      if (op == OP_MMBINK) {
        out_ += ' ';
        constant(p, b);
      }
      if (k) out_ += " flip";
      break;
    case OP_UNM:
    case OP_BNOT:
    case OP_NOT:
    case OP_LEN:
    case OP_CONCAT: appendf(out_, "%d %d", a, b); break;
    case OP_CLOSE:
    case OP_TBC: appendf(out_, "%d", a); break;
    case OP_JMP:
      appendf(out_, "%d", arg_sJ(i));
      comment();
      appendf(out_, "to %d", arg_sJ(i) + pc + 2);
      break;
    case OP_EQ:
    case OP_LT:
    case OP_LE: appendf(out_, "%d %d %d", a, b, k); break;
    case OP_EQK:
      appendf(out_, "%d %d %d", a, b, k);
      comment();
      constant(p, b);
      break;
    case OP_EQI:
    case OP_LTI:
    case OP_LEI:
    case OP_GTI:
    case OP_GEI: appendf(out_, "%d %d %d", a, sb, k); break;
    case OP_TEST: appendf(out_, "%d %d", a, k); break;
    case OP_TESTSET: appendf(out_, "%d %d %d", a, b, k); break;
    case OP_CALL:
      appendf(out_, "%d %d %d", a, b, c);
      comment();
      if (b == 0) {
        out_ += "all in ";
      } else {
        appendf(out_, "%d in ", b - 1);
      }
      if (c == 0) {
        out_ += "all out";
      } else {
        appendf(out_, "%d out", c - 1);
      }
      break;
    case OP_TAILCALL:
      appendf(out_, "%d %d %d%s", a, b, c, isk);
      comment();
      appendf(out_, "%d in", b - 1);
      break;
    case OP_RETURN:
      appendf(out_, "%d %d %d%s", a, b, c, isk);
      comment();
      if (b == 0) {
        out_ += "all out";
      } else {
        appendf(out_, "%d out", b - 1);
      }
      break;
    case OP_RETURN0: break;
    case OP_RETURN1: appendf(out_, "%d", a); break;
    case OP_FORLOOP:
    case OP_TFORLOOP:
      appendf(out_, "%d %d", a, bx);
      comment();
      appendf(out_, "to %d", pc - bx + 2);
      break;
    case OP_FORPREP:
      appendf(out_, "%d %d", a, bx);
      comment();
      appendf(out_, "exit to %d", pc + bx + 3);
      break;
    case OP_TFORPREP:
      appendf(out_, "%d %d", a, bx);
      comment();
      appendf(out_, "to %d", pc + bx + 2);
      break;
    case OP_TFORCALL: appendf(out_, "%d %d", a, c); break;
    case OP_SETLIST:
      appendf(out_, "%d %d %d", a, b, c);
      if (k) {
        comment();
        appendf(out_, "%d", c + extra_arg() * (kMaxArgC + 1));
      }
      break;
    case OP_CLOSURE: {
      appendf(out_, "%d %d", a, bx);
      comment();
      const Proto* child = size_t(bx) < p->protos.size() ? p->protos[bx] : nullptr;
      if (child) {
        appendf(out_, "function #%d", ids_.at(child));
      } else {
        out_ += "?";
      }
      break;
    }
    case OP_VARARG:
      appendf(out_, "%d %d", a, c);
      comment();
      if (c == 0) {
        out_ += "all out";
      } else {
        appendf(out_, "%d out", c - 1);
      }
      break;
    case OP_VARARGPREP: appendf(out_, "%d", a); break;
    case OP_EXTRAARG: appendf(out_, "%d", arg_Ax(i)); break;
    case NUM_OPCODES: break;
  }
  if (polls_eval_breaker(i)) out_ += kEvalBreakerMarker;
  out_ += '\n';
}

void Lister::debug_sections(const Proto* p) {
  int id = ids_.at(p);
  appendf(out_, "constants (%d) for function #%d:\n", int(p->constants.size()), id);
  for (int k = 0; k < int(p->constants.size()); k++) {
    const char* type = "?";
    switch (p->constants[k].tag) {
      case Tag::Nil: type = "N"; break;
      case Tag::False:
      case Tag::True: type = "B"; break;
      case Tag::Float: type = "F"; break;
      case Tag::Int: type = "I"; break;
      case Tag::String: type = "S"; break;
      default: break;
    }
    appendf(out_, "\t%d\t%s\t", k, type);
    constant(p, k);
    out_ += '\n';
  }
  appendf(out_, "locals (%d) for function #%d:\n", int(p->locvars.size()), id);
  for (size_t n = 0; n < p->locvars.size(); n++) {
    const LocVar& var = p->locvars[n];
    appendf(out_, "\t%zu\t%s\t%d\t%d\n", n, var.name ? var.name->c_str() : "?", var.startpc + 1,
            var.endpc + 1);
  }
  appendf(out_, "upvalues (%d) for function #%d:\n", int(p->upvalues.size()), id);
  for (size_t n = 0; n < p->upvalues.size(); n++) {
    const UpvalDesc& uv = p->upvalues[n];
    appendf(out_, "\t%zu\t%s\t%d\t%d\n", n, upvalue_name(p, int(n)), uv.in_stack, uv.index);
  }
}

}  // namespace

void disassemble(const Proto* p, std::string& out) {
  out +=
      "; '<- eval breaker' marks where the dispatch loop polls the eval breaker "
      "(calls and backward jumps: GIL hand-off, collection, Ctrl-C)\n";
  Lister lister(out);
  lister.number_functions(p);
  lister.list_function(p);
}

}  // namespace gilvm
