// clock.h — the clock the GIL's instrumentation reads on every attach and
// detach.
//
// Statistics and traces must be cheap enough to leave on, and an uncontended
// attach+detach pair has a budget of about 50 ns, so the clock cannot be a
// system call or even a vDSO clock_gettime (about 25 ns here). Where the CPU
// has an invariant time-stamp counter, now() is one rdtsc (about 10 ns) and
// raw ticks are converted to seconds only when someone reads a figure; the
// ratio is calibrated against CLOCK_MONOTONIC over the life of the process.
// Elsewhere now() is CLOCK_MONOTONIC in nanoseconds.
#pragma once

#include <cstdint>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace gil {

using Ticks = int64_t;

namespace detail {
extern const bool kUseTsc;
Ticks monotonic_ns();
}  // namespace detail

inline Ticks now() {
#if defined(__x86_64__)
  if (detail::kUseTsc) return Ticks(__rdtsc());
#endif
  return detail::monotonic_ns();
}

// Converts a difference of now() values to seconds.
double to_seconds(Ticks t);
// Converts a now() value to seconds since the clock's epoch (process start).
double since_start(Ticks t);

}  // namespace gil
