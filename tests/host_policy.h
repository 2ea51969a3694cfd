// host_policy.h — a GIL policy written as a host writes one, against
// gilvm/policy.h alone: first come, first served by ticket, and the first in
// line asks the holder to drop after a switch interval. test_gil.cpp runs it
// through the protocol tests of the built-in policies (installed with
// embed/policy.h's adapter), test_embed.cpp through an interpreter.
//
// Protocol: one mutex guards held_ and the two ticket counters; a waiter
// takes a ticket and sleeps on cv_ until the GIL is free and its ticket is
// the one served. release() clears held_ under the mutex and wakes every
// waiter after unlocking: the one whose turn it is takes the GIL, the others
// sleep again, so no wake-up is lost. The default yield (release, then
// acquire with a new ticket) puts the yielding holder at the end of the line.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>

#include "gilvm/policy.h"

class TicketPolicy final : public gilvm::embed::GilPolicy {
 public:
  std::string name() const override { return "tickets"; }

  void acquire(gilvm::embed::PolicyThread t, gilvm::embed::Wake) override {
    std::unique_lock lock(mutex_);
    const uint64_t ticket = next_ticket_++;
    while (held_ || ticket != serving_) {
      const auto interval = std::chrono::duration<double>(switch_interval());
      if (cv_.wait_for(lock, interval) == std::cv_status::timeout && ticket == serving_ && held_)
        request_drop(t);
    }
    held_ = true;
    serving_++;
    acquisitions++;
  }

  void release(gilvm::embed::PolicyThread) override {
    {
      std::lock_guard lock(mutex_);
      held_ = false;
    }
    cv_.notify_all();
  }

  bool held() const override {
    std::lock_guard lock(mutex_);
    return held_;
  }

  std::atomic<uint64_t> acquisitions{0};

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool held_ = false;
  uint64_t next_ticket_ = 0;  // the next arrival's ticket
  uint64_t serving_ = 0;      // the ticket whose turn it is
};
