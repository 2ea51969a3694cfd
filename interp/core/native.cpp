// native.cpp — native types and timeouts (see native.h).
#include "interp/core/native.h"

#include <time.h>
#include <cmath>

namespace gilvm {

Table* new_native_type(Interpreter& I, const char* name, std::initializer_list<Method> methods) {
  ThreadState& L = I.main_thread();
  Table* mt = I.new_table(0, 4);
  Table* index = I.new_table(0, uint32_t(methods.size()));
  I.set_functions(index, methods);
  table_set_str(L, mt, I.tm_names[size_t(TM::Index)], Value::table(index));
  table_set_str(L, mt, I.str_name_field, Value::string(I.intern(name)));
  table_set_str(L, I.registry, I.intern(name), Value::table(mt));
  return mt;
}

Table* native_type(Interpreter& I, const char* name) {
  const Value mt = table_get_str(I.registry, I.intern(name));
  return mt.tag == Tag::Table ? mt.as_table() : nullptr;
}

double opt_timeout(ThreadState& L, int i) {
  if (L.arg(i).is_nil()) return -1;
  double t = L.check_number(i);
  if (std::isnan(t) || t < 0) L.arg_error(i, "timeout must be a non-negative number");
  return t;
}

double check_seconds(ThreadState& L, int i) {
  const double s = L.check_number(i);
  if (!(s >= 0)) L.arg_error(i, "seconds must be non-negative");
  return s;
}

void sleep_released(ThreadState& L, double seconds) {
  std::mutex m;
  std::condition_variable never;
  wait_released(L, m, [&](std::unique_lock<std::mutex>& lock) {
    return wait_detached(L, lock, never, seconds, [] { return false; });
  });
}

double spin_cpu(double seconds) {
  if (seconds <= 0) return 0;  // no work: work.release_gil(0) is a bare detach + attach
  timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  double x = 1.0;
  for (;;) {
    for (int k = 0; k < 4096; k++) x = x * 1.0000001 + 1e-9;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double elapsed = double(now.tv_sec - start.tv_sec) + double(now.tv_nsec - start.tv_nsec) * 1e-9;
    if (elapsed >= seconds) return x;
  }
}

}  // namespace gilvm
