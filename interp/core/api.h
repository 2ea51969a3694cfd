// api.h — what a standard-library module needs: the state, objects, tables,
// the conversions between numbers and strings, and running a function the
// way the stand-alone lua does (with a traceback on error).
#pragma once

#include <string>
#include <string_view>

#include "interp/core/number.h"
#include "interp/core/object.h"
#include "interp/core/state.h"
#include "interp/core/table.h"

namespace gilvm {

// Calls the function that is nargs slots below L.top with those arguments,
// with a message handler that adds a stack traceback to errors (like the
// stand-alone lua). On success leaves the results (adjusted to nresults) on
// the stack where the function was and returns true. On failure pops the
// function and arguments, sets *error to the message with its traceback and
// returns false.
bool call_with_traceback(ThreadState& L, int nargs, int nresults, std::string* error);

// Compiles (or verifies, for a binary chunk) and runs `code` on the main
// thread, as the stand-alone lua runs a chunk. chunkname follows Lua's
// convention: "@file.lua", "=name", or the code itself. On failure sets
// *error to the message with its traceback and returns false.
bool run_string(Interpreter& I, std::string_view code, const std::string& chunkname,
                std::string* error);

// What the stand-alone lua prints for an uncaught error value, from inside a
// message handler: its text and the traceback from the caller up (an object
// with __tostring is shown by it, without a traceback). A __tostring that
// fails, or returns no string, is reported with the traceback, as "(error
// object is a table value; its __tostring failed: ...)": it does not end
// error handling.
std::string error_report(ThreadState& L, const Value& err);

}  // namespace gilvm
