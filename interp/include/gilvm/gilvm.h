// gilvm/gilvm.h — the embedding API: what a host program includes to create
// an interpreter, run Lua code in it and give it native functions.
//
//   gilvm::Interpreter interp;                      // globals + standard library
//   std::string error;
//   if (!gilvm::run_string(interp, "print(1 + 1)", "=host", &error)) ...
//
// Natives are `int fn(gilvm::ThreadState& L)` (see state.h for the argument
// and result conventions); register them with Interpreter::set_function.
#pragma once

#include <string>
#include <string_view>

#include "lib.h"
#include "state.h"
#include "table.h"

namespace gilvm {

// Calls the function that is nargs slots below L.top with those arguments,
// with a message handler that adds a stack traceback to errors (like the
// stand-alone lua). On success leaves the results (adjusted to nresults) on
// the stack where the function was and returns true. On failure pops the
// function and arguments, sets *error to the message with its traceback and
// returns false.
bool call_with_traceback(ThreadState& L, int nargs, int nresults, std::string* error);

// Compiles (or verifies, for a binary chunk) and runs `code` on the main
// thread. chunkname follows Lua's convention: "@file.lua", "=name", or the
// code itself.
bool run_string(Interpreter& I, std::string_view code, const std::string& chunkname,
                std::string* error);

}  // namespace gilvm
