// worker.cpp — running a marshalled call in an interpreter (what a worker
// process and a subinterpreter do with each job), and the main loop of a
// worker process: the worker's side of the protocol in pool_protocol.h.
#include "loop/worker.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "interp/core/api.h"
#include "interp/modules/modules.h"
#include "loop/loop.h"
#include "loop/marshal.h"
#include "loop/pool_protocol.h"

namespace gilvm::loop {

namespace {

// One call, reached from the natives that run it through their upvalue.
struct Call {
  std::string_view message;
  std::string traceback;  // of an error, captured where it was raised
  std::string reply;
  bool failed = false;
};

Call& call_of(ThreadState& L) {
  return *static_cast<Call*>(L.ci->func->as_nclosure()->upvalues[0].p);
}

NClosure* new_call_native(ThreadState& L, NativeFn fn, const char* name, Call& call) {
  NClosure* c = L.interp.new_nclosure(fn, name, 1);
  c->upvalues[0] = Value::light_userdata(&call);
  return c;
}

// The message handler of the job's function: keeps the error value and
// records the report (message and traceback) of where it was raised.
int call_traceback_handler(ThreadState& L) {
  const Value err = L.arg(1);
  call_of(L).traceback = error_report(L, err);
  L.push(err);
  return 1;
}

// Under a protected call: decodes the call, runs it, encodes the outcome.
int run_call(ThreadState& L) {
  Call& call = call_of(L);
  Value* base = L.top;
  L.push(Value::nclosure(new_call_native(L, call_traceback_handler, "job traceback", call)));
  Value* fn = L.top;
  if (marshal::decode(L, call.message) == 0) L.error("malformed call: no function");
  if (L.xpcall(fn, kMultRet, base)) {
    call.reply = marshal::encode(L, fn, int(L.top - fn), "result");
  } else {
    call.failed = true;
    call.reply = marshal::encode_error(L, *fn, call.traceback);
  }
  L.top = base;
  return 0;
}

void report(const std::string& message) {
  fprintf(stderr, "gilvm --worker: %s\n", message.c_str());
  fflush(stderr);
}

}  // namespace

void lower_worker_priority() {
  errno = 0;
  const int now = getpriority(PRIO_PROCESS, 0);  // this thread's, on Linux
  if (errno == 0) setpriority(PRIO_PROCESS, 0, std::min(19, now + kWorkerNiceness));
}

std::string run_marshalled_call(ThreadState& L, std::string_view message, bool* failed) {
  Call call;
  call.message = message;
  Value* base = L.top;
  L.push(Value::nclosure(new_call_native(L, run_call, "job", call)));
  if (!L.pcall(base, 0)) {
    // The call did not decode, or the results cannot travel: that error
    // (raised outside the job's function, so without its traceback) is
    // the reply.
    call.failed = true;
    call.reply = marshal::encode_error(L, *base, "");
  }
  L.top = base;
  *failed = call.failed;
  return std::move(call.reply);
}

int run_worker(int argc, char** argv) {
  // Ctrl-C is for the program that started us to handle (pool_protocol.h);
  // SIGINT arrives blocked, so nothing was lost before this.
  signal(SIGINT, SIG_IGN);
  sigset_t sigint;
  sigemptyset(&sigint);
  sigaddset(&sigint, SIGINT);
  pthread_sigmask(SIG_UNBLOCK, &sigint, nullptr);
  signal(SIGPIPE, SIG_IGN);

  char* end = nullptr;
  const long parent = argc >= 1 ? strtol(argv[0], &end, 10) : 0;
  if (parent <= 0 || *end || fcntl(kWorkerFd, F_GETFD) < 0) {
    report("a worker process is started by executor.processes, with its socket as descriptor 3");
    return 2;
  }
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != pid_t(parent)) return 1;  // the parent died before we asked
  // Not for the children of os.execute or io.popen: they must not keep the
  // pool's socket open after we exit.
  fcntl(kWorkerFd, F_SETFD, FD_CLOEXEC);
  lower_worker_priority();

  Interpreter interp;
  open_loop_libs(interp);
  ThreadState& L = interp.main_thread();
  MessageReader reader(kWorkerFd);
  Message message;
  std::string error;
  int status = 0;
  for (;;) {
    MessageReader::Status got;
    {
      AllowThreads detached(L);
      got = reader.next(&message, &error);
    }
    if (got == MessageReader::Status::kEndOfStream && error.empty()) break;  // shut down
    uint64_t task_id = 0;
    if (got != MessageReader::Status::kMessage || !take_call(&message, &task_id, &error)) {
      report("bad message from the pool: " + error);
      status = 2;
      break;
    }
    bool sent;
    {
      AllowThreads detached(L);
      sent = write_message(kWorkerFd, kStarted, task_payload(task_id, ""), &error);
    }
    if (!sent) break;  // the pool has gone
    bool failed = false;
    std::string reply = run_marshalled_call(L, message.payload, &failed);
    if (reply.size() > kMaxMarshalledBytes) {
      reply = marshal::encode_error_text(
          too_large(failed ? "the job's error back" : "the job's results back", reply.size()), "");
      failed = true;
    }
    {
      AllowThreads detached(L);
      sent =
          write_message(kWorkerFd, failed ? kError : kResult, task_payload(task_id, reply), &error);
    }
    if (!sent) break;  // the pool has gone
  }
  close(kWorkerFd);
  if (!thread_join_all(L)) status = 130;
  fflush(stdout);
  return status;
}

}  // namespace gilvm::loop
