#include "interp/core/opcodes.h"

namespace gilvm {

const OpInfo kOpInfo[NUM_OPCODES] = {
    {"MOVE", OpMode::iABC, true},       {"LOADI", OpMode::iAsBx, true},
    {"LOADF", OpMode::iAsBx, true},     {"LOADK", OpMode::iABx, true},
    {"LOADKX", OpMode::iABx, true},     {"LOADFALSE", OpMode::iABC, true},
    {"LFALSESKIP", OpMode::iABC, true}, {"LOADTRUE", OpMode::iABC, true},
    {"LOADNIL", OpMode::iABC, true},    {"GETUPVAL", OpMode::iABC, true},
    {"SETUPVAL", OpMode::iABC, false},  {"GETTABUP", OpMode::iABC, true},
    {"GETTABLE", OpMode::iABC, true},   {"GETI", OpMode::iABC, true},
    {"GETFIELD", OpMode::iABC, true},   {"SETTABUP", OpMode::iABC, false},
    {"SETTABLE", OpMode::iABC, false},  {"SETI", OpMode::iABC, false},
    {"SETFIELD", OpMode::iABC, false},  {"NEWTABLE", OpMode::iABC, true},
    {"SELF", OpMode::iABC, true},       {"ADDI", OpMode::iABC, true},
    {"ADDK", OpMode::iABC, true},       {"SUBK", OpMode::iABC, true},
    {"MULK", OpMode::iABC, true},       {"MODK", OpMode::iABC, true},
    {"POWK", OpMode::iABC, true},       {"DIVK", OpMode::iABC, true},
    {"IDIVK", OpMode::iABC, true},      {"BANDK", OpMode::iABC, true},
    {"BORK", OpMode::iABC, true},       {"BXORK", OpMode::iABC, true},
    {"SHRI", OpMode::iABC, true},       {"SHLI", OpMode::iABC, true},
    {"ADD", OpMode::iABC, true},        {"SUB", OpMode::iABC, true},
    {"MUL", OpMode::iABC, true},        {"MOD", OpMode::iABC, true},
    {"POW", OpMode::iABC, true},        {"DIV", OpMode::iABC, true},
    {"IDIV", OpMode::iABC, true},       {"BAND", OpMode::iABC, true},
    {"BOR", OpMode::iABC, true},        {"BXOR", OpMode::iABC, true},
    {"SHL", OpMode::iABC, true},        {"SHR", OpMode::iABC, true},
    {"MMBIN", OpMode::iABC, false},     {"MMBINI", OpMode::iABC, false},
    {"MMBINK", OpMode::iABC, false},    {"UNM", OpMode::iABC, true},
    {"BNOT", OpMode::iABC, true},       {"NOT", OpMode::iABC, true},
    {"LEN", OpMode::iABC, true},        {"CONCAT", OpMode::iABC, true},
    {"CLOSE", OpMode::iABC, false},     {"TBC", OpMode::iABC, false},
    {"JMP", OpMode::isJ, false},        {"EQ", OpMode::iABC, false},
    {"LT", OpMode::iABC, false},        {"LE", OpMode::iABC, false},
    {"EQK", OpMode::iABC, false},       {"EQI", OpMode::iABC, false},
    {"LTI", OpMode::iABC, false},       {"LEI", OpMode::iABC, false},
    {"GTI", OpMode::iABC, false},       {"GEI", OpMode::iABC, false},
    {"TEST", OpMode::iABC, false},      {"TESTSET", OpMode::iABC, true},
    {"CALL", OpMode::iABC, true},       {"TAILCALL", OpMode::iABC, true},
    {"RETURN", OpMode::iABC, false},    {"RETURN0", OpMode::iABC, false},
    {"RETURN1", OpMode::iABC, false},   {"FORLOOP", OpMode::iABx, true},
    {"FORPREP", OpMode::iABx, true},    {"TFORPREP", OpMode::iABx, false},
    {"TFORCALL", OpMode::iABC, false},  {"TFORLOOP", OpMode::iABx, true},
    {"SETLIST", OpMode::iABC, false},   {"CLOSURE", OpMode::iABx, true},
    {"VARARG", OpMode::iABC, true},     {"VARARGPREP", OpMode::iABC, true},
    {"EXTRAARG", OpMode::iAx, false},
};

bool polls_eval_breaker(Instruction i) {
  switch (op_of(i)) {
    case OP_CALL:
    case OP_TAILCALL:
    case OP_FORLOOP:
    case OP_TFORLOOP: return true;
    case OP_JMP: return arg_sJ(i) < 0;
    default: return false;
  }
}

}  // namespace gilvm
