// embed_game_loop — a host with its own GIL policy.
//
// A game's render thread must run its Lua at every frame boundary (every
// 16.7 ms at 60 frames a second) while script threads compute AI jobs in Lua,
// all under one GIL. The host knows something no built-in policy knows: which
// thread renders. FrameBudgetPolicy below uses it: when the render thread
// asks for the GIL it asks the holder to drop at once and takes the GIL
// ahead of every AI thread; otherwise the AI threads take turns in arrival
// order, the first in line asking for a drop after a switch interval.
//
// The program runs the same game with each policy for a while and prints
// what the render thread saw: the frame time, from the frame boundary until
// its Lua work for the frame is done (p50, p99, max), and how many AI jobs ran.
// The figures depend on the machine and its load; nothing here asserts them.
//
//   embed_game_loop [seconds per policy [AI threads]]     (defaults: 2, 3)
#include <gilvm/gilvm.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lua = gilvm::embed;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kFrame = std::chrono::microseconds(16667);

// The GIL goes to the render thread whenever it asks, at once; the others
// are served first come, first served.
//
// Protocol: mutex_ guards the ticket counters and render_waiting_; held_ is
// an atomic so that the render thread may watch it without the mutex. A
// waiter sleeps on cv_ until the GIL is free and it is its turn (the render
// thread's turn is whenever it waits); release() clears held_ under mutex_
// and then wakes everyone, so no wake-up is lost. The render thread, having
// asked the holder to drop, spins on held_ for up to 200 µs before it sleeps
// (as the built-in policies do): the holder answers at its next poll, within
// microseconds, while waking a sleeping thread takes the scheduler much
// longer on a busy machine.
class FrameBudgetPolicy final : public lua::GilPolicy {
 public:
  explicit FrameBudgetPolicy(uint64_t render_thread) : render_thread_(render_thread) {}

  std::string name() const override { return "frame-budget"; }

  void acquire(lua::PolicyThread t, lua::Wake) override {
    std::unique_lock lock(mutex_);
    if (t.id() == render_thread_) {
      render_waiting_ = true;
      if (held_) {
        request_drop(t);
        lock.unlock();
        const auto until = Clock::now() + std::chrono::microseconds(200);
        while (held_.load(std::memory_order_acquire) && Clock::now() < until) {
        }
        lock.lock();
      }
      cv_.wait(lock, [&] { return !held_; });
      render_waiting_ = false;
    } else {
      const uint64_t ticket = next_ticket_++;
      while (held_ || render_waiting_ || ticket != serving_) {
        const auto interval = std::chrono::duration<double>(switch_interval());
        if (cv_.wait_for(lock, interval) == std::cv_status::timeout && ticket == serving_ &&
            held_ && !render_waiting_)
          request_drop(t);
      }
      serving_++;
    }
    held_ = true;
  }

  void release(lua::PolicyThread) override {
    {
      std::lock_guard lock(mutex_);
      held_ = false;
    }
    cv_.notify_all();
  }

  bool held() const override { return held_; }

 private:
  const uint64_t render_thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::atomic<bool> held_{false};
  bool render_waiting_ = false;
  uint64_t next_ticket_ = 0, serving_ = 0;
};

// The game: AI jobs that search a grid (CPU-bound Lua), and a frame that
// moves the entities (a little Lua at every frame boundary).
constexpr const char* kGame = R"(
  entities = {}
  for i = 1, 200 do entities[i] = {x = i, y = 0, vx = 1, vy = 0.5} end

  function frame(n)
    for _, e in ipairs(entities) do
      e.x, e.y = e.x + e.vx, e.y + e.vy
      if e.x > 640 then e.vx = -1 elseif e.x < 0 then e.vx = 1 end
    end
    return n
  end

  function ai_job(seed)
    -- Breadth-first search over a 48 x 48 grid with walls: a path-finding job.
    local size, walls, dist = 48, {}, {}
    for i = 1, size * size do walls[i] = (i * 7919 + seed) % 11 == 0 end
    local queue, head = {1}, 1
    dist[1] = 0
    while head <= #queue do
      local at = queue[head]; head = head + 1
      local x, y = (at - 1) % size, (at - 1) // size
      for _, d in ipairs({{1, 0}, {-1, 0}, {0, 1}, {0, -1}}) do
        local nx, ny = x + d[1], y + d[2]
        if nx >= 0 and nx < size and ny >= 0 and ny < size then
          local n = ny * size + nx + 1
          if not walls[n] and not dist[n] then
            dist[n] = dist[at] + 1
            queue[#queue + 1] = n
          end
        end
      end
    end
    return dist[size * size] or -1
  end
)";

struct Outcome {
  std::string policy;
  std::vector<double> frame_ms;  // frame boundary -> the frame's Lua work done
  std::vector<double> wait_ms;   // render thread awake -> holding the GIL
  long ai_jobs = 0;
  double seconds = 0;
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))];
}

// Runs the game for `seconds` with `policy` ("" for no GIL: the
// free-threaded build only), `ai_threads` AI threads and the render loop on
// this thread.
Outcome play(const std::string& policy, double seconds, int ai_threads) {
  lua::Interpreter vm;
  if (policy.empty()) {
    vm.set_gil_enabled(false);
  } else {
    vm.set_gil_enabled(true);
    if (policy == "frame-budget")
      vm.set_policy(std::make_unique<FrameBudgetPolicy>(vm.current_thread_id()));
    else
      vm.set_policy(policy);
  }
  vm.run(kGame, "=game");
  Outcome out{vm.gil_enabled() ? vm.policy_name() : "no GIL", {}, {}, 0, seconds};

  std::atomic<bool> stop{false};
  std::atomic<long> jobs{0};
  std::vector<std::thread> ai;
  for (int i = 0; i < ai_threads; i++) {
    ai.emplace_back([&, i] {
      lua::AttachThread attached(vm, "ai " + std::to_string(i + 1));
      lua::Function job = vm.get<lua::Function>("ai_job");
      for (int seed = i; !stop.load(std::memory_order_relaxed); seed += ai_threads) {
        job(seed);
        jobs.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }

  lua::Function frame = vm.get<lua::Function>("frame");
  const auto start = Clock::now();
  const auto end =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  for (long n = 1;; n++) {
    const auto boundary = start + n * kFrame;
    if (boundary > end) break;
    Clock::time_point woke;
    {
      // Between frames the render thread waits without the GIL.
      lua::AllowThreads waiting(vm);
      std::this_thread::sleep_until(boundary);
      woke = Clock::now();
    }  // back: the policy decides how soon
    const auto attached = Clock::now();
    frame(n);
    const auto done = Clock::now();
    out.wait_ms.push_back(std::chrono::duration<double, std::milli>(attached - woke).count());
    out.frame_ms.push_back(std::chrono::duration<double, std::milli>(done - boundary).count());
  }
  stop = true;
  {
    lua::AllowThreads joining(vm);
    for (auto& t : ai) t.join();
  }
  out.ai_jobs = jobs.load();
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (int status = lua::run_worker_if_requested(argc, argv); status >= 0) return status;
  const double seconds = argc > 1 ? std::atof(argv[1]) : 2.0;
  const int ai_threads = argc > 2 ? std::atoi(argv[2]) : 3;
  if (!(seconds > 0) || ai_threads < 1) {
    std::fprintf(stderr, "usage: embed_game_loop [seconds per policy [AI threads]]\n");
    return 2;
  }

  std::vector<std::string> policies{"interval", "priority", "frame-budget"};
  if (lua::Interpreter::build() == "free-threaded") policies.insert(policies.begin(), "");
  std::printf("gilvm %s build: %d AI threads, a frame every 16.7 ms, %.1f s per policy, %u cores\n",
              std::string(lua::Interpreter::build()).c_str(), ai_threads, seconds,
              std::thread::hardware_concurrency());
  std::printf("%-13s %6s | %21s | %21s | %9s\n", "", "", "frame time (ms)", "GIL wait (ms)", "");
  std::printf("%-13s %6s | %6s %6s %7s | %6s %6s %7s | %9s\n", "policy", "frames", "p50", "p99",
              "max", "p50", "p99", "max", "AI jobs/s");
  for (const std::string& policy : policies) {
    const Outcome o = play(policy, seconds, ai_threads);
    std::printf("%-13s %6zu | %6.2f %6.2f %7.2f | %6.3f %6.3f %7.3f | %9.0f\n", o.policy.c_str(),
                o.frame_ms.size(), percentile(o.frame_ms, 0.5), percentile(o.frame_ms, 0.99),
                percentile(o.frame_ms, 1.0), percentile(o.wait_ms, 0.5),
                percentile(o.wait_ms, 0.99), percentile(o.wait_ms, 1.0),
                double(o.ai_jobs) / o.seconds);
  }
  std::printf(
      "frame time: from the frame boundary until the frame's Lua work is done;\n"
      "GIL wait: from the render thread's waking until it holds the GIL (the policy's share)\n");
  return 0;
}
