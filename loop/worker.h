// worker.h — the other side of executor.processes and executor.interpreters:
// running a marshalled call in an interpreter, and the main function of a
// worker process (`gilvm --worker`, pool_protocol.h); and, for the program's
// exits that skip the pools' orderly shutdown, ending every worker process.
#pragma once

#include <string>
#include <string_view>

#include "interp/core/state.h"

namespace gilvm::loop {

// How much nicer than the program the pools' workers run: worker processes
// and subinterpreter threads are background computation beside a program
// whose own threads, an event loop above all, should get a core the moment
// they wake. With every core busy, the kernel lets a woken thread wait up
// to a scheduler tick for a busy nice-0 thread (a 1 ms ticker beside 4
// spinning processes on 2 cores: p99 3.8 ms); beside nice +2 ones it runs
// at once (p99 about 0.5 ms; bench/pools/wakeup_lag.cpp). When cores are
// free it changes nothing. Linux's nice is per thread; threads a worker
// starts inherit it.
constexpr int kWorkerNiceness = 2;

// Makes the calling thread kWorkerNiceness nicer (a failure is harmless).
void lower_worker_priority();

// Runs the call in `call` (a marshal message: the function, then its
// arguments) on L, which must be attached with nothing of its own above
// L.top, and returns the reply: the marshalled results, or, with *failed
// set, the marshalled error value and its traceback (marshal::encode_error).
// Whatever goes wrong, the decoding of the call or the encoding of the
// results included, becomes a failed reply; nothing is raised.
std::string run_marshalled_call(ThreadState& L, std::string_view call, bool* failed);

// The program as a worker process: `argv` holds the arguments after
// --worker (the parent's process id). Returns the exit status.
int run_worker(int argc, char** argv);

// Kills (SIGKILL) and reaps every worker process this program started that
// is still there; no pool can start another afterwards. For exits that do
// not shut the pools down: Ctrl-C (main.cpp) and os.exit (run at exit).
// Async-signal-safe it is not; call it from a thread.
void kill_worker_processes();

}  // namespace gilvm::loop
