// clock.cpp — calibration of the time-stamp counter (see clock.h).
#include "gil/clock.h"

#include <time.h>

#include <atomic>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

namespace gil {

namespace detail {

Ticks monotonic_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return Ticks(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

namespace {

bool has_invariant_tsc() {
#if defined(__x86_64__)
  unsigned a, b, c, d;
  if (!__get_cpuid(0x80000000, &a, &b, &c, &d) || a < 0x80000007) return false;
  __get_cpuid(0x80000007, &a, &b, &c, &d);
  return (d & (1u << 8)) != 0;  // "TscInvariant": constant rate, runs in all C-states
#else
  return false;
#endif
}

}  // namespace

const bool kUseTsc = has_invariant_tsc();

}  // namespace detail

namespace {

// The epoch: both clocks read together when the program starts.
struct Epoch {
  Ticks ticks = now();
  Ticks ns = detail::monotonic_ns();
};
const Epoch epoch;

constexpr Ticks kMinCalibrationNs = 20000000;  // 20 ms: a few ppm of error

std::atomic<double> g_seconds_per_tick{0};

double seconds_per_tick() {
  if (!detail::kUseTsc) return 1e-9;
  double s = g_seconds_per_tick.load(std::memory_order_relaxed);
  if (s > 0) return s;
  // Calibrate over the time since start-up; wait out the rest of 20 ms if the
  // process is younger than that (only very short runs that read statistics).
  Ticks ns;
  while ((ns = detail::monotonic_ns()) - epoch.ns < kMinCalibrationNs) {
  }
  Ticks ticks = now();
  s = double(ns - epoch.ns) * 1e-9 / double(ticks - epoch.ticks);
  g_seconds_per_tick.store(s, std::memory_order_relaxed);
  return s;
}

}  // namespace

double to_seconds(Ticks t) {
  return double(t) * seconds_per_tick();
}

double since_start(Ticks t) {
  return to_seconds(t - epoch.ticks);
}

}  // namespace gil
