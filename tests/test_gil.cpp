// Unit tests of the GIL (gil/gil.h) without Lua: each policy's protocol
// driven by plain std::threads, each a gil::Thread that attaches, polls the
// eval breaker the way the dispatch loop does, and detaches.
//
// The machine running these may be loaded (two cores, sanitizers, other
// tests at the same time), so the tests check orderings and counts, never
// tight timings; every wait has a generous deadline. Catch2's assertions are
// not thread-safe: the threads only record what they saw, and the test's own
// thread checks it after joining them. What a thread records while it holds
// the GIL goes in plain variables: the GIL itself must order those accesses
// (ThreadSanitizer checks it in the tsan build). While threads run, the tests
// use CHECK rather than REQUIRE, so that a failure never leaves a thread
// blocked for ever on a GIL that nobody will release.
#include <catch2/catch.hpp>

#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "embed/policy.h"
#include "gil/gil.h"
#include "host_policy.h"

using gil::EvalBreaker;
using gil::Wake;

namespace {

using Clock = std::chrono::steady_clock;

constexpr double kDeadlineSeconds = 60;  // "never" on a loaded machine, short of CTest's timeout
constexpr double kNoDropRequests = 100;  // a switch interval that never runs out during a test
const char* const kPolicies[] = {"interval", "ticks", "fifo", "priority"};
// The protocol tests run these too: a host's policy (host_policy.h), written
// against the public gilvm/policy.h and installed through embed/'s adapter.
const char* const kHostPolicy = "tickets";

std::unique_ptr<gil::Policy> make_test_policy(const std::string& name) {
  if (name == kHostPolicy)
    return gilvm::embed::detail::adapt_policy(std::make_unique<TicketPolicy>());
  return gil::make_policy(name);
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Waits until pred() holds or `seconds` pass; returns pred().
template <class Pred>
bool eventually(Pred pred, double seconds = kDeadlineSeconds) {
  const auto start = Clock::now();
  while (!pred()) {
    if (seconds_since(start) > seconds) return pred();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

pid_t current_tid() {
  return pid_t(syscall(SYS_gettid));
}

// The scheduler state of one of this process's threads: 'R' running, 'S'
// asleep (a futex wait among others), ...
char thread_state(pid_t tid) {
  std::ifstream stat("/proc/self/task/" + std::to_string(tid) + "/stat");
  std::string line;
  std::getline(stat, line);
  const size_t paren = line.rfind(')');  // the command name may hold spaces
  return paren != std::string::npos && paren + 2 < line.size() ? line[paren + 2] : '?';
}

// True once thread `tid` has been seen asleep several times in a row. A
// thread that has announced it is calling attach() and then sleeps for that
// long is waiting in the policy's queue: nothing else in attach() blocks, and
// the policy's mutex is held only for instants.
bool asleep_in_queue(pid_t tid) {
  return eventually([&] {
    for (int look = 0; look < 4; look++) {
      if (thread_state(tid) != 'S') return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
  });
}

// A Gil of its own for one test, with the named policy.
struct Fixture {
  EvalBreaker breaker;
  gil::Gil gil{breaker};

  explicit Fixture(const char* policy, double interval_s = gil::Gil::kDefaultInterval) {
    REQUIRE(gil.set_policy(make_test_policy(policy)));
    gil.set_switch_interval(interval_s);
  }

  // One poll of the eval breaker, as the dispatch loop makes it at a backward
  // jump. Returns how many times the thread yielded the GIL (0, 1 or 2).
  int poll(gil::Thread& t) {
    int yields = 0;
    if (breaker.is_set(EvalBreaker::kDropGilRequested)) {
      gil.yield(t);
      yields++;
    }
    if (breaker.is_set(EvalBreaker::kGilTick)) {
      const bool runs_out = t.ticks_left <= 1;
      gil.on_poll(t);
      yields += runs_out;
    }
    return yields;
  }
};

// A member of a Gil on an OS thread of its own. It registers with the Gil
// when made: make every member before starting any, as register_thread may
// only be called while no other member runs.
struct Member {
  gil::Thread t;
  std::thread os;
  std::atomic<pid_t> tid{0};
  std::atomic<bool> calling_attach{false};

  Member(gil::Gil& gil, uint64_t id) : t(id, "member " + std::to_string(id)) {
    gil.register_thread(t);
  }
  ~Member() {
    if (os.joinable()) os.join();
  }
  void start(std::function<void(Member&)> body) {
    os = std::thread([this, body = std::move(body)] {
      tid = current_tid();
      body(*this);
    });
  }
  void join() { os.join(); }
  // Attaches, saying so first, for asleep_in_queue.
  void attach(gil::Gil& gil, Wake why) {
    calling_attach = true;
    gil.attach(t, why);
  }
  // Started and blocked in attach(), queued behind the holder.
  bool queued() const {
    return eventually([&] { return calling_attach.load(); }) && asleep_in_queue(tid);
  }
};

std::vector<std::unique_ptr<Member>> make_members(gil::Gil& gil, int n) {
  std::vector<std::unique_ptr<Member>> members;
  for (int j = 0; j < n; j++) members.push_back(std::make_unique<Member>(gil, uint64_t(j + 1)));
  return members;
}

// A little CPU work inside a critical section, so that holders hold for a
// while and waiters time out and ask them to drop.
void spin(int steps) {
  volatile int sink = 0;
  for (int j = 0; j < steps; j++) sink = sink + j;
}

}  // namespace

TEST_CASE("each policy lets one thread in at a time and counts every acquisition", "[gil]") {
  for (const char* policy : {"interval", "ticks", "fifo", "priority", kHostPolicy}) {
    DYNAMIC_SECTION("policy " << policy) {
      // A short interval: waiters ask the holder to drop often.
      Fixture f(policy, 0.0001);
      constexpr int kThreads = 4, kRounds = 200, kSteps = 50;
      auto members = make_members(f.gil, kThreads);
      long counter = 0;  // under the GIL, incremented non-atomically
      std::atomic<int> inside{0}, overlaps{0};
      std::vector<long> attaches(kThreads), yields(kThreads);  // each thread's own slot
      std::atomic<int> ready{0};
      const auto started = Clock::now();
      for (int j = 0; j < kThreads; j++) {
        members[j]->start([&, j](Member& m) {
          // All start together, or the first may be done before the last starts.
          ready++;
          while (ready < kThreads) std::this_thread::yield();
          for (int round = 0; round < kRounds; round++) {
            // Each way in (kYield is for yield()'s own re-taking): the
            // priority policy serves them differently.
            const Wake why[] = {Wake::kStart, Wake::kBlocking, Wake::kCpu};
            f.gil.attach(m.t, why[round % 3]);
            attaches[j]++;
            for (int step = 0; step < kSteps; step++) {
              if (inside.fetch_add(1) != 0) overlaps++;
              const long seen = counter;
              spin(2000);
              counter = seen + 1;
              inside.fetch_sub(1);
              yields[j] += f.poll(m.t);
            }
            if (round + 1 < kRounds) f.gil.detach(m.t);
          }
          f.gil.exit_thread(m.t);
        });
      }
      for (auto& m : members) m->join();
      const double elapsed = seconds_since(started);

      CHECK(overlaps == 0);
      CHECK(counter == long(kThreads) * kRounds * kSteps);

      const std::vector<gil::ThreadStats> stats = f.gil.thread_stats();
      REQUIRE(stats.size() == size_t(kThreads));
      gil::Stats sum;
      const double slack = 0.01;  // seconds: clock calibration, rounding
      for (int j = 0; j < kThreads; j++) {
        const gil::ThreadStats& ts = stats[j];
        INFO("thread " << ts.id);
        CHECK(ts.id == uint64_t(j + 1));
        CHECK(ts.name == "member " + std::to_string(j + 1));
        const gil::Stats& s = ts.stats;
        CHECK(s.acquisitions == uint64_t(attaches[j] + yields[j]));
        CHECK(s.switches <= s.acquisitions);
        CHECK(s.switches >= 1);
        CHECK(s.forced_switches <= s.switches);
        CHECK(s.forced_switches <= uint64_t(yields[j]));
        CHECK(s.longest_wait <= s.wait);
        // A thread cannot hold and wait at once.
        CHECK(gil::to_seconds(s.hold + s.wait) <= elapsed + slack);
        sum.add(s);
      }
      // Nor can two threads hold at once.
      CHECK(gil::to_seconds(sum.hold) <= elapsed + slack);
      CHECK(gil::to_seconds(sum.hold) > 0);
      CHECK(gil::to_seconds(sum.wait) > 0);

      const gil::Stats total = f.gil.totals();
      CHECK(total.acquisitions == sum.acquisitions);
      CHECK(total.switches == sum.switches);
      CHECK(total.forced_switches == sum.forced_switches);
      CHECK(total.hold == sum.hold);
      CHECK(total.wait == sum.wait);
      CHECK(total.longest_wait == sum.longest_wait);

      f.gil.reset_stats();
      CHECK(f.gil.thread_stats().empty());
      CHECK(f.gil.totals().acquisitions == 0);
    }
  }
}

TEST_CASE("interval: a waiter asks the holder to drop and runs before it gets the GIL back",
          "[gil]") {
  Fixture f("interval", 0.005);
  auto members = make_members(f.gil, 2);
  Member& holder = *members[0];
  Member& waiter = *members[1];
  std::atomic<bool> holding{false}, waiter_ran{false}, waiter_done{false};
  std::atomic<int> yields{0}, back_too_early{0};
  std::atomic<double> waited_s{-1};

  holder.start([&](Member& m) {
    f.gil.attach(m.t, Wake::kStart);
    holding = true;
    while (!waiter_done) {
      if (f.breaker.is_set(EvalBreaker::kDropGilRequested)) {
        f.gil.yield(m.t);
        yields++;
        if (!waiter_ran) back_too_early++;
      }
    }
    f.gil.exit_thread(m.t);
  });
  CHECK(eventually([&] { return holding.load(); }));
  waiter.start([&](Member& m) {
    const auto asked = Clock::now();
    f.gil.attach(m.t, Wake::kCpu);
    waited_s = seconds_since(asked);
    waiter_ran = true;
    f.gil.exit_thread(m.t);
    waiter_done = true;
  });
  holder.join();
  waiter.join();

  CHECK(yields == 1);
  CHECK(back_too_early == 0);
  // A few intervals when the machine is idle; much more only under heavy load.
  CHECK(waited_s >= 0);
  CHECK(waited_s < 5.0);
  CHECK(holder.t.stats().forced_switches == 1);
  CHECK(waiter.t.stats().switches == 1);
  CHECK(waiter.t.stats().forced_switches == 0);
}

TEST_CASE("interval: two CPU-bound threads take turns, one forced switch per yield", "[gil]") {
  Fixture f("interval", 0.001);
  constexpr int kTurns = 20;
  auto members = make_members(f.gil, 2);
  std::atomic<bool> stop{false};
  std::atomic<int> yields[2] = {0, 0};
  std::vector<int> turns;  // who started each turn; under the GIL
  for (int j = 0; j < 2; j++) {
    members[j]->start([&, j](Member& m) {
      f.gil.attach(m.t, Wake::kStart);
      turns.push_back(j);
      while (!stop) {
        if (f.breaker.is_set(EvalBreaker::kDropGilRequested)) {
          f.gil.yield(m.t);
          yields[j]++;
          turns.push_back(j);
        }
      }
      f.gil.exit_thread(m.t);
    });
  }
  const bool both_ran = eventually([&] { return yields[0] >= kTurns && yields[1] >= kTurns; });
  stop = true;
  for (auto& m : members) m->join();

  CHECK(both_ran);
  for (int j = 0; j < 2; j++) CHECK(members[j]->t.stats().forced_switches == uint64_t(yields[j]));
  // A yield on request never returns before the other thread has had a turn.
  int repeats = 0;
  for (size_t k = 1; k < turns.size(); k++) repeats += turns[k] == turns[k - 1];
  CHECK(repeats == 0);
  CHECK(turns.size() >= size_t(2 * kTurns));
}

TEST_CASE("fifo, priority and a host's FIFO: waiters get the GIL in the order they queued",
          "[gil]") {
  for (const char* policy : {"fifo", "priority", kHostPolicy}) {
    DYNAMIC_SECTION("policy " << policy) {
      Fixture f(policy, kNoDropRequests);
      constexpr int kWaiters = 5;
      auto members = make_members(f.gil, kWaiters + 1);
      Member& holder = *members[0];
      std::atomic<bool> holding{false}, release{false};
      std::vector<int> order;  // under the GIL

      holder.start([&](Member& m) {
        f.gil.attach(m.t, Wake::kStart);
        holding = true;
        while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        f.gil.exit_thread(m.t);
      });
      CHECK(eventually([&] { return holding.load(); }));
      for (int j = 1; j <= kWaiters; j++) {
        members[j]->start([&, j](Member& m) {
          // Alternate the two wakes that share the ordinary line.
          m.attach(f.gil, j % 2 ? Wake::kCpu : Wake::kYield);
          order.push_back(j);
          f.gil.exit_thread(m.t);
        });
        CHECK(members[j]->queued());
      }
      CHECK_FALSE(f.breaker.is_set(EvalBreaker::kDropGilRequested));
      release = true;
      for (auto& m : members) m->join();
      CHECK(order == std::vector<int>{1, 2, 3, 4, 5});
    }
  }
}

TEST_CASE("priority: a thread back from a blocking wait is served first, and at once", "[gil]") {
  Fixture f("priority", kNoDropRequests);
  auto members = make_members(f.gil, 3);
  Member& cpu_bound = *members[0];
  Member& earlier = *members[1];
  Member& blocking = *members[2];
  std::atomic<bool> holding{false}, go{false};
  std::vector<std::string> order;  // under the GIL

  cpu_bound.start([&](Member& m) {
    f.gil.attach(m.t, Wake::kStart);
    holding = true;
    while (!go) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    f.poll(m.t);  // drops the GIL if asked to, and queues up again
    order.push_back("cpu-bound");
    f.gil.exit_thread(m.t);
  });
  CHECK(eventually([&] { return holding.load(); }));
  earlier.start([&](Member& m) {
    m.attach(f.gil, Wake::kCpu);
    order.push_back("earlier");
    f.gil.exit_thread(m.t);
  });
  CHECK(earlier.queued());
  // An ordinary waiter waits out the interval before asking (100 s here).
  CHECK_FALSE(f.breaker.is_set(EvalBreaker::kDropGilRequested));
  blocking.start([&](Member& m) {
    m.attach(f.gil, Wake::kBlocking);
    order.push_back("blocking");
    f.gil.exit_thread(m.t);
  });
  // The blocking waiter asks as soon as it queues.
  CHECK(eventually([&] { return f.breaker.is_set(EvalBreaker::kDropGilRequested); }));
  go = true;
  for (auto& m : members) m->join();
  CHECK(order == std::vector<std::string>{"blocking", "earlier", "cpu-bound"});
  CHECK(cpu_bound.t.stats().forced_switches == 1);
}

// The priority policy remembers whether the holder is urgent (came back from
// a blocking wait) so that an urgent arrival does not interrupt another
// urgent holder. The GIL taken or given back on the lock word's fast path
// must not leave that note stale: here an urgent thread had the GIL, released
// it uncontended, and an ordinary CPU-bound thread took it uncontended; an
// urgent arrival must still ask that CPU-bound holder to drop at once.
TEST_CASE("priority: an urgent arrival interrupts a CPU-bound holder that took a free GIL",
          "[gil]") {
  Fixture f("priority", kNoDropRequests);
  auto members = make_members(f.gil, 4);
  Member& first = *members[0];
  Member& urgent = *members[1];
  Member& cpu_bound = *members[2];
  Member& arrival = *members[3];
  std::atomic<bool> holding{false}, release{false};

  // 1. `urgent` gets the GIL handed over from `first` while being urgent.
  first.start([&](Member& m) {
    f.gil.attach(m.t, Wake::kStart);
    holding = true;
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    f.gil.exit_thread(m.t);
  });
  CHECK(eventually([&] { return holding.load(); }));
  urgent.start([&](Member& m) {
    m.attach(f.gil, Wake::kBlocking);
    f.gil.exit_thread(m.t);  // 2. ...and gives it back with nobody waiting
  });
  CHECK(urgent.queued());
  release = true;
  first.join();
  urgent.join();
  f.breaker.clear(EvalBreaker::kDropGilRequested);  // urgent's request, served

  // 3. A CPU-bound thread takes the free GIL and keeps it.
  std::atomic<bool> cpu_holding{false}, cpu_done{false};
  std::atomic<bool> asked_to_drop{false};
  cpu_bound.start([&](Member& m) {
    f.gil.attach(m.t, Wake::kCpu);
    cpu_holding = true;
    const auto start = Clock::now();
    // Poll for the request for a while (not for ever: the test must end).
    while (!asked_to_drop && seconds_since(start) < 5) {
      if (f.breaker.is_set(EvalBreaker::kDropGilRequested)) asked_to_drop = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    f.gil.exit_thread(m.t);
    cpu_done = true;
  });
  CHECK(eventually([&] { return cpu_holding.load(); }));
  // 4. An urgent arrival should ask it to drop at once, not after 100 s.
  arrival.start([&](Member& m) {
    m.attach(f.gil, Wake::kBlocking);
    f.gil.exit_thread(m.t);
  });
  cpu_bound.join();
  arrival.join();
  CHECK(asked_to_drop);
}

TEST_CASE("ticks: the holder yields every ticks_per_yield() polls", "[gil]") {
  Fixture f("ticks");
  REQUIRE(f.gil.policy().ticks_per_yield() > 0);
  CHECK(f.breaker.is_set(EvalBreaker::kGilTick));
  const int n = f.gil.policy().ticks_per_yield();
  gil::Thread t(1, "main");
  f.gil.register_thread(t);
  f.gil.attach(t, Wake::kStart);
  int yields = 0;
  for (int j = 0; j < 10 * n + n / 2; j++) yields += f.poll(t);
  CHECK(yields == 10);
  CHECK(t.stats().acquisitions == 11);
  CHECK(t.stats().switches == 1);  // alone: every yield gets the GIL straight back
  CHECK(t.stats().forced_switches == 0);

  // Another policy: no more ticks. The one registered thread keeps the GIL.
  REQUIRE(f.gil.set_policy(gil::make_policy("interval")));
  CHECK_FALSE(f.breaker.is_set(EvalBreaker::kGilTick));
  CHECK(t.attached());
  for (int j = 0; j < 3 * n; j++) CHECK(f.poll(t) == 0);
  f.gil.exit_thread(t);
}

TEST_CASE("set_policy: only while at most one thread is registered", "[gil]") {
  EvalBreaker breaker;
  gil::Gil g(breaker);
  CHECK(std::string(g.policy().name()) == "interval");
  gil::Thread a(1, "a"), b(2, "b");
  g.register_thread(a);
  g.attach(a, Wake::kStart);
  REQUIRE(g.set_policy(gil::make_policy("fifo")));
  CHECK(std::string(g.policy().name()) == "fifo");
  CHECK(a.attached());

  g.register_thread(b);
  CHECK_FALSE(g.set_policy(gil::make_policy("ticks")));
  CHECK(std::string(g.policy().name()) == "fifo");
  CHECK_FALSE(breaker.is_set(EvalBreaker::kGilTick));

  // a still holds the GIL under fifo: b waits until a detaches.
  std::atomic<bool> b_in{false};
  std::thread other([&] {
    g.attach(b, Wake::kStart);
    b_in = true;
    g.exit_thread(b);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_FALSE(b_in);
  g.detach(a);
  other.join();
  CHECK(b_in);

  // b has left: a alone may change the policy again.
  g.attach(a, Wake::kStart);
  CHECK(g.set_policy(gil::make_policy("ticks")));
  CHECK(breaker.is_set(EvalBreaker::kGilTick));
  g.exit_thread(a);
}

TEST_CASE("a host's policy: its drop requests make the holder yield to the waiter", "[gil]") {
  Fixture f(kHostPolicy, 0.001);
  CHECK(std::string(f.gil.policy().name()) == "tickets");
  auto members = make_members(f.gil, 2);
  Member& holder = *members[0];
  Member& waiter = *members[1];
  std::atomic<bool> holding{false}, waiter_done{false};
  std::atomic<int> yields{0};
  holder.start([&](Member& m) {
    f.gil.attach(m.t, Wake::kStart);
    holding = true;
    while (!waiter_done) yields += f.poll(m.t);
    f.gil.exit_thread(m.t);
  });
  CHECK(eventually([&] { return holding.load(); }));
  waiter.start([&](Member& m) {
    f.gil.attach(m.t, Wake::kCpu);
    f.gil.exit_thread(m.t);
    waiter_done = true;
  });
  holder.join();
  waiter.join();
  CHECK(yields >= 1);
  CHECK(holder.t.stats().forced_switches >= 1);
  CHECK(waiter.t.stats().acquisitions == 1);
}

TEST_CASE("make_policy knows the four policies", "[gil]") {
  for (const char* name : kPolicies) {
    std::unique_ptr<gil::Policy> p = gil::make_policy(name);
    REQUIRE(p);
    CHECK(std::string(p->name()) == name);
  }
  CHECK(gil::make_policy("bogus") == nullptr);
  CHECK(gil::make_policy("") == nullptr);
  CHECK(std::string(gil::policy_names()) == "interval, ticks, fifo, priority");
}

TEST_CASE("the switch interval is kept in seconds, at least a microsecond", "[gil]") {
  EvalBreaker breaker;
  gil::Gil g(breaker);
  CHECK(g.switch_interval() == Approx(gil::Gil::kDefaultInterval));
  g.set_switch_interval(0.25);
  CHECK(g.switch_interval() == Approx(0.25));
  g.set_switch_interval(1e-9);
  CHECK(g.switch_interval() == Approx(1e-6));
}

TEST_CASE("a disabled GIL only keeps the books", "[gil]") {
  EvalBreaker breaker;
  gil::Gil g(breaker);
  g.set_enabled(false);
  CHECK_FALSE(g.enabled());
  gil::Thread a(1, "a"), b(2, "b");
  g.register_thread(a);
  g.register_thread(b);
  g.attach(a, Wake::kStart);
  std::atomic<bool> b_in{false};
  std::thread other([&] {
    g.attach(b, Wake::kStart);  // does not wait for a
    b_in = true;
    g.yield(b);
    g.detach(b);
  });
  other.join();
  CHECK(b_in);
  CHECK(a.attached());
  CHECK_FALSE(b.attached());
  g.detach(a);
  g.exit_thread(b);
  g.exit_thread(a);
}

TEST_CASE("without a GIL, a stop of the world waits for attached threads and keeps others out",
          "[gil][world]") {
  EvalBreaker breaker;
  gil::Gil g(breaker);
  REQUIRE(g.set_enabled(false));
  gil::Thread stopper(1, "stopper"), runner(2, "runner"), sleeper(3, "sleeper");
  g.register_thread(stopper);
  g.register_thread(runner);
  g.register_thread(sleeper);
  g.attach(stopper, Wake::kStart);

  // The runner is attached and polls like the dispatch loop; the sleeper is
  // detached and tries to attach once the world is stopping.
  std::atomic<bool> quit{false}, runner_parked{false}, sleeper_in{false};
  std::atomic<int> inside{0};  // attached threads other than the stopper
  std::thread run([&] {
    g.attach(runner, Wake::kStart);
    inside++;
    while (!quit) {
      if (breaker.is_set(EvalBreaker::kStopTheWorld)) {
        runner_parked = true;
        inside--;
        g.park(runner);
        inside++;
      }
    }
    inside--;
    g.detach(runner);
  });
  CHECK(eventually([&] { return inside.load() == 1; }));

  REQUIRE(g.stop_the_world(stopper));
  // Stopped: the runner parked, nobody else is attached, and the sleeper
  // cannot come in until the world starts again.
  const bool parked = runner_parked, alone = inside.load() == 0;
  std::thread sleep([&] {
    g.attach(sleeper, Wake::kBlocking);
    sleeper_in = true;
    g.detach(sleeper);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const bool kept_out = !sleeper_in;
  g.start_the_world(stopper);
  CHECK(parked);
  CHECK(alone);
  CHECK(kept_out);
  CHECK(eventually([&] { return sleeper_in.load(); }));
  CHECK_FALSE(breaker.is_set(EvalBreaker::kStopTheWorld));
  quit = true;
  run.join();
  sleep.join();
  CHECK(g.world_stats().stops == 1);
  g.detach(stopper);
  g.exit_thread(sleeper);
  g.exit_thread(runner);
  g.exit_thread(stopper);
}

TEST_CASE("without a GIL, the second of two stoppers parks until the first is done",
          "[gil][world]") {
  EvalBreaker breaker;
  gil::Gil g(breaker);
  REQUIRE(g.set_enabled(false));
  gil::Thread a(1, "a"), b(2, "b");
  g.register_thread(a);
  g.register_thread(b);
  g.attach(a, Wake::kStart);
  REQUIRE(g.stop_the_world(a));  // b is detached: no waiting
  std::atomic<bool> b_done{false};
  std::atomic<int> b_result{-1};
  std::thread other([&] {
    g.attach(b, Wake::kStart);  // waits: the world is stopped
    b_result = g.stop_the_world(b) ? 1 : 0;
    if (b_result == 1) g.start_the_world(b);
    b_done = true;
    g.detach(b);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const bool waited = !b_done;
  g.start_the_world(a);
  g.detach(a);  // else b's own stop would wait for a to park
  other.join();
  CHECK(waited);
  CHECK(b_result == 1);  // after a's stop ended, b's own stop went through
  g.exit_thread(b);
  g.exit_thread(a);
}

TEST_CASE("without a GIL, a thread that registers during a stop waits for the world to start",
          "[gil][world]") {
  // A host thread joining (embed's AttachThread) while another collects.
  EvalBreaker breaker;
  gil::Gil g(breaker);
  REQUIRE(g.set_enabled(false));
  gil::Thread stopper(1, "stopper"), late(2, "late");
  g.register_thread(stopper);
  g.attach(stopper, Wake::kStart);
  REQUIRE(g.stop_the_world(stopper));
  g.register_thread(late);
  std::atomic<bool> late_in{false};
  std::thread joiner([&] {
    g.attach(late, Wake::kStart);
    late_in = true;
    g.detach(late);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const bool kept_out = !late_in;
  g.start_the_world(stopper);
  joiner.join();
  CHECK(kept_out);
  CHECK(late_in);
  g.detach(stopper);
  g.exit_thread(late);
  g.exit_thread(stopper);
}

TEST_CASE("set_enabled: switching the GIL on and off with one thread attached", "[gil]") {
  EvalBreaker breaker;
  gil::Gil g(breaker);
  gil::Thread a(1, "a"), b(2, "b");
  g.register_thread(a);
  g.attach(a, Wake::kStart);
  CHECK(g.set_enabled(false));
  CHECK(a.attached());
  CHECK(g.set_enabled(true));
  CHECK(a.attached());
  g.register_thread(b);
  CHECK_FALSE(g.set_enabled(false));  // two threads: refused
  CHECK(g.enabled());
  g.unregister_thread(b);
  g.detach(a);
  g.exit_thread(a);
}

TEST_CASE("the trace names every thread and has its held spans", "[gil]") {
  Fixture f("interval", 0.001);
  f.gil.enable_trace();
  CHECK(f.gil.tracing());
  auto members = make_members(f.gil, 2);
  std::atomic<int> yields{0};
  std::atomic<bool> stop{false};
  for (auto& member : members) {
    member->start([&](Member& m) {
      f.gil.attach(m.t, Wake::kStart);
      const gil::Ticks began = gil::now();
      spin(1000);
      f.gil.trace_collection(m.t, began, gil::now());
      while (!stop) yields += f.poll(m.t);
      f.gil.exit_thread(m.t);
    });
  }
  const bool switched = eventually([&] { return yields >= 4; });
  stop = true;
  for (auto& m : members) m->join();
  CHECK(switched);

  const std::string json = f.gil.trace_json(4242);
  INFO(json.substr(0, 2000));
  CHECK(json.rfind("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[", 0) == 0);
  CHECK(json.find("\"name\":\"gilvm (GIL policy interval)\"") != std::string::npos);
  CHECK(json.find("\"tid\":1,\"args\":{\"name\":\"member 1\"}") != std::string::npos);
  CHECK(json.find("\"tid\":2,\"args\":{\"name\":\"member 2\"}") != std::string::npos);
  CHECK(json.find("\"name\":\"GIL held\"") != std::string::npos);
  CHECK(json.find("\"name\":\"GIL wait\"") != std::string::npos);
  CHECK(json.find("\"name\":\"collection\"") != std::string::npos);
  CHECK(json.find("\"name\":\"drop request\"") != std::string::npos);
  CHECK(json.find("\"pid\":4242") != std::string::npos);
  CHECK(json.substr(json.size() - 4) == "\n]}\n");
}
