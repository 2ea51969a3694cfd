// modules/sys.cpp — the `sys` module: what a script needs to know about the
// interpreter and the machine it runs on (which build this is, how many cores
// it may use) and a monotonic clock for timing experiments.
#include <sched.h>
#include <time.h>

#include <thread>

#include "interp/core/api.h"
#include "interp/modules/modules.h"

namespace gilvm {

namespace {

#ifdef GILVM_FREE_THREADED
constexpr const char* kBuild = "free-threaded";
#else
constexpr const char* kBuild = "gil";
#endif

constexpr const char* kVersion = "0.1.0";

}  // namespace

int usable_cpu_count() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    const int n = CPU_COUNT(&set);
    if (n > 0) return n;
  }
  const unsigned n = std::thread::hardware_concurrency();
  return n > 0 ? int(n) : 1;
}

namespace {

int sys_cpu_count(ThreadState& L) {
  L.push(Value::integer(usable_cpu_count()));
  return 1;
}

int sys_monotonic(ThreadState& L) {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  L.push(Value::number(double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9));
  return 1;
}

}  // namespace

void open_sys_lib(Interpreter& I) {
  Table* lib = I.new_module("sys", {{"cpu_count", sys_cpu_count}, {"monotonic", sys_monotonic}});
  I.set_field(lib, "build", Value::string(I.intern(kBuild)));
  I.set_field(lib, "version", Value::string(I.intern(kVersion)));
}

}  // namespace gilvm
