// policy.cpp — a host's GilPolicy installed as the GIL's gil::Policy.
//
// The adapter adds nothing to the protocol: every call of the Gil reaches
// the host's policy at once, with the gil::Thread as an opaque PolicyThread,
// and the host's request_drop reaches gil::Policy::request_drop. So a host
// policy runs under exactly the rules the built-in ones do (gil/README.md),
// which the public header states from the policy's side.
#include "embed/policy.h"

#include "embed/core.h"

namespace gilvm::embed {

namespace detail {

namespace {

Wake to_public(gil::Wake why) {
  switch (why) {
    case gil::Wake::kStart: return Wake::Start;
    case gil::Wake::kYield: return Wake::Yield;
    case gil::Wake::kBlocking: return Wake::Blocking;
    case gil::Wake::kCpu: return Wake::Cpu;
  }
  return Wake::Blocking;
}

}  // namespace

struct PolicyBridge final : gil::Policy {
  explicit PolicyBridge(std::unique_ptr<GilPolicy> policy)
      : host(std::move(policy)), name_(host->name()) {
    host->bridge_ = this;
  }

  const char* name() const override { return name_.c_str(); }
  bool try_acquire(gil::Thread& t) override { return host->try_acquire(PolicyThread(&t)); }
  void acquire(gil::Thread& t, gil::Wake why) override {
    host->acquire(PolicyThread(&t), to_public(why));
  }
  void release(gil::Thread& t) override { host->release(PolicyThread(&t)); }
  void yield(gil::Thread& t) override { host->yield(PolicyThread(&t)); }
  bool held() const override { return host->held(); }

  void drop_for(PolicyThread by) { request_drop(thread_of(by)); }
  double interval_seconds() const {
    return interval_ns_ ? double(interval_ns()) * 1e-9 : gil::Gil::kDefaultInterval;
  }
  static gil::Thread& thread_of(PolicyThread t) { return *static_cast<gil::Thread*>(t.thread_); }

  const std::unique_ptr<GilPolicy> host;

 private:
  const std::string name_;  // host->name(), kept for name()'s const char*
};

std::unique_ptr<gil::Policy> adapt_policy(std::unique_ptr<GilPolicy> policy) {
  return std::make_unique<PolicyBridge>(std::move(policy));
}

void install_policy(Core& core, std::unique_ptr<gil::Policy> policy) {
  current_state(core);
  if (!core.vm->gil.set_policy(std::move(policy)))
    fail("gilvm: the GIL policy cannot change while other threads run in the interpreter");
}

}  // namespace detail

uint64_t PolicyThread::id() const {
  return detail::PolicyBridge::thread_of(*this).id;
}

std::string_view PolicyThread::name() const {
  return detail::PolicyBridge::thread_of(*this).name;
}

bool PolicyThread::latency_sensitive() const {
  return detail::PolicyBridge::thread_of(*this).latency_sensitive.load(std::memory_order_relaxed);
}

void GilPolicy::request_drop(PolicyThread by) {
  if (bridge_) bridge_->drop_for(by);
}

double GilPolicy::switch_interval() const {
  return bridge_ ? bridge_->interval_seconds() : gil::Gil::kDefaultInterval;
}

}  // namespace gilvm::embed
