// wakeup_lag.cpp — the scheduler's part of a loop ticker's lag, without
// gilvm: a thread that sleeps 1 ms at a time while K processes spin, each
// at niceness N. With every core busy, how soon a woken thread runs is the
// kernel's decision; this is the floor under bench/pools/ticker_lag.lua,
// and the reason the pools' workers run at nice +kWorkerNiceness
// (docs/interpreters.md).
//
//   build/gil/gilvm_bench_wakeup K N [seconds]
//
// Prints one JSON line: the lateness of the 1 ms sleeps, p50, p99 and max.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

double now() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  const int hogs = argc > 1 ? atoi(argv[1]) : 2;
  const int niceness = argc > 2 ? atoi(argv[2]) : 0;
  const double seconds = argc > 3 ? atof(argv[3]) : 2;
  std::vector<pid_t> pids;
  for (int i = 0; i < hogs; i++) {
    const pid_t pid = fork();
    if (pid == 0) {
      if (setpriority(PRIO_PROCESS, 0, niceness) != 0) _exit(1);
      volatile unsigned long spins = 0;
      for (;;) spins = spins + 1;
    }
    pids.push_back(pid);
  }
  usleep(100000);  // the hogs are running
  std::vector<double> lags;
  const double end = now() + seconds;
  while (now() < end) {
    const double t0 = now();
    const timespec tick{0, 1000000};
    clock_nanosleep(CLOCK_MONOTONIC, 0, &tick, nullptr);
    lags.push_back(now() - t0 - 0.001);
  }
  for (pid_t pid : pids) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
  std::sort(lags.begin(), lags.end());
  auto at = [&](double p) {
    return lags[std::min(lags.size() - 1, size_t(p * double(lags.size())))];
  };
  printf(
      "{\"bench\":\"wakeup_lag\",\"hogs\":%d,\"nice\":%d,\"p50_ms\":%.4f,\"p99_ms\":%.4f,"
      "\"max_ms\":%.4f,\"samples\":%zu}\n",
      hogs, niceness, at(0.5) * 1e3, at(0.99) * 1e3, lags.back() * 1e3, lags.size());
}
