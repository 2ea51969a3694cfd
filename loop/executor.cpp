// executor.cpp — the executor interface in Lua (submit, map, shutdown) and
// the pool of OS threads (see executor.h for its protocol).
#include "loop/executor.h"

#include <pthread.h>
#include <sched.h>

#include <cstring>
#include <deque>
#include <thread>

#include "interp/core/api.h"
#include "interp/core/native.h"
#include "interp/modules/modules.h"
#include "loop/marshalled_pool.h"

namespace gilvm::loop {

namespace {

constexpr const char* kExecutorType = "executor";

struct ExecutorRef {
  std::shared_ptr<Executor> executor;
};

// Every pool of an interpreter, so that exit can wait for their work.
struct PoolRegistry {
  std::vector<std::weak_ptr<Executor>> pools;
  uint64_t next_number = 1;
};
const int kPoolRegistryKey = 0;

PoolRegistry& registry(Interpreter& I) {
  auto& slot = I.extensions[&kPoolRegistryKey];
  if (!slot) slot = std::make_shared<PoolRegistry>();
  return *static_cast<PoolRegistry*>(slot.get());
}

class ThreadPool final : public Executor, public std::enable_shared_from_this<ThreadPool> {
 public:
  ThreadPool(int max_workers, uint64_t number, int sched_policy)
      : max_workers_(max_workers), number_(number), sched_policy_(sched_policy) {}
  ~ThreadPool() override {
    // The last worker to exit may be the last owner: it cannot join itself.
    for (std::thread& t : threads_)
      if (t.joinable()) t.detach();
  }

  const char* kind() const override { return "threads"; }
  void submit(ThreadState& L, const Value& self, int nargs) override;
  void shutdown(ThreadState& L, bool wait) override;
  bool is_shut_down() const override {
    std::lock_guard lock(mutex_);
    return shut_down_;
  }

 private:
  static void worker_main(std::shared_ptr<ThreadPool> pool, OsThread* os);
  void run_job(ThreadState& L, Table* jobs, int64_t id);
  void start_worker(ThreadState& L, const Value& self);

  mutable std::mutex mutex_;
  std::condition_variable work_;      // a job was queued, or the pool shut down
  std::condition_variable finished_;  // a worker exited
  std::deque<int64_t> queue_;         // under mutex_
  bool shut_down_ = false;            // under mutex_
  int workers_ = 0;                   // under mutex_: started and not exited
  int idle_ = 0;                      // under mutex_: waiting for a job
  const int max_workers_;
  const uint64_t number_;
  const int sched_policy_;  // the workers' Linux scheduling policy (SCHED_OTHER: the default)
  int64_t next_job_ = 1;    // under mutex_
  std::vector<std::thread> threads_;  // under mutex_ (without a GIL, two threads may submit)
};

Table* jobs_of(const Value& self) {
  return self.as_userdata()->user_value.as_table();
}

void ThreadPool::submit(ThreadState& L, const Value& self, int nargs) {
  Interpreter& I = L.interp;
  Value* fn = L.top - nargs - 1;
  {
    std::lock_guard lock(mutex_);
    if (shut_down_) L.error("cannot submit to an executor that has been shut down");
  }
  // The job, in the pool's table: {future, count, fn, args...}.
  Table* job = I.new_table(uint32_t(nargs + 3), 0);
  L.push(Value::table(job));
  FutureRef* ref = push_future(L, kFutureType, std::make_shared<FutureState>());
  ref->origin = "thread pool job";
  const Value handle = L.top[-1];
  table_set_int(L, job, 1, handle);
  table_set_int(L, job, 2, Value::integer(nargs + 1));
  for (int j = 0; j <= nargs; j++) table_set_int(L, job, j + 3, fn[j]);
  int64_t id;
  {
    std::lock_guard lock(mutex_);
    id = next_job_++;
  }
  table_set_int(L, jobs_of(self), id, Value::table(job));
  bool start;
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(id);
    start = idle_ == 0 && workers_ < max_workers_;
    if (start) workers_++;
  }
  work_.notify_one();
  if (start) start_worker(L, self);
  *fn = handle;
  L.top = fn + 1;
}

void ThreadPool::start_worker(ThreadState& L, const Value& self) {
  Interpreter& I = L.interp;
  auto* os = new OsThread(I, false);
  ThreadState* T = I.new_thread_state(os);
  T->push(self);  // roots the pool and its jobs while the worker lives
  try {
    std::lock_guard lock(mutex_);
    os->gil.name =
        "pool " + std::to_string(number_) + " worker " + std::to_string(threads_.size() + 1);
    threads_.emplace_back(worker_main, shared_from_this(), os);
  } catch (const std::system_error& e) {
    T->leave();
    I.gil.unregister_thread(os->gil);
    delete os;
    {
      std::lock_guard lock(mutex_);
      workers_--;
    }
    L.error("cannot start a pool worker: %s", e.what());
  }
}

void ThreadPool::worker_main(std::shared_ptr<ThreadPool> pool, OsThread* os) {
  Interpreter& I = os->interp;
  ThreadState& L = *os->base;
  if (pool->sched_policy_ != SCHED_OTHER) {
    // Moving to a weaker policy needs no privilege; should it fail, the
    // worker runs as a normal thread.
    sched_param param{};
    pthread_setschedparam(pthread_self(), pool->sched_policy_, &param);
  }
  os->enter();
  I.gil.attach(os->gil, gil::Wake::kStart);
  Table* jobs = jobs_of(L.stack[1]);
  for (;;) {
    int64_t id = 0;
    {
      AllowThreads detached(L);
      std::unique_lock lock(pool->mutex_);
      pool->idle_++;
      pool->work_.wait(lock, [&] { return !pool->queue_.empty() || pool->shut_down_; });
      pool->idle_--;
      if (!pool->queue_.empty()) {
        id = pool->queue_.front();
        pool->queue_.pop_front();
      }
    }
    if (id == 0) break;  // shut down, nothing left
    pool->run_job(L, jobs, id);
  }
  L.leave();
  I.gil.exit_thread(os->gil);
  delete os;
  {
    std::lock_guard lock(pool->mutex_);
    pool->workers_--;
  }
  pool->finished_.notify_all();
}

void ThreadPool::run_job(ThreadState& L, Table* jobs, int64_t id) {
  Value* base = L.top;
  L.push(table_get_int(jobs, id));
  table_set_int(L, jobs, id, Value());
  Table* job = base[0].as_table();
  const Value handle = table_get_int(job, 1);
  L.push(handle);
  FutureRef* ref = future_of(handle);
  bool expected = false;
  if (ref->state->done() || !ref->state->running.compare_exchange_strong(expected, true)) {
    L.top = base;  // cancelled before it started
    return;
  }
  // [job handle handler fn args...]
  L.push(Value::nclosure(new_traceback_handler(L, handle)));
  Value* func = L.top;
  const int64_t n = table_get_int(job, 2).i;
  L.ensure_stack(int(n));
  for (int64_t j = 3; j < n + 3; j++) L.push(table_get_int(job, j));
  if (L.xpcall(func, kMultRet, func - 1)) {
    set_results(L, handle, func, int(L.top - func));
    ref->state->complete(FutureState::Status::kDone);
  } else {
    set_error(L, handle, *func);
    ref->state->complete(FutureState::Status::kFailed);
  }
  L.top = base;
}

void ThreadPool::shutdown(ThreadState& L, bool wait) {
  {
    std::lock_guard lock(mutex_);
    shut_down_ = true;
  }
  work_.notify_all();
  if (!wait) return;
  {
    AllowThreads detached(L);
    std::unique_lock lock(mutex_);
    gilvm::wait_detached(L, lock, finished_, -1, [&] { return workers_ == 0; });
  }
  L.check_interrupt();  // Ctrl-C cut the wait short
  std::vector<std::thread> exited;
  {
    std::lock_guard lock(mutex_);
    exited.swap(threads_);
  }
  for (std::thread& t : exited)
    if (t.joinable()) t.join();
}

// --- the Lua interface ---

ExecutorRef* check_ref(ThreadState& L, int i) {
  return check_native<ExecutorRef>(L, i, kExecutorType);
}

void check_callable(ThreadState& L, int i) {
  const Value f = L.arg(i);
  if (!f.is_function() && L.metamethod(f, TM::Call).is_nil()) L.type_error(i, "function");
}

// ex:submit(fn, ...) -> future
int executor_submit(ThreadState& L) {
  Executor& ex = check_executor(L, 1);
  check_callable(L, 2);
  const Value self = L.arg(1);
  ex.submit(L, self, L.nargs() - 2);
  return 1;
}

// ex:map(fn, list) -> list of the first result of fn(item) for each item, in
// order; the first error is raised.
int executor_map(ThreadState& L) {
  Executor& ex = check_executor(L, 1);
  check_callable(L, 2);
  Table* items = L.check_table(3);
  const Value self = L.arg(1);
  const int64_t n = table_length(items);
  Table* futures = L.interp.new_table(uint32_t(n), 0);
  L.push(Value::table(futures));
  for (int64_t i = 1; i <= n; i++) {
    L.push(L.arg(2));
    L.push(table_get_int(items, i));
    ex.submit(L, self, 1);
    table_set_int(L, futures, i, L.top[-1]);
    L.top--;
  }
  Table* results = L.interp.new_table(uint32_t(n), 0);
  L.push(Value::table(results));
  for (int64_t i = 1; i <= n; i++) {
    const Value handle = table_get_int(futures, i);
    auto* ref = reinterpret_cast<FutureRef*>(handle.as_userdata()->data);
    if (!ref->state->done()) {
      bool done;
      {
        AllowThreads detached(L);
        done = ref->state->wait_detached(L, -1);
      }
      L.check_interrupt();
      if (!done) L.error("interrupted");
    }
    Value* mark = L.top;
    const int k = push_results(L, handle);
    table_set_int(L, results, i, k > 0 ? *mark : Value());
    L.top = mark;
  }
  return 1;
}

// ex:pids() -> list of the process ids of the pool's live worker processes
// (empty for pools that run in this process).
int executor_pids(ThreadState& L) {
  const std::vector<int> pids = check_executor(L, 1).worker_pids();
  Table* list = L.interp.new_table(uint32_t(pids.size()), 0);
  L.push(Value::table(list));
  for (size_t i = 0; i < pids.size(); i++)
    table_set_int(L, list, int64_t(i) + 1, Value::integer(pids[i]));
  return 1;
}

// ex:shutdown([wait]): wait defaults to true.
int executor_shutdown(ThreadState& L) {
  Executor& ex = check_executor(L, 1);
  ex.shutdown(L, L.nargs() < 2 || L.arg(2).is_truthy());
  return 0;
}

int executor_tostring(ThreadState& L) {
  Executor& ex = check_executor(L, 1);
  L.push_string(std::string("executor (") + ex.kind() + (ex.is_shut_down() ? ", shut down)" : ")"));
  return 1;
}

// executor.threads([n][, {sched = "normal" | "batch" | "idle"}])
//
// sched: the workers' Linux scheduling policy. "batch" (SCHED_BATCH) tells
// the kernel they are CPU-bound; "idle" (SCHED_IDLE) lets them run only
// when no normal thread wants the CPU, so an event loop's wake-up always
// preempts them at once, but beside other busy processes they all but stop,
// and one holding the GIL then stalls the loop (docs/event-loop.md).
int executor_threads(ThreadState& L) {
  const int64_t n = L.opt_integer(1, default_thread_pool_size());
  if (n < 1) L.arg_error(1, "number of workers must be at least 1");
  int policy = SCHED_OTHER;
  if (!L.arg(2).is_nil()) {
    Table* options = L.check_table(2);
    String* sched_key = L.interp.intern("sched");
    Value key, value;
    while (table_next(L, options, &key, &value))
      if (!(key.is_string() && key.as_string() == sched_key))
        L.arg_error(2, "unknown option (the only one is sched)");
    const Value sched = table_get_str(options, sched_key);
    if (!sched.is_nil()) {
      const char* name = sched.is_string() ? sched.as_string()->c_str() : "";
      if (std::strcmp(name, "normal") == 0)
        policy = SCHED_OTHER;
      else if (std::strcmp(name, "batch") == 0)
        policy = SCHED_BATCH;
      else if (std::strcmp(name, "idle") == 0)
        policy = SCHED_IDLE;
      else
        L.arg_error(2, "sched must be \"normal\", \"batch\" or \"idle\"");
    }
  }
  push_thread_pool(L, int(std::min<int64_t>(n, 4096)), policy);
  return 1;
}

// Shuts the pool at argument 1 (a light userdata) down, waiting.
int shut_down_waiting(ThreadState& L) {
  static_cast<Executor*>(L.arg(1).p)->shutdown(L, true);
  return 0;
}

// The before_exit hook. Each shutdown runs under a protected call: after
// Ctrl-C it raises "interrupted", and at exit there is no Lua code to catch
// that; the hook returns false instead.
bool shut_down_pools(ThreadState& L) {
  std::vector<std::weak_ptr<Executor>> pools;
  {
    std::lock_guard lock(L.interp.registry_mutex);
    pools = registry(L.interp).pools;
  }
  for (auto& weak : pools) {
    if (auto pool = weak.lock()) {
      Value* base = L.top;
      L.push(Value::native(shut_down_waiting));
      L.push(Value::light_userdata(static_cast<Executor*>(pool.get())));
      const bool ok = L.pcall(base, 0);
      L.top = base;
      if (!ok) return false;
    }
  }
  return true;
}

}  // namespace

int default_thread_pool_size() {
  return std::min(32, usable_cpu_count() + 4);
}

Executor& check_executor(ThreadState& L, int i) {
  return *check_ref(L, i)->executor;
}

Executor* to_executor(const Value& v) {
  return reinterpret_cast<ExecutorRef*>(v.as_userdata()->data)->executor.get();
}

uint64_t next_pool_number(Interpreter& I) {
  std::lock_guard lock(I.registry_mutex);
  return registry(I).next_number++;
}

void push_executor(ThreadState& L, std::shared_ptr<Executor> pool) {
  {
    std::lock_guard lock(L.interp.registry_mutex);
    PoolRegistry& reg = registry(L.interp);
    std::erase_if(reg.pools, [](const std::weak_ptr<Executor>& w) { return w.expired(); });
    reg.pools.push_back(pool);
  }
  ExecutorRef* ref = push_native<ExecutorRef>(L, kExecutorType);
  ref->executor = std::move(pool);
}

void push_thread_pool(ThreadState& L, int workers, int sched_policy) {
  Interpreter& I = L.interp;
  push_executor(L, std::make_shared<ThreadPool>(workers, next_pool_number(I), sched_policy));
  L.top[-1].as_userdata()->user_value = Value::table(I.new_table());
}

void open_executor_lib(Interpreter& I) {
  I.new_module("executor", {{"threads", executor_threads},
                            {"processes", executor_processes},
                            {"interpreters", executor_interpreters}});
  Table* mt = new_native_type(I, kExecutorType,
                              {{"submit", executor_submit},
                               {"map", executor_map},
                               {"shutdown", executor_shutdown},
                               {"pids", executor_pids}});
  I.set_function(mt, "__tostring", executor_tostring);
  I.before_exit.push_back(shut_down_pools);
}

}  // namespace gilvm::loop
