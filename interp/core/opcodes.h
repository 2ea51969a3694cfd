// opcodes.h — Lua 5.4 instructions: the opcode list and operand decoding.
//
// An instruction is 32 bits. Bits 0..6 are the opcode; the rest is one of
//   iABC:  A(8) k(1) B(8) C(8)     iABx: A(8) Bx(17)     iAsBx: A(8) sBx(17)
//   iAx:   Ax(25)                  isJ:  sJ(25)
// Signed fields are stored with an excess-K bias. The order and meaning of the
// opcodes is Lua 5.4's (lopcodes.h); chunks produced by lua_dump use it.
#pragma once

#include <cstdint>

#include "interp/core/object.h"

namespace gilvm {

enum OpCode : uint8_t {
  OP_MOVE,
  OP_LOADI,
  OP_LOADF,
  OP_LOADK,
  OP_LOADKX,
  OP_LOADFALSE,
  OP_LFALSESKIP,
  OP_LOADTRUE,
  OP_LOADNIL,
  OP_GETUPVAL,
  OP_SETUPVAL,
  OP_GETTABUP,
  OP_GETTABLE,
  OP_GETI,
  OP_GETFIELD,
  OP_SETTABUP,
  OP_SETTABLE,
  OP_SETI,
  OP_SETFIELD,
  OP_NEWTABLE,
  OP_SELF,
  OP_ADDI,
  OP_ADDK,
  OP_SUBK,
  OP_MULK,
  OP_MODK,
  OP_POWK,
  OP_DIVK,
  OP_IDIVK,
  OP_BANDK,
  OP_BORK,
  OP_BXORK,
  OP_SHRI,
  OP_SHLI,
  OP_ADD,
  OP_SUB,
  OP_MUL,
  OP_MOD,
  OP_POW,
  OP_DIV,
  OP_IDIV,
  OP_BAND,
  OP_BOR,
  OP_BXOR,
  OP_SHL,
  OP_SHR,
  OP_MMBIN,
  OP_MMBINI,
  OP_MMBINK,
  OP_UNM,
  OP_BNOT,
  OP_NOT,
  OP_LEN,
  OP_CONCAT,
  OP_CLOSE,
  OP_TBC,
  OP_JMP,
  OP_EQ,
  OP_LT,
  OP_LE,
  OP_EQK,
  OP_EQI,
  OP_LTI,
  OP_LEI,
  OP_GTI,
  OP_GEI,
  OP_TEST,
  OP_TESTSET,
  OP_CALL,
  OP_TAILCALL,
  OP_RETURN,
  OP_RETURN0,
  OP_RETURN1,
  OP_FORLOOP,
  OP_FORPREP,
  OP_TFORPREP,
  OP_TFORCALL,
  OP_TFORLOOP,
  OP_SETLIST,
  OP_CLOSURE,
  OP_VARARG,
  OP_VARARGPREP,
  OP_EXTRAARG,
  NUM_OPCODES
};

enum class OpMode : uint8_t { iABC, iABx, iAsBx, iAx, isJ };

struct OpInfo {
  const char* name;
  OpMode mode;
  bool sets_a;  // writes register A
};

extern const OpInfo kOpInfo[NUM_OPCODES];

constexpr int kMaxArgA = 255, kMaxArgB = 255, kMaxArgC = 255;
constexpr int kMaxArgBx = (1 << 17) - 1;
constexpr int kOffsetSBx = kMaxArgBx >> 1;
constexpr int kMaxArgAx = (1 << 25) - 1;
constexpr int kOffsetSJ = kMaxArgAx >> 1;
constexpr int kOffsetSC = kMaxArgC >> 1;
constexpr int kFieldsPerFlush = 50;  // LFIELDS_PER_FLUSH, for SETLIST

inline OpCode op_of(Instruction i) {
  return OpCode(i & 0x7f);
}
inline int arg_A(Instruction i) {
  return int((i >> 7) & 0xff);
}
inline int arg_k(Instruction i) {
  return int((i >> 15) & 1);
}
inline int arg_B(Instruction i) {
  return int((i >> 16) & 0xff);
}
inline int arg_C(Instruction i) {
  return int((i >> 24) & 0xff);
}
inline int arg_sB(Instruction i) {
  return arg_B(i) - kOffsetSC;
}
inline int arg_sC(Instruction i) {
  return arg_C(i) - kOffsetSC;
}
inline int arg_Bx(Instruction i) {
  return int(i >> 15);
}
inline int arg_sBx(Instruction i) {
  return arg_Bx(i) - kOffsetSBx;
}
inline int arg_Ax(Instruction i) {
  return int(i >> 7);
}
inline int arg_sJ(Instruction i) {
  return int(i >> 7) - kOffsetSJ;
}

// Where the dispatch loop polls the eval breaker: backward jumps and calls.
bool polls_eval_breaker(Instruction i);

}  // namespace gilvm
