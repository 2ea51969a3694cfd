// native.cpp — native types and timeouts (see native.h).
#include "native.h"

#include <cmath>
#include <time.h>

namespace gilvm {

Table* new_native_type(Interpreter& I, const char* name, std::initializer_list<Method> methods) {
  ThreadState& L = I.main_thread();
  Table* mt = I.new_table(0, 4);
  Table* index = I.new_table(0, uint32_t(methods.size()));
  for (const Method& m : methods) I.set_function(index, m.name, m.fn);
  table_set_str(L, mt, I.intern("__index"), Value::table(index));
  table_set_str(L, mt, I.str_name_field, Value::string(I.intern(name)));
  table_set_str(L, I.registry, I.intern(name), Value::table(mt));
  return mt;
}

Table* native_type(Interpreter& I, const char* name) {
  const Value* mt = table_get_str(I.registry, I.intern(name));
  return mt->tag == Tag::Table ? mt->as_table() : nullptr;
}

Userdata* check_native_userdata(ThreadState& L, int i, const char* name) {
  Value v = L.arg(i);
  if (v.tag != Tag::Userdata || v.as_userdata()->metatable != native_type(L.interp, name))
    L.type_error(i, name);
  return v.as_userdata();
}

double opt_timeout(ThreadState& L, int i) {
  if (L.arg(i).is_nil()) return -1;
  double t = L.check_number(i);
  if (std::isnan(t) || t < 0) L.arg_error(i, "timeout must be a non-negative number");
  return t;
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
