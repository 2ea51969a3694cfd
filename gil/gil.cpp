// gil.cpp — attach, detach and yield around a Policy, with the accounting
// and the trace that every policy shares (see gil.h and gil/README.md).
//
// Every statistic of a thread is written by that thread while it holds the
// GIL (after taking it, or before giving it up), and read by whoever holds it
// next, so the GIL itself orders them: no atomics on the hot path.
#include "gil/gil.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <new>
#include <optional>

namespace gil {

void Stats::add(const Stats& o) {
  acquisitions += o.acquisitions;
  switches += o.switches;
  forced_switches += o.forced_switches;
  hold += o.hold;
  wait += o.wait;
  longest_wait = std::max(longest_wait, o.longest_wait);
}

namespace {

int64_t to_ns(double seconds) {
  return int64_t(std::llround(seconds * 1e9));
}

constexpr size_t kMaxTraceEvents = size_t(1) << 20;  // per thread

// The track of a thread's event-loop spans, next to its GIL track: loop spans
// and GIL spans interleave without nesting, so they cannot share one.
uint64_t loop_track(uint64_t thread_id) {
  return thread_id + 1000000;
}

}  // namespace

Gil::Gil(EvalBreaker& breaker)
    : breaker_(breaker), interval_ns_(to_ns(kDefaultInterval)), stats_since_(now()) {
  set_policy(make_policy("interval"));
}

Gil::~Gil() = default;

bool Gil::set_policy(std::unique_ptr<Policy> p) {
  if (live_.size() > 1) return false;
  Thread* holder = !live_.empty() && live_[0]->attached_ && enabled_ ? live_[0] : nullptr;
  if (holder) policy_->release(*holder);
  policy_ = std::move(p);
  policy_->bind(this, &breaker_, &interval_ns_);
  if (holder) policy_->acquire(*holder, Wake::kStart);  // free: returns at once
  if (policy_->ticks_per_yield() > 0)
    breaker_.set(EvalBreaker::kGilTick);
  else
    breaker_.clear(EvalBreaker::kGilTick);
  for (Thread* t : live_) t->ticks_left = policy_->ticks_per_yield();
  return true;
}

bool Gil::set_enabled(bool on) {
  if (on == enabled_) return true;
  if (live_.size() > 1) return false;
  Thread* holder = !live_.empty() && live_[0]->attached_ ? live_[0] : nullptr;
  if (holder) detach(*holder);
  enabled_ = on;
  if (holder) attach(*holder, Wake::kStart);
  return true;
}

double Gil::switch_interval() const {
  return double(interval_ns_.load(std::memory_order_relaxed)) * 1e-9;
}

void Gil::set_switch_interval(double seconds) {
  // Between 1 µs and 1000 s: the policies' timed waits need a sane deadline.
  seconds = std::clamp(seconds, 1e-6, 1e3);
  interval_ns_.store(to_ns(seconds), std::memory_order_relaxed);
}

void Gil::record(Thread& t, TraceEvent::Kind kind, Ticks begin, Ticks end, uint32_t label) {
  // Best effort: an event that finds no memory is dropped, as one past the
  // limit is. Attach records too, and must not fail.
  if (t.trace_.size() >= kMaxTraceEvents) return;
  try {
    t.trace_.push_back({kind, label, begin, end});
  } catch (const std::bad_alloc&) {
  }
}

void Gil::attach(Thread& t, Wake why) {
  if (!enabled_) {
    attach_free(t);
    return;
  }
  Ticks asked = now();
  Ticks got = asked;
  t.wake.store(why, std::memory_order_relaxed);
  if (!policy_->try_acquire(t)) {
    policy_->acquire(t, why);
    got = now();
  }
  took(t, asked, got, why);
}

void Gil::took(Thread& t, Ticks asked, Ticks got, Wake why) {
  t.attached_ = true;
  t.held_since_ = got;
  Stats& s = t.stats_;
  s.acquisitions++;
  Ticks waited = got - asked;
  s.wait += waited;
  if (waited > s.longest_wait) s.longest_wait = waited;
  const bool switched = last_holder_ != &t;
  last_holder_ = &t;
  if (switched) {
    s.switches++;
    if (why == Wake::kYield) s.forced_switches++;
  }
  if (tracing_ && (switched || !t.in_trace_span_)) {
    // A yield that nobody took advantage of keeps the held span open.
    if (t.in_trace_span_) record(t, TraceEvent::kHeld, t.span_since_, asked);
    if (waited > 0) record(t, TraceEvent::kWaiting, asked, got);
    t.in_trace_span_ = true;
    t.span_since_ = got;
  }
}

void Gil::dropping(Thread& t, Ticks at) {
  t.stats_.hold += at - t.held_since_;
  t.attached_ = false;
}

void Gil::detach(Thread& t) {
  if (!enabled_) {
    detach_free(t);
    return;
  }
  Ticks at = now();
  dropping(t, at);
  if (tracing_ && t.in_trace_span_) {
    record(t, TraceEvent::kHeld, t.span_since_, at);
    t.in_trace_span_ = false;
  }
  policy_->release(t);
}

void Gil::yield(Thread& t) {
  if (!enabled_) return;
  // The request is being served; the policy may raise a new one.
  breaker_.clear(EvalBreaker::kDropGilRequested);
  Ticks at = now();
  dropping(t, at);
  t.wake.store(Wake::kYield, std::memory_order_relaxed);
  policy_->yield(t);
  took(t, at, now(), Wake::kYield);
}

// --- without a GIL: attach, detach and stopping the world ----------------------
//
// A thread's world_ state is the protocol. It attaches by moving it from
// detached to attached, and detaches by storing detached. The stopper moves
// every other thread from detached to suspended, and waits (on world_cv_)
// for the attached ones to detach or park at a safe point. A suspended
// thread cannot attach: its CAS fails and it waits for start_the_world to
// make it detached again. stopping_ and world_ are sequentially consistent,
// so a thread that detaches either sees stopping_ and wakes the stopper, or
// the stopper sees it detached.

void Gil::attach_free(Thread& t) {
  uint8_t expected = Thread::kDetached;
  if (!t.world_.compare_exchange_strong(expected, Thread::kAttached)) {
    std::unique_lock lock(world_mutex_);
    world_cv_.wait(lock, [&] {
      expected = Thread::kDetached;
      return t.world_.compare_exchange_strong(expected, Thread::kAttached);
    });
  }
  t.attached_ = true;
}

void Gil::detach_free(Thread& t) {
  t.attached_ = false;
  t.world_.store(Thread::kDetached);
  if (stopping_.load()) {
    std::lock_guard lock(world_mutex_);
    world_cv_.notify_all();
  }
}

void Gil::park(Thread& t) {
  const Ticks at = now();
  detach_free(t);
  attach_free(t);
  if (tracing_) record(t, TraceEvent::kWaiting, at, now());
}

bool Gil::stop_the_world(Thread& self) {
  std::unique_lock lock(world_mutex_);
  if (stopping_.load()) {
    // Another thread is stopping the world: be stopped.
    lock.unlock();
    park(self);
    return false;
  }
  const Ticks asked = now();
  stopping_.store(true);
  breaker_.set(EvalBreaker::kStopTheWorld);
  for (;;) {
    bool all_stopped = true;
    for (Thread* o : live_) {
      if (o == &self) continue;
      uint8_t expected = Thread::kDetached;
      if (!o->world_.compare_exchange_strong(expected, Thread::kSuspended) &&
          expected != Thread::kSuspended)
        all_stopped = false;
    }
    if (all_stopped) break;
    // Woken by a detaching thread; the timeout is a second line of defence.
    world_cv_.wait_for(lock, std::chrono::milliseconds(1));
  }
  stopped_at_ = now();
  world_stats_.time_to_stop += stopped_at_ - asked;
  return true;
}

void Gil::start_the_world(Thread& self) {
  std::lock_guard lock(world_mutex_);
  const Ticks paused = now() - stopped_at_;
  world_stats_.stops++;
  world_stats_.paused += paused;
  world_stats_.longest = std::max(world_stats_.longest, paused);
  for (Thread* o : live_) {
    uint8_t expected = Thread::kSuspended;
    if (o != &self) o->world_.compare_exchange_strong(expected, Thread::kDetached);
  }
  breaker_.clear(EvalBreaker::kStopTheWorld);
  stopping_.store(false);
  world_cv_.notify_all();
}

Gil::WorldStats Gil::world_stats() const {
  std::lock_guard lock(world_mutex_);
  return world_stats_;
}

void Gil::register_thread(Thread& t) {
  std::lock_guard lock(world_mutex_);
  // A thread that joins while the world is stopped (a host thread attaching
  // while another collects) starts suspended: its first attach waits for
  // start_the_world instead of running beside the stopper.
  if (stopping_.load()) t.world_.store(Thread::kSuspended);
  live_.push_back(&t);
  t.ticks_left = policy_->ticks_per_yield();
}

void Gil::unregister_thread(Thread& t) {
  std::lock_guard lock(world_mutex_);
  live_.erase(std::remove(live_.begin(), live_.end(), &t), live_.end());
  if (last_holder_ == &t) last_holder_ = nullptr;
}

void Gil::exit_thread(Thread& t) {
  unregister_thread(t);
  if (!enabled_) {
    {
      std::lock_guard lock(world_mutex_);
      retired_.push_back({t.id, t.name, t.stats_});
      if (tracing_) retired_traces_.push_back({retired_.back(), std::move(t.trace_)});
    }
    detach_free(t);
    return;
  }
  Ticks at = now();
  dropping(t, at);
  if (tracing_ && t.in_trace_span_) record(t, TraceEvent::kHeld, t.span_since_, at);
  t.in_trace_span_ = false;
  {
    std::lock_guard lock(world_mutex_);
    retired_.push_back({t.id, t.name, t.stats_});
    if (tracing_) retired_traces_.push_back({retired_.back(), std::move(t.trace_)});
  }
  policy_->release(t);
}

void Gil::enable_trace() {
  tracing_ = true;
  const Ticks at = now();
  for (Thread* t : live_) {
    if (t->attached_ && !t->in_trace_span_) {
      t->in_trace_span_ = true;
      t->span_since_ = at;
    }
  }
}

void Gil::note_drop_request(Thread& waiter) {
  if (tracing_) {
    Ticks at = now();
    record(waiter, TraceEvent::kDropRequest, at, at);
  }
}

void Gil::trace_collection(Thread& t, Ticks begin, Ticks end) {
  if (tracing_) record(t, TraceEvent::kCollection, begin, end);
}

void Gil::trace_loop(Thread& t, TraceEvent::Kind kind, Ticks begin, Ticks end, uint32_t label) {
  if (tracing_) record(t, kind, begin, end, label);
}

uint32_t Gil::trace_label(std::string name) {
  std::lock_guard lock(labels_mutex_);
  labels_.push_back(std::move(name));
  return uint32_t(labels_.size() - 1);
}

Stats Gil::totals() const {
  Stats total;
  for (const ThreadStats& ts : thread_stats()) total.add(ts.stats);
  return total;
}

std::vector<ThreadStats> Gil::thread_stats() const {
  std::lock_guard lock(world_mutex_);
  std::vector<ThreadStats> all = retired_;
  for (const Thread* t : live_) {
    ThreadStats ts{t->id, t->name, t->stats_};
    // The holder's current turn counts too.
    if (enabled_ && t->attached_) ts.stats.hold += now() - t->held_since_;
    all.push_back(ts);
  }
  std::sort(all.begin(), all.end(),
            [](const ThreadStats& a, const ThreadStats& b) { return a.id < b.id; });
  return all;
}

void Gil::reset_stats() {
  std::lock_guard lock(world_mutex_);
  retired_.clear();
  Ticks at = now();
  for (Thread* t : live_) {
    t->stats_ = Stats();
    if (enabled_ && t->attached_) t->held_since_ = at;
  }
  stats_since_ = at;
}

std::string Gil::trace_json(int pid) const {
  struct Source {
    uint64_t id;
    const std::string* name;
    const std::vector<TraceEvent>* events;
    std::optional<TraceEvent> open;  // a live holder's span, still open now
  };
  std::vector<Source> sources;
  for (const auto& [ts, events] : retired_traces_)
    sources.push_back({ts.id, &ts.name, &events, {}});
  const Ticks end = now();
  for (const Thread* t : live_) {
    Source s{t->id, &t->name, &t->trace_, {}};
    if (t->in_trace_span_) s.open = TraceEvent{TraceEvent::kHeld, 0, t->span_since_, end};
    sources.push_back(s);
  }

  auto micros = [](Ticks t) { return since_start(t) * 1e6; };
  // Names go into JSON strings: keep them printable and quote-free.
  auto json_name = [](const std::string& raw) {
    std::string name;
    for (char c : raw)
      if (c != '"' && c != '\\' && uint8_t(c) >= 0x20) name += c;
    return name;
  };
  std::lock_guard lock(labels_mutex_);
  std::string out = "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n";
  auto append = [&](uint64_t tid, const TraceEvent& e) {
    if (e.kind == TraceEvent::kLoopIteration || e.kind == TraceEvent::kTaskStep) {
      const std::string what = e.kind == TraceEvent::kLoopIteration
                                   ? std::string("loop iteration")
                                   : json_name(labels_[e.label < labels_.size() ? e.label : 0]);
      out += fmt::format(
          ",\n{{\"ph\":\"X\",\"name\":\"{}\",\"cat\":\"loop\",\"pid\":{},\"tid\":{},"
          "\"ts\":{:.3f},\"dur\":{:.3f}}}",
          what, pid, loop_track(tid), micros(e.begin), to_seconds(e.end - e.begin) * 1e6);
      return;
    }
    if (e.kind == TraceEvent::kDropRequest) {
      out += fmt::format(
          ",\n{{\"ph\":\"i\",\"s\":\"t\",\"name\":\"drop request\",\"cat\":\"gil\","
          "\"pid\":{},\"tid\":{},\"ts\":{:.3f}}}",
          pid, tid, micros(e.begin));
      return;
    }
    const char* what = e.kind == TraceEvent::kHeld      ? "GIL held"
                       : e.kind == TraceEvent::kWaiting ? "GIL wait"
                                                        : "collection";
    const char* cat = e.kind == TraceEvent::kCollection ? "gc" : "gil";
    out += fmt::format(
        ",\n{{\"ph\":\"X\",\"name\":\"{}\",\"cat\":\"{}\",\"pid\":{},\"tid\":{},"
        "\"ts\":{:.3f},\"dur\":{:.3f}}}",
        what, cat, pid, tid, micros(e.begin), to_seconds(e.end - e.begin) * 1e6);
  };
  out += fmt::format(
      "{{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":{},\"tid\":0,"
      "\"args\":{{\"name\":\"gilvm (GIL policy {})\"}}}}",
      pid, policy_->name());
  for (const Source& s : sources) {
    const std::string name = json_name(*s.name);
    out += fmt::format(
        ",\n{{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":{},\"tid\":{},"
        "\"args\":{{\"name\":\"{}\"}}}}",
        pid, s.id, name);
    const bool has_loop = std::any_of(s.events->begin(), s.events->end(), [](const TraceEvent& e) {
      return e.kind == TraceEvent::kLoopIteration || e.kind == TraceEvent::kTaskStep;
    });
    if (has_loop)
      out += fmt::format(
          ",\n{{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":{},\"tid\":{},"
          "\"args\":{{\"name\":\"{} loop\"}}}}",
          pid, loop_track(s.id), name);
    for (const TraceEvent& e : *s.events) append(s.id, e);
    if (s.open) append(s.id, *s.open);
  }
  out += "\n]}\n";
  return out;
}

}  // namespace gil
