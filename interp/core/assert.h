// assert.h — GILVM_ASSERT(condition [, "message"]): checks an invariant whose
// violation would otherwise corrupt memory silently (Lua's lua_assert,
// Luau's LUAU_ASSERT, Wren's ASSERT).
//
// The switch is GILVM_ASSERTS, a CMake option that is on by default in Debug
// builds (the asan and tsan presets) and off in the others (the release
// presets gil and ft, built with -DNDEBUG); -DGILVM_ASSERTS=ON or OFF
// overrides it. When on, a failed check prints "file:line: assertion failed:
// condition (message)" to stderr and aborts: the state is already wrong, so
// it is a crash to debug, not a Lua error to catch. When off, the condition
// is not evaluated at all, so it must have no side effects, and may be as
// slow as a debug build allows.
#pragma once

#ifdef GILVM_ASSERTS
#include <cstdio>
#include <cstdlib>

namespace gilvm {
[[noreturn]] inline void assertion_failed(const char* file, int line, const char* condition,
                                          const char* message) {
  std::fprintf(stderr, "%s:%d: assertion failed: %s%s%s%s\n", file, line, condition,
               *message ? " (" : "", message, *message ? ")" : "");
  std::abort();
}
}  // namespace gilvm

#define GILVM_ASSERT(condition, ...)       \
  (__builtin_expect(bool(condition), true) \
       ? void(0)                           \
       : ::gilvm::assertion_failed(__FILE__, __LINE__, #condition, "" __VA_ARGS__))
#else
#define GILVM_ASSERT(condition, ...) void(sizeof(bool(condition)))
#endif
