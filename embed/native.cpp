// native.cpp — native functions made from C++ callables: the closure that
// holds one, the call that runs it, and the argument access of Args.
//
// A host function is a native closure (call_host_function) with one
// upvalue, a userdata holding the HostFunction: the type-erased callable
// (gilvm/convert.h) and its interpreter. The collector frees the userdata
// when the closure dies, and its finalizer destroys the callable (with
// DeferReleases: the Refs it captured go at the next attached operation).
//
// A call binds the calling state for the callable's scope (core.h), so that
// the callable may use the whole API, then turns whatever the callable
// throws into a Lua error: a C++ exception must not cross the VM's frames,
// which unwind only for their own LuaError (and fiber::Unwinding, which a
// closing coroutine sends through every frame, and which passes here too).
// The error is raised after leaving the catch block: raising may run a
// message handler, Lua code that may switch fibers, and no fiber may switch
// inside a catch block (fiber/README.md).
#include <string>

#include "embed/core.h"
#include "fiber/fiber.h"
#include "interp/core/native.h"

namespace gilvm::embed {

using detail::Access;

namespace {

constexpr const char* kHostFunctionType = "gilvm.host_function";

struct HostFunction {
  HostFunction(std::unique_ptr<detail::Callable> callable, detail::Core* core)
      : callable(std::move(callable)), core(core) {}
  ~HostFunction() {
    detail::DeferReleases deferred;
    callable.reset();
  }

  std::unique_ptr<detail::Callable> callable;
  detail::Core* core;  // outlives the interpreter's objects
};

int call_host_function(gilvm::ThreadState& L) {
  HostFunction& host = *to_native<HostFunction>(L.ci->func->as_nclosure()->upvalues[0]);
  detail::Core& core = *host.core;
  detail::BindingScope bound(core, L);
  enum class Failure { kArgument, kRaise, kMessage } failure;
  int bad_argument = 0;
  std::string message;
  Value error_value;
  try {
    return host.callable->call(Access::args(L, core, L.nargs()));
  } catch (const gilvm::LuaError&) {
    throw;
  } catch (const fiber::Unwinding&) {
    throw;
  } catch (const ArgumentError& e) {
    failure = Failure::kArgument;
    bad_argument = e.index();
    message = e.message();
  } catch (const Error& e) {
    failure = Access::from_lua(e) ? Failure::kRaise : Failure::kMessage;
    message = e.message();
    error_value = e.value();
  } catch (const std::exception& e) {
    failure = Failure::kMessage;
    message = e.what();
  } catch (...) {
    failure = Failure::kMessage;
    message = "C++ exception of unknown type";
  }
  switch (failure) {
    case Failure::kArgument: L.arg_error(bad_argument, message);
    case Failure::kRaise: {
      // An error that came out of Lua goes on as the value it was.
      gilvm::Value v;
      try {
        v = detail::to_vm(core, L, error_value);
      } catch (const Error&) {
        v = gilvm::Value::string(L.interp.new_string(message));
      }
      L.raise(v);
    }
    case Failure::kMessage: break;
  }
  L.error("%s", message.c_str());
}

}  // namespace

namespace detail {

void open_host_functions(gilvm::Interpreter& vm) {
  new_native_type(vm, kHostFunctionType, {});
}

Function make_function(Interpreter& lua, std::unique_ptr<Callable> callable) {
  Core& core = *Access::core(lua);
  gilvm::ThreadState& L = current_state(core);
  reserve_stack(L, 1);
  push_native<HostFunction>(L, kHostFunctionType, std::move(callable), &core);
  gilvm::NClosure* f = L.interp.new_nclosure(call_host_function, "host function", 1);
  f->upvalues[0] = L.top[-1];
  L.top--;  // f alone holds the userdata now, and nothing collects before f is a Ref
  return Access::as<Function>(make_ref(core, L, gilvm::Value::nclosure(f)));
}

// Argument access goes by the call's own frame: the callable runs in it.
namespace {
gilvm::ThreadState& state_of(const Args& args) {
  return Access::state(args);
}
int absolute(const Args& args, int i) {
  return args.first() + i - 1;
}
}  // namespace

int64_t arg_integer(const Args& args, int i) {
  return state_of(args).check_integer(absolute(args, i));
}

double arg_number(const Args& args, int i) {
  return state_of(args).check_number(absolute(args, i));
}

std::string_view arg_string(const Args& args, int i) {
  return state_of(args).check_string(absolute(args, i))->view();
}

Table arg_table(const Args& args, int i) {
  gilvm::ThreadState& L = state_of(args);
  L.check_table(absolute(args, i));
  return Access::as<Table>(make_ref(Access::core(args), L, L.arg(absolute(args, i))));
}

Function arg_function(const Args& args, int i) {
  gilvm::ThreadState& L = state_of(args);
  const gilvm::Value v = L.arg(absolute(args, i));
  if (!v.is_function()) L.type_error(absolute(args, i), "function");
  return Access::as<Function>(make_ref(Access::core(args), L, v));
}

void push_result(const Args& args, const Value& value) {
  gilvm::ThreadState& L = state_of(args);
  reserve_stack(L, 1);
  L.push(to_vm(Access::core(args), L, value));
}

}  // namespace detail

Value Args::operator[](int i) const {
  if (i < 1 || i > count_) return Value();
  gilvm::ThreadState& L = detail::state_of(*this);
  return detail::to_public(*core_, L, L.arg(first_ + i - 1));
}

Interpreter& Args::interpreter() const {
  return core_->owner;
}

}  // namespace gilvm::embed
