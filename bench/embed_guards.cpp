// embed_guards — what the embedding API's guards and crossings cost
// (docs/embedding.md quotes its output). A program that prints figures; it
// asserts nothing.
//
//   build/gil/gilvm_bench_embed [repeats]      (default 7)
//
// Each figure is the median over `repeats` runs of the time per operation,
// every run timing a loop of many operations on one thread with the
// interpreter to itself (no other thread contends for the GIL): the price of
// the mechanism, not of waiting. The free-threaded build prints the same
// rows without a GIL.
#include <gilvm/gilvm.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace lua = gilvm::embed;
using Clock = std::chrono::steady_clock;

namespace {

int g_repeats = 7;

// Median nanoseconds per operation of `body(n)`, which runs n operations.
double per_op_ns(long n, const std::function<void(long)>& body) {
  std::vector<double> runs;
  for (int r = 0; r < g_repeats; r++) {
    const auto start = Clock::now();
    body(n);
    runs.push_back(std::chrono::duration<double, std::nano>(Clock::now() - start).count() /
                   double(n));
  }
  std::sort(runs.begin(), runs.end());
  return runs[runs.size() / 2];
}

void row(const char* what, double ns) {
  if (ns >= 10000)
    std::printf("  %-58s %9.1f µs\n", what, ns / 1000);
  else
    std::printf("  %-58s %9.1f ns\n", what, ns);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) g_repeats = std::max(1, std::atoi(argv[1]));
  lua::Interpreter vm;
  vm.run("function id(x) return x end; t = {x = 1}");
  vm.set("host_id", [](int64_t x) { return x; });
  std::printf("gilvm %s build (GIL %s), median of %d runs, one thread:\n",
              std::string(lua::Interpreter::build()).c_str(), vm.gil_enabled() ? "on" : "off",
              g_repeats);

  std::printf("guards\n");
  row("AllowThreads: release and take back", per_op_ns(200000, [&](long n) {
        for (long i = 0; i < n; i++) lua::AllowThreads released(vm);
      }));
  row("AttachThread on a thread already attached (a no-op)", per_op_ns(200000, [&](long n) {
        for (long i = 0; i < n; i++) lua::AttachThread attached(vm);
      }));
  row("AttachThread inside AllowThreads (take back, release)", per_op_ns(200000, [&](long n) {
        lua::AllowThreads released(vm);
        for (long i = 0; i < n; i++) lua::AttachThread attached(vm);
      }));
  {
    // A thread new to the interpreter: it joins (a stack of its own) and leaves.
    double ns = 0;
    lua::AllowThreads released(vm);
    std::thread foreign([&] {
      ns = per_op_ns(2000, [&](long n) {
        for (long i = 0; i < n; i++) lua::AttachThread attached(vm);
      });
    });
    foreign.join();
    row("AttachThread on a new thread: join and leave", ns);
  }

  std::printf("crossings\n");
  lua::Function id = vm.get<lua::Function>("id");
  row("C++ calls a Lua function: f(i), one integer result", per_op_ns(100000, [&](long n) {
        for (long i = 0; i < n; i++) id.call<int64_t>(i);
      }));
  lua::Function loop = vm.load("local f, n = ... for i = 1, n do f(i) end");
  const double lua_loop = per_op_ns(1000000, [&](long n) { loop(vm.get("id"), n); });
  const double host_loop = per_op_ns(1000000, [&](long n) { loop(vm.get("host_id"), n); });
  row("Lua calls a C++ lambda (int64_t) -> int64_t", host_loop);
  row("  the same loop calling a Lua function, for comparison", lua_loop);
  lua::Table t = vm.get<lua::Table>("t");
  row("Table::get of a field, converted", per_op_ns(200000, [&](long n) {
        for (long i = 0; i < n; i++) t.get<int64_t>("x");
      }));
  row("Table::set of a field", per_op_ns(200000, [&](long n) {
        for (long i = 0; i < n; i++) t.set("x", i);
      }));
  row("a new table as a Ref, then let go", per_op_ns(200000, [&](long n) {
        for (long i = 0; i < n; i++) vm.new_table();
      }));
  return 0;
}
