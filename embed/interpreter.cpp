// interpreter.cpp — Interpreter (include/gilvm/interpreter.h): making and
// destroying one, running code, globals, modules and the GIL's settings.
#include <memory>
#include <string>

#include "embed/core.h"
#include "embed/policy.h"
#include "fiber/fiber.h"
#include "interp/core/api.h"
#include "interp/lib/lib.h"
#include "interp/modules/modules.h"
#include "loop/loop.h"
#include "loop/worker.h"

namespace gilvm::embed {

using detail::Access;

namespace {

constexpr const char* kRefsKey = "gilvm.embed.refs";
constexpr const char* kHandlersKey = "gilvm.embed.handlers";
constexpr const char* kPreloadKey = "_PRELOAD";  // package.preload in the registry, as in Lua

// A module's loader for require: returns the module table, its upvalue.
int load_module(gilvm::ThreadState& L) {
  L.push(L.ci->func->as_nclosure()->upvalues[0]);
  return 1;
}

Results run_chunk(detail::Core& core, std::string_view code, const std::string& chunkname) {
  gilvm::ThreadState& L = detail::current_state(core);
  std::string error;
  gilvm::LClosure* f = L.interp.load(code, chunkname, "bt", &error);
  if (!f) throw Error(error, "", Value(error));
  detail::reserve_stack(L, 1);
  L.push(gilvm::Value::lclosure(f));
  return detail::protected_call(core, L, 0, -1);
}

std::string read_file(const std::string& path) {
  std::string text, error;
  if (!gilvm::read_source_file(path.c_str(), &text, &error)) throw Error(error, "", Value(error));
  return text;
}

}  // namespace

Interpreter::Interpreter() {
  auto made = std::make_unique<gilvm::Interpreter>();
  gilvm::loop::open_loop_libs(*made);
  detail::open_host_functions(*made);
  gilvm::Interpreter* vm = made.get();
  core_ = std::make_shared<detail::Core>(*this, made.release());
  gilvm::ThreadState& L = vm->main_thread();
  core_->refs = vm->new_table();
  gilvm::table_set_str(L, vm->registry, vm->intern(kRefsKey), gilvm::Value::table(core_->refs));
  core_->handler_roots = vm->new_table();
  gilvm::table_set_str(L, vm->registry, vm->intern(kHandlersKey),
                       gilvm::Value::table(core_->handler_roots));
  detail::bind_thread(*core_, L);
}

Interpreter::~Interpreter() {
  detail::Core& core = *core_;
  gilvm::ThreadState& L = core.vm->main_thread();
  if (std::this_thread::get_id() != core.creator || fiber::Fiber::current())
    detail::fatal("an Interpreter was destroyed on another thread than the one that made it");
  if (!L.os->gil.attached())
    detail::fatal("an Interpreter was destroyed inside an AllowThreads of its own");
  if (L.ci != L.base_ci)
    detail::fatal("an Interpreter was destroyed from inside one of its own native functions");
  // Pools finish their work and the script's threads end (as the gilvm
  // program waits for them at exit).
  gilvm::thread_join_all(L);
  if (const int n = core.attached_threads.load())
    detail::fatal("an Interpreter was destroyed while " + std::to_string(n) +
                  " thread(s) were still attached with AttachThread");
  {
    std::lock_guard lock(core.mutex);
    core.alive.store(false, std::memory_order_release);
    core.pending.clear();
  }
  detail::unbind_thread(core, L);
  // Its objects go with it, the natives' callables too: the Refs those
  // captured find the interpreter gone and do nothing.
  delete core.vm;
  core.vm = nullptr;
}

Results Interpreter::run(std::string_view code, std::string_view chunkname) {
  return run_chunk(*core_, code, std::string(chunkname));
}

Results Interpreter::run_file(const std::string& path) {
  return run_chunk(*core_, read_file(path), "@" + path);
}

Result<Results> Interpreter::try_run(std::string_view code, std::string_view chunkname) {
  return attempt([&] { return run(code, chunkname); });
}

Result<Results> Interpreter::try_run_file(const std::string& path) {
  return attempt([&] { return run_file(path); });
}

Function Interpreter::load(std::string_view code, std::string_view chunkname) {
  gilvm::ThreadState& L = detail::current_state(*core_);
  std::string error;
  gilvm::LClosure* f = L.interp.load(code, std::string(chunkname), "bt", &error);
  if (!f) throw Error(error, "", Value(error));
  return Access::as<Function>(detail::make_ref(*core_, L, gilvm::Value::lclosure(f)));
}

Table Interpreter::globals() {
  gilvm::ThreadState& L = detail::current_state(*core_);
  return Access::as<Table>(detail::make_ref(*core_, L, gilvm::Value::table(L.interp.globals)));
}

Value Interpreter::get(std::string_view name) {
  gilvm::ThreadState& L = detail::current_state(*core_);
  return detail::index_table(*core_, L, gilvm::Value::table(L.interp.globals), name);
}

void Interpreter::set_global(std::string_view name, const Value& value) {
  gilvm::ThreadState& L = detail::current_state(*core_);
  detail::set_in_table(*core_, L, gilvm::Value::table(L.interp.globals), name, value);
}

Table Interpreter::new_table() {
  gilvm::ThreadState& L = detail::current_state(*core_);
  return Access::as<Table>(detail::make_ref(*core_, L, gilvm::Value::table(L.interp.new_table())));
}

void Interpreter::add_module(const std::string& name, Module module) {
  detail::Core& core = *core_;
  Table table = new_table();
  for (auto& [field, callable] : module.functions_)
    table.raw_set(field, detail::make_function(*this, std::move(callable)));
  for (auto& [field, value] : module.values_) table.raw_set(field, value);
  gilvm::ThreadState& L = detail::current_state(core);
  gilvm::Interpreter& vm = L.interp;
  const gilvm::Value preload = gilvm::table_get_str(vm.registry, vm.intern(kPreloadKey));
  if (preload.tag != gilvm::Tag::Table) throw Error("gilvm: package.preload is missing");
  gilvm::NClosure* loader = vm.new_nclosure(load_module, "module loader", 1);
  loader->upvalues[0] = detail::object_of(L, table);
  gilvm::table_set_str(L, preload.as_table(), vm.new_string(name), gilvm::Value::nclosure(loader));
}

void Interpreter::collect_garbage() {
  gilvm::ThreadState& L = detail::current_state(*core_);
  L.interp.collect_garbage(L);
}

size_t Interpreter::memory_in_use() const {
  return core_->vm->bytes_in_use();
}

// --- threads and the GIL ------------------------------------------------------------

uint64_t Interpreter::current_thread_id() const {
  return detail::current_state(*core_).os->gil.id;
}

void Interpreter::set_policy(std::string_view name) {
  std::unique_ptr<gil::Policy> policy = gil::make_policy(std::string(name));
  if (!policy)
    throw Error("gilvm: unknown GIL policy '" + std::string(name) + "' (expected " +
                gil::policy_names() + ")");
  detail::install_policy(*core_, std::move(policy));
}

void Interpreter::set_policy(std::unique_ptr<GilPolicy> policy) {
  if (!policy) throw Error("gilvm: set_policy needs a policy, not nullptr");
  detail::install_policy(*core_, detail::adapt_policy(std::move(policy)));
}

std::string Interpreter::policy_name() const {
  return core_->vm->gil.policy().name();
}

void Interpreter::set_switch_interval(double seconds) {
  if (!(seconds > 0)) throw Error("gilvm: the switch interval must be more than 0 seconds");
  core_->vm->gil.set_switch_interval(seconds);
}

double Interpreter::switch_interval() const {
  return core_->vm->gil.switch_interval();
}

void Interpreter::set_gil_enabled(bool on) {
  detail::current_state(*core_);
  if (!on && !gilvm::kFreeThreaded)
    throw Error("gilvm: the GIL build cannot run without its GIL (link gilvm::gilvm_ft for that)");
  if (!core_->vm->gil.set_enabled(on))
    throw Error("gilvm: the GIL cannot be turned on or off while other threads run");
}

bool Interpreter::gil_enabled() const {
  return core_->vm->gil.enabled();
}

GilStats Interpreter::gil_stats() const {
  detail::current_state(*core_);
  const gil::Stats s = core_->vm->gil.totals();
  GilStats out;
  out.acquisitions = s.acquisitions;
  out.switches = s.switches;
  out.forced_switches = s.forced_switches;
  out.hold_seconds = gil::to_seconds(s.hold);
  out.wait_seconds = gil::to_seconds(s.wait);
  out.longest_wait_seconds = gil::to_seconds(s.longest_wait);
  return out;
}

void Interpreter::reset_gil_stats() {
  detail::current_state(*core_);
  core_->vm->gil.reset_stats();
}

std::string_view Interpreter::build() {
  return gilvm::kFreeThreaded ? "free-threaded" : "gil";
}

int run_worker_if_requested(int argc, char** argv) {
  if (argc < 2 || std::string_view(argv[1]) != "--worker") return -1;
  return gilvm::loop::run_worker(argc - 2, argv + 2);
}

}  // namespace gilvm::embed
