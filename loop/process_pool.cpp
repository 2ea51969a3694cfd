// process_pool.cpp — executor.processes: jobs run in worker processes of
// this program (subprocess interpreters). The queue and its runners are
// marshalled_pool.h's; the conversation with a worker is pool_protocol.h's.
// This file is about the processes themselves: starting them, noticing when
// one dies, and never leaving one behind.
//
// A runner and its worker. Each runner thread owns at most one worker
// process. It starts it lazily, for its first job, with posix_spawn:
// `gilvm --worker PARENT_PID`, its end of a socketpair as descriptor 3,
// standard input from /dev/null, every other descriptor above 3 closed
// (whether or not it was opened close-on-exec), SIGINT blocked. The runner
// then writes a call, reads the worker's "started" and its reply, completes
// the job, and takes the next; before each call it checks, without
// waiting, that the socket is not at its end, so that a worker seen to have
// died while idle is replaced at once.
//
// A worker that dies. The end of the stream (or an I/O error) after the
// worker said "started" means it died in the job: the runner reaps it and
// fails that job with "worker process died (signal 9)" or "(exit status
// N)". Before "started", the worker never ran the job (it died idle, and
// the call reached it too late: a kill -9 just before a submit): the runner
// reaps it and sends the job to a new worker, once (pool_protocol.h). A
// malformed message means the worker is broken: the runner kills it, reaps
// it and fails the job with "malformed message from worker process PID:
// ...". Either way the next job starts a new worker. (A worker whose stream
// ended but that has not exited a second later closed its socket and lives
// on: it is killed. One told to exit, at shutdown, is waited for as long as
// it takes to finish the threads its jobs started.)
//
// ex:pids() lists the runners' workers. A runner takes its worker's pid
// out of that list before it reaps the worker, so the list never names a
// process that has been reaped (whose pid the system may give to another).
//
// Reaping, and the children table. Every worker started and not yet reaped
// is in one process-wide table (children belong to the process, not to a
// pool or an interpreter) under its mutex. A runner waits for its worker's
// exit with WNOWAIT, which leaves it a zombie, so that its pid cannot be
// reused; then, under the table's mutex, it reaps it and removes it. So
// every pid in the table is a child of ours that has not been reaped, and a
// signal sent to it under the mutex can reach nothing else. The program's
// exits that do not shut the pools down (Ctrl-C, os.exit) call
// kill_worker_processes, which, under the mutex, closes the table to new
// workers, kills every worker in it and reaps them; a runner that finds its
// worker gone from the table leaves it at that. No exit leaves a zombie or
// an orphan: the orderly one reaps every worker (the executor module shuts
// the pools down at exit), the others kill and reap them, and a program
// that is itself killed takes its workers with it (PR_SET_PDEATHSIG).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "interp/core/api.h"
#include "interp/modules/modules.h"
#include "loop/marshalled_pool.h"
#include "loop/pool_protocol.h"
#include "loop/worker.h"

extern char** environ;

namespace gilvm::loop {

namespace {

// The children table (see above). Never destroyed: runner threads may
// still use it while the program exits.
struct Children {
  std::mutex mutex;
  std::vector<pid_t> pids;  // started and not reaped
  bool closed = false;      // the program is exiting: no new workers
};

Children& children() {
  static Children* table = new Children;
  return *table;
}

void remove_child(Children& table, pid_t pid) {
  std::erase(table.pids, pid);
}

bool is_child(Children& table, pid_t pid) {
  return std::find(table.pids.begin(), table.pids.end(), pid) != table.pids.end();
}

std::string errno_text(const char* what, int error_number) {
  return std::string(what) + ": " + std::strerror(error_number);
}

// "worker process died (signal 9)", from a wait status; -1 when
// kill_worker_processes reaped the worker.
std::string death_message(int status) {
  if (status == -1) return "worker process died (killed as the program exits)";
  if (WIFSIGNALED(status))
    return "worker process died (signal " + std::to_string(WTERMSIG(status)) + ")";
  return "worker process died (exit status " + std::to_string(WEXITSTATUS(status)) + ")";
}

struct Worker {
  pid_t pid = 0;
  int fd = -1;  // the runner's end of the socket
  std::unique_ptr<MessageReader> reader;
  bool alive() const { return pid != 0; }
};

bool start_worker(const WorkerCommand& command, Worker* w, std::string* error) {
  int sockets[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) != 0) {
    *error = errno_text("socketpair", errno);
    return false;
  }
  int theirs = sockets[1];
  if (theirs == kWorkerFd) {
    // dup2 onto itself would leave it close-on-exec.
    theirs = fcntl(sockets[1], F_DUPFD_CLOEXEC, kWorkerFd + 1);
    close(sockets[1]);
  }
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_adddup2(&files, theirs, kWorkerFd);
  posix_spawn_file_actions_addopen(&files, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addclosefrom_np(&files, kWorkerFd + 1);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGINT);
  posix_spawnattr_setsigmask(&attributes, &mask);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);

  std::vector<std::string> words = {command.name};
  words.insert(words.end(), command.args.begin(), command.args.end());
  words.push_back(std::to_string(getpid()));
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);

  pid_t pid = 0;
  int spawned;
  {
    Children& table = children();
    std::lock_guard lock(table.mutex);
    if (table.closed) {
      spawned = ECANCELED;
    } else {
      spawned =
          posix_spawn(&pid, command.program.c_str(), &files, &attributes, argv.data(), environ);
      if (spawned == 0) table.pids.push_back(pid);
    }
  }
  posix_spawn_file_actions_destroy(&files);
  posix_spawnattr_destroy(&attributes);
  close(theirs);
  if (spawned != 0) {
    close(sockets[0]);
    *error = spawned == ECANCELED ? "the program is exiting" : errno_text("posix_spawn", spawned);
    return false;
  }
  w->pid = pid;
  w->fd = sockets[0];
  w->reader = std::make_unique<MessageReader>(w->fd);
  return true;
}

// Sends `sig` to the worker if it is still ours (see the table's rule).
void signal_worker(pid_t pid, int sig) {
  Children& table = children();
  std::lock_guard lock(table.mutex);
  if (is_child(table, pid)) kill(pid, sig);
}

// True once the worker has exited (it is then a zombie, not yet reaped).
bool has_exited(pid_t pid, bool block) {
  for (;;) {
    siginfo_t info{};
    const int r = waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT | (block ? 0 : WNOHANG));
    if (r == 0) return !block ? info.si_pid != 0 : true;
    if (errno == EINTR) continue;
    return true;  // ECHILD: kill_worker_processes reaped it
  }
}

enum class Patience { kBounded, kUnbounded };

// Waits for the worker to exit and reaps it; returns its wait status, or -1
// if kill_worker_processes reaped it first. A worker whose stream ended in
// the middle of a job is exiting; if it has not within a second, it closed
// its socket and lives on, and is killed (kBounded). A worker told to exit
// first waits for the threads its jobs started, for as long as they take
// (kUnbounded), as the program does at exit.
int reap_worker(Worker& w, Patience patience) {
  for (int waited_ms = 0; !has_exited(w.pid, patience == Patience::kUnbounded); waited_ms++) {
    if (waited_ms == 1000) {
      signal_worker(w.pid, SIGKILL);
      has_exited(w.pid, true);
      break;
    }
    usleep(1000);
  }
  int status = -1;
  {
    Children& table = children();
    std::lock_guard lock(table.mutex);
    if (is_child(table, w.pid)) {
      while (waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
      }
      remove_child(table, w.pid);
    }
  }
  close(w.fd);
  w = Worker();
  return status;
}

// True if the worker's socket shows, without waiting, that the worker has
// gone (or that it wrote something nobody asked for).
bool looks_gone(const Worker& w) {
  pollfd p{w.fd, POLLIN | POLLRDHUP, 0};
  return poll(&p, 1, 0) > 0;
}

class ProcessPool final : public MarshalledPool {
 public:
  ProcessPool(int size, uint64_t number, WorkerCommand command)
      : MarshalledPool(size, number, "process pool job", kMaxMarshalledBytes),
        command_(std::move(command)),
        pids_(size_t(size), 0) {}

  const char* kind() const override { return "processes"; }

  std::vector<int> worker_pids() const override {
    std::lock_guard lock(pids_mutex_);
    std::vector<int> live;
    for (pid_t pid : pids_)
      if (pid != 0) live.push_back(int(pid));
    return live;
  }

 private:
  // How a job went on a worker.
  enum class Sent {
    kDone,      // the job is complete (its reply, or its failure)
    kNotTaken,  // the worker died before it took the call: the job is untouched
  };
  void run_runner(int index) override;
  Sent run_job(int index, Worker& w, Job& job);
  // Reaps the runner's worker, first taking it off the pids list (see above).
  int reap(int index, Worker& w, Patience patience) {
    set_pid(index, 0);
    return reap_worker(w, patience);
  }
  void set_pid(int index, pid_t pid) {
    std::lock_guard lock(pids_mutex_);
    pids_[size_t(index)] = pid;
  }

  const WorkerCommand command_;
  mutable std::mutex pids_mutex_;
  std::vector<pid_t> pids_;  // under pids_mutex_: each runner's worker, or 0
};

void ProcessPool::run_runner(int index) {
  Worker worker;
  Job job;
  while (take_job(&job, nullptr)) {
    if (worker.alive() && looks_gone(worker)) {
      signal_worker(worker.pid, SIGKILL);  // in case it only wrote what nobody asked for
      reap(index, worker, Patience::kUnbounded);
    }
    // A worker that had done earlier jobs may have died idle just before
    // the call reached it: then the job goes to a new one, once.
    for (;;) {
      bool fresh = false;
      if (!worker.alive()) {
        std::string error;
        if (!start_worker(command_, &worker, &error)) {
          fail(job, "cannot start a worker process: " + error);
          break;
        }
        set_pid(index, worker.pid);
        fresh = true;
      }
      if (run_job(index, worker, job) == Sent::kDone) break;
      const int status = reap(index, worker, Patience::kBounded);
      if (fresh) {
        fail(job, death_message(status));
        break;
      }
    }
    job = Job();
  }
  if (worker.alive()) {
    // The end of the stream tells the worker to exit.
    ::shutdown(worker.fd, SHUT_WR);
    reap(index, worker, Patience::kUnbounded);
  }
}

ProcessPool::Sent ProcessPool::run_job(int index, Worker& w, Job& job) {
  std::string error;
  if (!write_message(w.fd, kCall, task_payload(job.id, job.call), &error)) return Sent::kNotTaken;
  Message message;
  bool started = false;
  for (;;) {
    switch (w.reader->next(&message, &error)) {
      case MessageReader::Status::kMessage: {
        if (!started) {
          started = take_started(message, job.id, &error);
          if (started) continue;
          break;
        }
        bool failed = false;
        if (take_reply(&message, job.id, &failed, &error)) {
          complete(job, std::move(message.payload), failed);
          return Sent::kDone;
        }
        break;
      }
      case MessageReader::Status::kMalformed: break;
      case MessageReader::Status::kEndOfStream:
      case MessageReader::Status::kIoError:
        if (!started) return Sent::kNotTaken;
        fail(job, death_message(reap(index, w, Patience::kBounded)));
        return Sent::kDone;
    }
    // A message that breaks the protocol: the worker is broken.
    const std::string pid = std::to_string(w.pid);
    signal_worker(w.pid, SIGKILL);
    reap(index, w, Patience::kUnbounded);
    fail(job, "malformed message from worker process " + pid + ": " + error);
    return Sent::kDone;
  }
}

void kill_at_exit() {
  kill_worker_processes();
}

}  // namespace

void kill_worker_processes() {
  Children& table = children();
  std::lock_guard lock(table.mutex);
  table.closed = true;
  for (pid_t pid : table.pids) kill(pid, SIGKILL);
  for (pid_t pid : table.pids) {
    while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  table.pids.clear();
}

void push_process_pool(ThreadState& L, int size, const WorkerCommand& command) {
  // os.exit ends the program without shutting the pools down.
  static std::once_flag at_exit;
  std::call_once(at_exit, [] { std::atexit(kill_at_exit); });
  push_executor(L, std::make_shared<ProcessPool>(size, next_pool_number(L.interp), command));
}

int executor_processes(ThreadState& L) {
  const int64_t n = L.opt_integer(1, usable_cpu_count());
  if (n < 1) L.arg_error(1, "number of workers must be at least 1");
  push_process_pool(L, int(std::min<int64_t>(n, kMaxPoolSize)));
  return 1;
}

}  // namespace gilvm::loop
