// modules/gil.cpp — the `gil` module: what the GIL is doing, from Lua.
//
//   gil.enabled(), gil.policy(), gil.switchinterval([seconds]),
//   gil.stats(), gil.reset_stats()
//
// Statistics are in seconds; see gil/README.md for what each one counts.
// print_gil_stats is the table --gil-stats prints at exit.
#include <cmath>
#include <cstdio>

#include "interp/core/native.h"
#include "interp/modules/modules.h"

namespace gilvm {

namespace {

void set(ThreadState& L, Table* t, const char* key, Value v) {
  table_set_str(L, t, L.interp.intern(key), v);
}

void fill(ThreadState& L, Table* t, const gil::Stats& s) {
  set(L, t, "acquisitions", Value::integer(int64_t(s.acquisitions)));
  set(L, t, "switches", Value::integer(int64_t(s.switches)));
  set(L, t, "forced_switches", Value::integer(int64_t(s.forced_switches)));
  set(L, t, "hold_seconds", Value::number(gil::to_seconds(s.hold)));
  set(L, t, "wait_seconds", Value::number(gil::to_seconds(s.wait)));
  set(L, t, "longest_wait_seconds", Value::number(gil::to_seconds(s.longest_wait)));
}

int gil_enabled(ThreadState& L) {
  L.push(Value::boolean(L.interp.gil.enabled()));
  return 1;
}

int gil_policy(ThreadState& L) {
  gil::Gil& g = L.interp.gil;
  L.push_string(g.enabled() ? g.policy().name() : "none");
  return 1;
}

int gil_switchinterval(ThreadState& L) {
  gil::Gil& g = L.interp.gil;
  const double old = g.switch_interval();
  if (!L.arg(1).is_nil()) {
    const double s = L.check_number(1);
    if (!(s > 0 && s <= 1000))
      L.arg_error(1, "switch interval must be more than 0 and at most 1000 seconds");
    g.set_switch_interval(s);
  }
  L.push(Value::number(old));
  return 1;
}

int gil_stats(ThreadState& L) {
  gil::Gil& g = L.interp.gil;
  const std::vector<gil::ThreadStats> threads = g.thread_stats();
  gil::Stats total;
  Table* list = L.interp.new_table(uint32_t(threads.size()), 0);
  L.push(Value::table(list));  // keep it rooted while the rest is made
  for (size_t j = 0; j < threads.size(); j++) {
    const gil::ThreadStats& ts = threads[j];
    total.add(ts.stats);
    Table* row = L.interp.new_table(0, 8);
    table_set_int(L, list, int64_t(j + 1), Value::table(row));
    fill(L, row, ts.stats);
    set(L, row, "id", Value::integer(int64_t(ts.id)));
    set(L, row, "name", Value::string(L.interp.new_string(ts.name)));
  }
  Table* result = L.interp.new_table(0, 8);
  L.push(Value::table(result));
  fill(L, result, total);
  set(L, result, "threads", Value::table(list));
  set(L, result, "seconds", Value::number(gil::to_seconds(gil::now() - g.stats_since())));
  return 1;
}

int gil_reset_stats(ThreadState& L) {
  L.interp.gil.reset_stats();
  return 0;
}

}  // namespace

void print_gil_stats(Interpreter& I, FILE* out) {
  gil::Gil& g = I.gil;
  const std::vector<gil::ThreadStats> threads = g.thread_stats();
  const double elapsed = gil::to_seconds(gil::now() - g.stats_since());
  fprintf(out, "GIL statistics: policy %s, switch interval %.3f ms, %.3f s\n",
          g.enabled() ? g.policy().name() : "none", g.switch_interval() * 1e3, elapsed);
  fprintf(out, "%-4s %-12s %12s %10s %8s %10s %10s %14s\n", "id", "thread", "acquisitions",
          "switches", "forced", "hold s", "wait s", "longest wait ms");
  gil::Stats total;
  auto row = [&](const char* id, const char* name, const gil::Stats& s) {
    fprintf(out, "%-4s %-12s %12llu %10llu %8llu %10.3f %10.3f %14.3f\n", id, name,
            (unsigned long long)s.acquisitions, (unsigned long long)s.switches,
            (unsigned long long)s.forced_switches, gil::to_seconds(s.hold), gil::to_seconds(s.wait),
            gil::to_seconds(s.longest_wait) * 1e3);
  };
  for (const gil::ThreadStats& ts : threads) {
    total.add(ts.stats);
    row(std::to_string(ts.id).c_str(), ts.name.c_str(), ts.stats);
  }
  row("", "total", total);
  fflush(out);
}

void print_lock_stats(Interpreter& I, FILE* out) {
  const LockStats& s = lock_stats();
  const gil::Gil::WorldStats w = I.gil.world_stats();
  fprintf(out, "lock statistics (%s):\n", I.gil.enabled() ? "with the GIL" : "without a GIL");
  fprintf(out, "%-28s %12s %12s %12s\n", "lock", "contended", "spins", "read retries");
  auto row = [&](const char* name, const LockCounters& c) {
    fprintf(out, "%-28s %12llu %12llu %12llu\n", name,
            (unsigned long long)c.contended.load(std::memory_order_relaxed),
            (unsigned long long)c.spins.load(std::memory_order_relaxed),
            (unsigned long long)c.retries.load(std::memory_order_relaxed));
  };
  row("table writers / readers", s.tables);
  row("string interning shards", s.strings);
  fprintf(out, "stop-the-world: %llu stops, %.3f ms paused (longest %.3f ms), %.3f ms to stop\n",
          (unsigned long long)w.stops, gil::to_seconds(w.paused) * 1e3,
          gil::to_seconds(w.longest) * 1e3, gil::to_seconds(w.time_to_stop) * 1e3);
  fflush(out);
}

void open_gil_lib(Interpreter& I) {
  I.new_module("gil", {{"enabled", gil_enabled},
                       {"policy", gil_policy},
                       {"switchinterval", gil_switchinterval},
                       {"stats", gil_stats},
                       {"reset_stats", gil_reset_stats}});
}

}  // namespace gilvm
