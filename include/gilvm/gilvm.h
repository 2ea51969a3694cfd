// gilvm/gilvm.h — the embedding API: what a host program includes to run Lua
// code in gilvm, exchange values with it, give it native functions and
// modules, and decide how its threads share the GIL.
//
//   #include <gilvm/gilvm.h>
//   namespace lua = gilvm::embed;
//
//   lua::Interpreter vm;                       // the calling thread is attached
//   vm.set("greet", [](std::string who) { return "hello, " + who; });
//   vm.run("print(greet('host'))");
//   int64_t n = vm.run("return 6 * 7")[0].as_integer();
//
// The headers, each for one concern:
//   gilvm/value.h        Value, Ref, Table, Function, Results, Error, Result
//   gilvm/interpreter.h  Interpreter, Args, Module, GilStats
//   gilvm/convert.h      Converter<T>: C++ types and callables to Lua and back
//   gilvm/guards.h       AllowThreads, AttachThread: threads and the GIL
//   gilvm/policy.h       GilPolicy: a host's own GIL policy
// docs/embedding.md is the tutorial and the reference. In CMake:
// find_package(gilvm) and target_link_libraries(host gilvm::gilvm), or
// gilvm::gilvm_ft for the free-threaded build; with pkg-config, gilvm or
// gilvm-ft. Both builds have this same API.
#pragma once

#include "gilvm/convert.h"
#include "gilvm/guards.h"
#include "gilvm/interpreter.h"
#include "gilvm/policy.h"
#include "gilvm/value.h"
