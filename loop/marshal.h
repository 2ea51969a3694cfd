// marshal.h — Lua values as bytes and back, between interpreters: what
// executor.processes and executor.interpreters send (a function and its
// arguments one way; results, or an error value and its traceback, back).
//
// encode() writes values of one interpreter as a self-contained message and
// decode() rebuilds them in another interpreter (or the same one). The format
// is described at the top of marshal.cpp. What travels:
//  - nil, booleans, integers, floats (bit for bit: NaN payloads, infinities,
//    -0.0) and strings (any bytes);
//  - tables without a metatable, nested to any shape: an object reached twice
//    (a shared sub-table, a cycle, a string) arrives as one object;
//  - Lua functions, as their bytecode with debug information (so errors and
//    tracebacks in the receiver cite the sender's source lines), with their
//    upvalues copied by value the same way; closures that share an upvalue
//    share it in the receiver too;
//  - the sender's globals table, wherever it appears (typically as the _ENV
//    upvalue of a function), as the receiver's globals, not as a copy;
//  - native functions of the standard library, by name ("math.sqrt"): the
//    receiver's own function of that name arrives.
//
// Anything else raises, in the sender, "cannot send a <what> (<where>)":
//   <what>   the __name of a userdata's metatable ("sync.lock", "thread"),
//            or "userdata"; "light userdata"; "coroutine"; "table with a metatable"
//            (a metatable holds behaviour that a copy would silently drop);
//            "native function that is not in the standard library"; the type
//            name of any other kind of value; or "value nested more than 200
//            levels deep"
//   <where>  the path to it, innermost first, joined by " of ": "field 'k'",
//            "index 3" (numeric keys), "value at a boolean key" (other keys),
//            "a key", "upvalue 'q'" (or "upvalue #2" without debug names),
//            ending with the root "argument 1" (or "<role> <i>")
// e.g. "cannot send a sync.lock (field 'lock' of field 'cfg' of argument 2)"
// or   "cannot send a sync.queue (upvalue 'q' of argument 1)".
//
// A message from another process is untrusted: decode checks every tag,
// length, count and reference against the bytes that remain, loads bytecode
// only through the chunk verifier, limits nesting, and answers anything wrong
// with the Lua error "malformed message: <what was wrong>". Its allocations
// are bounded by a small multiple of the message's size.
//
// Both directions run no Lua code and reach no safe point, so the collector
// cannot run in the middle of them; call them attached, as any native.
#pragma once

#include <string>
#include <string_view>

#include "interp/core/state.h"

namespace gilvm::marshal {

// Nesting deeper than this (tables in tables, functions' upvalues) is refused
// in both directions, like Lua's own C-call limit, so that neither side can
// run out of C++ stack.
constexpr int kMaxDepth = 200;

// values[0..n) as one message. `role` names the values in messages:
// values[i] is "<role> <i+1>". Raises "cannot send ..." (with the position of
// the calling Lua function, as L.error does) if one of them cannot travel.
std::string encode(ThreadState& L, const Value* values, int n, const char* role = "argument");

// The message a worker sends for a call that raised `error`: two values, the
// error value and `traceback`. An error value that cannot travel is replaced
// by the string that says why ("cannot send a sync.lock (field 'lock' of the
// error value)"), so that a failure can always be reported.
std::string encode_error(ThreadState& L, const Value& error, std::string_view traceback);

// What encode_error makes for an error that is the string `message`, made
// without an interpreter: for failures that a pool reports itself, where no
// Lua code ran ("worker process died (signal 9)").
std::string encode_error_text(std::string_view message, std::string_view traceback);

// Decodes a message made by encode or encode_error in any interpreter and
// pushes its values on L's stack; returns how many. Raises "malformed
// message: ..." for bytes that are not a valid message, and "stack overflow"
// when the values do not fit on the stack.
int decode(ThreadState& L, std::string_view message);

}  // namespace gilvm::marshal
