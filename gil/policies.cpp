// policies.cpp — the built-in GIL policies.
//
// All four share one lock word: the holder's Thread* with a low bit that says
// "someone is waiting". Taking a free GIL is one compare-and-swap from 0 to
// the taker, giving it back one compare-and-swap to 0; only when the waiting
// bit is set does either side take the policy's mutex. That keeps an
// uncontended attach+detach pair to two atomic instructions, and it leaves
// each policy free to decide what happens under contention:
//
//   OpenLock (interval, ticks): a released GIL is free for whoever gets there
//   first; a waiter is merely woken. `interval` is CPython 3's GIL: a waiter
//   that has not seen a switch for one interval sets the drop request, and
//   the holder that drops on request waits until another thread has taken the
//   GIL (forced switching). `ticks` is CPython 2's: the holder drops and
//   re-takes every N polls and nothing stops it from winning again.
//
//   HandoffLock (fifo, priority): a released GIL is handed to the first
//   waiter in line, which owns it before it even wakes up. Only the first in
//   line waits with the interval's time-out; the others sleep until they are
//   granted or become first, and the hand-off wakes exactly those two (under
//   the mutex the waiters check before they sleep), so its cost does not
//   grow with the line. `priority` keeps
//   two lines and serves threads coming back from blocking waits (and
//   event-loop threads) first; such an arrival asks the holder to drop at
//   once rather than after an interval, and takes the GIL back from a
//   CPU-bound waiter it was handed to that has not woken up yet (on a busy
//   machine that wake-up can take milliseconds, and a thread that is not
//   running cannot answer a drop request).
#include <chrono>
#include <thread>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "gil/gil.h"

namespace gil {

void Policy::request_drop(Thread& by) {
  breaker_->set(EvalBreaker::kDropGilRequested);
  gil_->note_drop_request(by);
}

namespace {

using Nanos = std::chrono::nanoseconds;

class LockWordPolicy : public Policy {
 public:
  bool held() const override { return word_.load(std::memory_order_relaxed) != 0; }
  bool try_acquire(Thread& t) override {
    uintptr_t expected = 0;
    // acq_rel: a waiter that reads the holder from the word may then read
    // the holder's `wake` and `latency_sensitive`, written before this.
    return word_.compare_exchange_strong(expected, uintptr_t(&t), std::memory_order_acq_rel,
                                         std::memory_order_relaxed);
  }

 protected:
  static constexpr uintptr_t kWaiting = 1;

  static Thread* holder_of(uintptr_t w) { return reinterpret_cast<Thread*>(w & ~kWaiting); }
  bool try_release_fast(Thread& t) {
    uintptr_t expected = uintptr_t(&t);
    return word_.compare_exchange_strong(expected, 0, std::memory_order_release,
                                         std::memory_order_relaxed);
  }
  // Under mu_: sets the waiting bit while the GIL is held. False if the word
  // changed (it was released through the fast path): look again.
  bool mark_waiting(uintptr_t w) {
    return (w & kWaiting) ||
           word_.compare_exchange_strong(w, w | kWaiting, std::memory_order_relaxed);
  }

  // After asking the holder to drop, a waiter waits for the answer spinning
  // rather than asleep: the holder answers at its next poll, within about a
  // microsecond, while waking a sleeping thread costs 5 to 100 µs on a VM
  // (measured: hand-off median 90-120 µs asleep). The spin gives up after
  // 200 µs, since a holder inside a long native call does not answer, and
  // never happens on a single core, where it would only delay the holder.
  template <class Done>
  static void spin_until(Done done) {
    static const bool multicore = std::thread::hardware_concurrency() > 1;
    if (!multicore) return;
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(200);
    do {
      for (int i = 0; i < 64; i++) {
        if (done()) return;
#if defined(__x86_64__)
        _mm_pause();
#endif
      }
    } while (std::chrono::steady_clock::now() < until);
  }

  // Holder | kWaiting. Changed without mu_ only by the two fast paths, which
  // cannot succeed while kWaiting is set.
  std::atomic<uintptr_t> word_{0};
  std::mutex mu_;
};

class OpenLock final : public LockWordPolicy {
 public:
  explicit OpenLock(bool ticks) : ticks_(ticks) {}
  const char* name() const override { return ticks_ ? "ticks" : "interval"; }
  int ticks_per_yield() const override { return ticks_ ? kTicks : 0; }

  void acquire(Thread& t, Wake) override {
    std::unique_lock lock(mu_);
    waiters_++;
    for (;;) {
      uintptr_t w = word_.load(std::memory_order_relaxed);
      if (holder_of(w) == nullptr) {
        uintptr_t mine = uintptr_t(&t) | (waiters_ > 1 ? kWaiting : 0);
        if (!word_.compare_exchange_strong(w, mine, std::memory_order_acquire)) continue;
        waiters_--;
        takes_++;
        // Like CPython's switch_number, only a change of holder counts: a
        // thread that keeps giving the GIL up and taking it back (I/O) must
        // not reset a CPU-bound waiter's interval.
        if (&t != last_taker_) {
          switches_++;
          last_taker_ = &t;
        }
        // A pending drop request was meant for the previous holder.
        if (!ticks_ && drop_requested()) clear_drop_request();
        switched_.notify_all();
        return;
      }
      if (!mark_waiting(w)) continue;
      if (ticks_) {
        wakeup_.wait(lock);
      } else {
        uint64_t seen = switches_;
        if (wakeup_.wait_for(lock, Nanos(interval_ns())) == std::cv_status::timeout &&
            seen == switches_ && holder_of(word_.load(std::memory_order_relaxed)) != nullptr) {
          request_drop(t);
          lock.unlock();
          spin_until([&] { return holder_of(word_.load(std::memory_order_relaxed)) == nullptr; });
          lock.lock();
        }
      }
    }
  }

  void release(Thread& t) override {
    if (try_release_fast(t)) return;
    {
      std::lock_guard lock(mu_);
      word_.store(waiters_ ? kWaiting : 0, std::memory_order_release);
    }
    // Notified after unlocking: a waiter woken while we still held mu_ would
    // only block on it again (50 µs instead of 3 µs per hand-off, measured).
    wakeup_.notify_one();
  }

  void yield(Thread& t) override {
    if (!ticks_) {
      // Forced switching: after dropping on request, wait until a waiter has
      // really taken the GIL, so that this thread cannot win it straight back.
      std::unique_lock lock(mu_);
      uint64_t seen = takes_;
      word_.store(waiters_ ? kWaiting : 0, std::memory_order_release);
      lock.unlock();
      wakeup_.notify_one();  // outside mu_, as in release()
      lock.lock();
      while (waiters_ > 0 && takes_ == seen) switched_.wait(lock);
    } else {
      release(t);
    }
    if (!try_acquire(t)) acquire(t, Wake::kYield);
  }

 private:
  static constexpr int kTicks = 100;  // CPython 2's sys.setcheckinterval default
  const bool ticks_;
  // Under mu_: takings through the slow path, and those of them that changed
  // the holder (last_taker_ is only compared, never dereferenced).
  int waiters_ = 0;
  uint64_t takes_ = 0;
  uint64_t switches_ = 0;
  const Thread* last_taker_ = nullptr;
  std::condition_variable wakeup_, switched_;
};

class HandoffLock final : public LockWordPolicy {
 public:
  explicit HandoffLock(bool prioritize) : prioritize_(prioritize) {}
  const char* name() const override { return prioritize_ ? "priority" : "fifo"; }
  bool favours_latency() const override { return prioritize_; }

  void acquire(Thread& t, Wake why) override {
    const bool urgent = is_urgent(t, why);
    std::unique_lock lock(mu_);
    uintptr_t w = word_.load(std::memory_order_acquire);
    if (w == 0 && empty() &&
        word_.compare_exchange_strong(w, uintptr_t(&t), std::memory_order_acquire)) {
      t.claimed.store(true, std::memory_order_relaxed);
      return;
    }
    Line& line = lines_[urgent ? 0 : 1];
    t.granted = false;
    t.next_waiter = nullptr;
    (line.tail ? line.tail->next_waiter : line.head) = &t;
    line.tail = &t;
    // Make sure whoever holds the GIL hands it on: set the waiting bit, or,
    // if the GIL is free, hand it to the first in line now.
    Thread* holder;
    for (;;) {
      w = word_.load(std::memory_order_acquire);
      holder = holder_of(w);
      if (holder == nullptr ? try_hand_off(w) : mark_waiting(w)) break;
    }
    // The holder is still in the word while kWaiting is set: it cannot
    // release (and end) without taking mu_, which we hold.
    // Every holder but an event loop counts as CPU-bound here: one that came
    // back from a blocking wait may have been computing ever since.
    const bool holder_yields = holder && holder != &t && !holder->latency_sensitive.load();
    if (!t.granted && urgent && holder_yields) take_back(*holder, t, w);
    auto ask_holder_to_drop = [&] {
      request_drop(t);
      lock.unlock();
      spin_until([&] { return t.granted.load(std::memory_order_acquire); });
      lock.lock();
    };
    if (!t.granted && urgent && holder_yields) ask_holder_to_drop();
    // Only the next in line keeps the interval's time: everyone behind it
    // sleeps until it is next (wake_next_in_line) or granted, so that a
    // hand-off wakes two threads however long the line is.
    while (!t.granted) {
      if (next_in_line() != &t) {
        t.cv.wait(lock);
        continue;
      }
      uint64_t seen = handoffs_;
      if (t.cv.wait_for(lock, Nanos(interval_ns())) == std::cv_status::timeout && !t.granted &&
          seen == handoffs_ && next_in_line() == &t)
        ask_holder_to_drop();
    }
    t.claimed.store(true, std::memory_order_relaxed);
  }

  void release(Thread& t) override {
    if (try_release_fast(t)) return;
    std::lock_guard lock(mu_);
    try_hand_off(word_.load(std::memory_order_relaxed));  // cannot fail: t holds the word
  }

 private:
  struct Line {
    Thread* head = nullptr;
    Thread* tail = nullptr;
  };
  bool is_urgent(const Thread& t, Wake why) const {
    return prioritize_ &&
           (why == Wake::kBlocking || t.latency_sensitive.load(std::memory_order_relaxed));
  }
  bool is_urgent(const Thread& t) const {
    return is_urgent(t, t.wake.load(std::memory_order_relaxed));
  }
  bool empty() const { return !lines_[0].head && !lines_[1].head; }

  // Under mu_, for urgent waiter t (in line, not granted) while `holder`
  // holds word `w`: if holder was handed the GIL but has not claimed it
  // (it has not woken up), it goes back to the head of its line and t takes
  // its place. The holder re-checks `granted` under mu_ before it returns
  // from acquire, so it cannot run with a grant taken back.
  void take_back(Thread& holder, Thread& t, uintptr_t w) {
    if (!holder.granted.load(std::memory_order_acquire) ||
        holder.claimed.load(std::memory_order_relaxed))
      return;
    if (!word_.compare_exchange_strong(w, uintptr_t(&t) | kWaiting, std::memory_order_acq_rel))
      return;
    remove_from_line(t);
    Line& line = lines_[1];
    holder.next_waiter = line.head;
    line.head = &holder;
    if (!line.tail) line.tail = &holder;
    holder.granted.store(false, std::memory_order_relaxed);
    t.granted.store(true, std::memory_order_release);
    handoffs_++;
    clear_drop_request();
    wake_next_in_line();
  }

  void remove_from_line(Thread& t) {
    for (Line& line : lines_) {
      Thread* prev = nullptr;
      for (Thread* p = line.head; p; prev = p, p = p->next_waiter) {
        if (p != &t) continue;
        (prev ? prev->next_waiter : line.head) = p->next_waiter;
        if (line.tail == p) line.tail = prev;
        p->next_waiter = nullptr;
        return;
      }
    }
  }
  Thread* next_in_line() const { return lines_[0].head ? lines_[0].head : lines_[1].head; }
  // Under mu_, after the lines changed: the next in line may have been
  // sleeping without a time-out behind the one that left; it starts its
  // interval now. Waking it when it was already next costs one spurious
  // wake-up, never a lost one.
  void wake_next_in_line() {
    if (Thread* next = next_in_line(); next && !next->granted.load(std::memory_order_relaxed))
      next->cv.notify_one();
  }

  // Under mu_: replaces the lock word `expected` (its holder releasing, or
  // free) by the first waiter, or by 0 when nobody waits. False if a
  // fast-path taker changed the word first.
  bool try_hand_off(uintptr_t expected) {
    Line& line = lines_[0].head ? lines_[0] : lines_[1];
    Thread* next = line.head;
    uintptr_t desired = 0;
    if (next) {
      bool more = next->next_waiter || (&line == &lines_[0] && lines_[1].head);
      desired = uintptr_t(next) | (more ? kWaiting : 0);
    }
    if (!word_.compare_exchange_strong(expected, desired, std::memory_order_acq_rel)) return false;
    if (!next) return true;
    line.head = next->next_waiter;
    if (!line.head) line.tail = nullptr;
    handoffs_++;
    clear_drop_request();
    // An urgent waiter still in line should not wait an interval behind a
    // CPU-bound thread.
    if (lines_[0].head && &line != &lines_[0]) request_drop(*lines_[0].head);
    next->claimed.store(false, std::memory_order_relaxed);
    next->granted.store(true, std::memory_order_release);
    // Under mu_, unlike OpenLock's notify: once granted, `next` may run,
    // finish and be destroyed as soon as mu_ is free.
    next->cv.notify_one();
    wake_next_in_line();
    return true;
  }

  const bool prioritize_;
  Line lines_[2];  // [0]: urgent (priority only), [1]: everyone else; under mu_
  uint64_t handoffs_ = 0;
};

}  // namespace

std::unique_ptr<Policy> make_policy(const std::string& name) {
  if (name == "interval") return std::make_unique<OpenLock>(false);
  if (name == "ticks") return std::make_unique<OpenLock>(true);
  if (name == "fifo") return std::make_unique<HandoffLock>(false);
  if (name == "priority") return std::make_unique<HandoffLock>(true);
  return nullptr;
}

const char* policy_names() {
  return "interval, ticks, fifo, priority";
}

}  // namespace gil
