// marshalled_pool.cpp — the queue and the runners that the process pool and
// the subinterpreter pool share (see marshalled_pool.h for the protocol).
#include "loop/marshalled_pool.h"

#include "interp/core/api.h"
#include "interp/core/native.h"
#include "interp/modules/modules.h"
#include "loop/marshal.h"
#include "loop/pool_protocol.h"

namespace gilvm::loop {

MarshalledPool::MarshalledPool(int max_runners, uint64_t number, const char* origin,
                               size_t max_call_bytes)
    : max_runners_(max_runners),
      number_(number),
      origin_(origin),
      max_call_bytes_(max_call_bytes) {}

MarshalledPool::~MarshalledPool() {
  // The last runner to exit may be the last owner: it cannot join itself.
  for (std::thread& t : threads_)
    if (t.joinable()) t.detach();
}

bool MarshalledPool::is_shut_down() const {
  std::lock_guard lock(mutex_);
  return shut_down_;
}

void MarshalledPool::submit(ThreadState& L, const Value& self, int nargs) {
  Value* fn = L.top - nargs - 1;
  if (is_shut_down()) L.error("cannot submit to an executor that has been shut down");
  // Raises "cannot send ..." here, in the caller, for what cannot travel.
  std::string call = marshal::encode(L, fn, nargs + 1);
  if (call.size() > max_call_bytes_)
    L.error("%s", too_large("the job's function and arguments", call.size()).c_str());
  auto state = std::make_shared<FutureState>();
  push_future(L, kFutureType, state)->origin = origin_;
  bool start;
  {
    std::lock_guard lock(mutex_);
    if (shut_down_) L.error("cannot submit to an executor that has been shut down");
    queue_.push_back({next_job_++, state, std::move(call)});
    start = queue_.size() > size_t(idle_) && runners_ < max_runners_;
    if (start) runners_++;
  }
  work_.notify_one();
  if (start) start_runner(L);
  *fn = L.top[-1];
  L.top = fn + 1;
}

void MarshalledPool::start_runner(ThreadState& L) {
  std::lock_guard lock(mutex_);
  const int index = int(threads_.size());
  try {
    threads_.emplace_back(runner_main, shared_from_this(), index);
  } catch (const std::system_error& e) {
    runners_--;
    // The job stays queued for the runners there are; with none, it would
    // wait for ever, so the caller hears of it now.
    if (runners_ == 0) {
      const std::string why = e.what();
      for (Job& job : queue_)
        if (!job.future->running.exchange(true)) fail(job, "cannot start a pool runner: " + why);
      queue_.clear();
    }
  }
}

void MarshalledPool::runner_main(std::shared_ptr<MarshalledPool> pool, int index) {
  pool->run_runner(index);
  {
    std::lock_guard lock(pool->mutex_);
    pool->runners_--;
  }
  pool->finished_.notify_all();
}

bool MarshalledPool::take_job(Job* job, ThreadState* detach_while_waiting) {
  std::unique_lock lock(mutex_);
  for (;;) {
    while (!queue_.empty()) {
      *job = std::move(queue_.front());
      queue_.pop_front();
      bool expected = false;
      if (job->future->running.compare_exchange_strong(expected, true)) return true;
      // Cancelled while it was queued: its future is complete already.
    }
    if (shut_down_) return false;
    idle_++;
    auto ready = [&] { return !queue_.empty() || shut_down_; };
    if (detach_while_waiting) {
      // Never take the GIL back while holding the pool's mutex.
      lock.unlock();
      {
        AllowThreads detached(*detach_while_waiting);
        std::unique_lock wait_lock(mutex_);
        work_.wait(wait_lock, ready);
      }
      lock.lock();
    } else {
      work_.wait(lock, ready);
    }
    idle_--;
  }
}

void MarshalledPool::complete(Job& job, std::string reply, bool failed) {
  job.future->set_payload(std::move(reply));
  job.future->complete(failed ? FutureState::Status::kFailed : FutureState::Status::kDone);
}

void MarshalledPool::fail(Job& job, std::string_view message) {
  complete(job, marshal::encode_error_text(message, ""), true);
}

void MarshalledPool::shutdown(ThreadState& L, bool wait) {
  {
    std::lock_guard lock(mutex_);
    shut_down_ = true;
  }
  work_.notify_all();
  if (!wait) return;
  {
    AllowThreads detached(L);
    std::unique_lock lock(mutex_);
    gilvm::wait_detached(L, lock, finished_, -1, [&] { return runners_ == 0; });
  }
  L.check_interrupt();
  std::vector<std::thread> exited;
  {
    std::lock_guard lock(mutex_);
    exited.swap(threads_);
  }
  for (std::thread& t : exited)
    if (t.joinable()) t.join();
}

}  // namespace gilvm::loop
