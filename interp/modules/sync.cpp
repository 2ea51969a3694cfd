// modules/sync.cpp — the `sync` module: lock, queue and event for threads.
//
// Each object is a userdata holding its C++ state (a mutex and a condition
// variable); values in a queue live in a Lua table in the userdata's user
// value, so the collector sees them. The pattern is the same everywhere:
// try without waiting while attached; otherwise release the object's mutex,
// detach (every wait releases the GIL), wait on the condition variable with
// the timeout, re-attach and look again, since another thread may have got
// there first between the wake-up and the re-attach; the timeout is a
// deadline across such retries. A lock, being no VM object, is taken inside
// the detached wait, so it has no such race.
#include "interp/core/native.h"
#include "interp/modules/modules.h"

namespace gilvm {

namespace {

constexpr const char* kLockType = "sync.lock";
constexpr const char* kQueueType = "sync.queue";
constexpr const char* kEventType = "sync.event";

// --- lock ---------------------------------------------------------------------

struct Lock {
  std::mutex m;
  std::condition_variable cv;
  bool locked = false;  // under m
};

int sync_lock(ThreadState& L) {
  push_native<Lock>(L, kLockType);
  return 1;
}

int lock_acquire(ThreadState& L) {
  Lock& lk = *check_native<Lock>(L, 1, kLockType);
  const double timeout = opt_timeout(L, 2);
  {
    std::lock_guard guard(lk.m);
    if (!lk.locked) {
      lk.locked = true;
      L.push(Value::boolean(true));
      return 1;
    }
    if (timeout == 0) {
      L.push(Value::boolean(false));
      return 1;
    }
  }
  // The lock is no VM object: the wait takes it while still detached, so no
  // other thread can slip in between the wake-up and the re-attach.
  const bool took = wait_released(L, lk.m, [&](std::unique_lock<std::mutex>& lock) {
    if (!wait_detached(L, lock, lk.cv, timeout, [&] { return !lk.locked; })) return false;
    lk.locked = true;
    return true;
  });
  L.push(Value::boolean(took));
  return 1;
}

int lock_release(ThreadState& L) {
  Lock& lk = *check_native<Lock>(L, 1, kLockType);
  {
    std::lock_guard guard(lk.m);
    if (!lk.locked) L.error("release of an unlocked lock");
    lk.locked = false;
  }
  lk.cv.notify_one();
  return 0;
}

int lock_locked(ThreadState& L) {
  Lock& lk = *check_native<Lock>(L, 1, kLockType);
  std::lock_guard guard(lk.m);
  L.push(Value::boolean(lk.locked));
  return 1;
}

// --- queue ----------------------------------------------------------------------

// A ring buffer of `capacity` slots in the user value table (keys 1..capacity).
struct Queue {
  std::mutex m;
  std::condition_variable not_empty, not_full;
  int64_t maxsize = 0;  // 0: unbounded
  int64_t head = 0;     // slot index of the oldest item
  int64_t count = 0;
  int64_t capacity = 0;
  bool closed = false;
};

int sync_queue(ThreadState& L) {
  int64_t maxsize = L.opt_integer(1, 0);
  if (maxsize < 0) L.arg_error(1, "maxsize must be non-negative");
  Queue* q = push_native<Queue>(L, kQueueType);
  q->maxsize = maxsize;
  q->capacity = 8;
  L.top[-1].as_userdata()->user_value = Value::table(L.interp.new_table(uint32_t(q->capacity), 0));
  return 1;
}

Table* ring_of(ThreadState& L) {
  return L.arg(1).as_userdata()->user_value.as_table();
}

int queue_put(ThreadState& L) {
  Queue& q = *check_native<Queue>(L, 1, kQueueType);
  Value v = L.arg(2);
  const Deadline deadline(opt_timeout(L, 3));
  for (;;) {
    {
      std::lock_guard guard(q.m);
      if (q.closed) L.error("put on a closed queue");
      if (q.maxsize == 0 || q.count < q.maxsize) {
        Table* ring = ring_of(L);
        if (q.count == q.capacity) {
          // Grow: copy the items, oldest first, into a table twice the size.
          Table* bigger = L.interp.new_table(uint32_t(q.capacity * 2), 0);
          for (int64_t j = 0; j < q.count; j++)
            table_set_int(L, bigger, j + 1, table_get_int(ring, (q.head + j) % q.capacity + 1));
          L.arg(1).as_userdata()->user_value = Value::table(bigger);
          ring = bigger;
          q.head = 0;
          q.capacity *= 2;
        }
        table_set_int(L, ring, (q.head + q.count) % q.capacity + 1, v);
        q.count++;
        q.not_empty.notify_one();
        L.push(Value::boolean(true));
        return 1;
      }
    }
    const double left = deadline.remaining();
    if (left == 0) break;
    bool room = wait_released(L, q.m, [&](std::unique_lock<std::mutex>& lock) {
      return wait_detached(L, lock, q.not_full, left,
                           [&] { return q.closed || q.count < q.maxsize; });
    });
    if (!room) break;
  }
  L.push(Value());
  L.push_string("timeout");
  return 2;
}

int queue_get(ThreadState& L) {
  Queue& q = *check_native<Queue>(L, 1, kQueueType);
  const Deadline deadline(opt_timeout(L, 2));
  for (;;) {
    {
      std::lock_guard guard(q.m);
      if (q.count > 0) {
        Table* ring = ring_of(L);
        const int64_t slot = q.head + 1;
        L.push(table_get_int(ring, slot));
        table_set_int(L, ring, slot, Value());
        q.head = (q.head + 1) % q.capacity;
        q.count--;
        q.not_full.notify_one();
        return 1;
      }
      if (q.closed) {
        L.push(Value());
        L.push_string("closed");
        return 2;
      }
    }
    const double left = deadline.remaining();
    if (left == 0) break;
    bool ready = wait_released(L, q.m, [&](std::unique_lock<std::mutex>& lock) {
      return wait_detached(L, lock, q.not_empty, left, [&] { return q.closed || q.count > 0; });
    });
    if (!ready) break;
  }
  L.push(Value());
  L.push_string("timeout");
  return 2;
}

int queue_size(ThreadState& L) {
  Queue& q = *check_native<Queue>(L, 1, kQueueType);
  std::lock_guard guard(q.m);
  L.push(Value::integer(q.count));
  return 1;
}

int queue_close(ThreadState& L) {
  Queue& q = *check_native<Queue>(L, 1, kQueueType);
  {
    std::lock_guard guard(q.m);
    q.closed = true;
  }
  q.not_empty.notify_all();
  q.not_full.notify_all();
  return 0;
}

// --- event ----------------------------------------------------------------------

struct Event {
  std::mutex m;
  std::condition_variable cv;
  bool set = false;
};

int sync_event(ThreadState& L) {
  push_native<Event>(L, kEventType);
  return 1;
}

int event_set(ThreadState& L) {
  Event& e = *check_native<Event>(L, 1, kEventType);
  {
    std::lock_guard guard(e.m);
    e.set = true;
  }
  e.cv.notify_all();
  return 0;
}

int event_clear(ThreadState& L) {
  Event& e = *check_native<Event>(L, 1, kEventType);
  std::lock_guard guard(e.m);
  e.set = false;
  return 0;
}

int event_is_set(ThreadState& L) {
  Event& e = *check_native<Event>(L, 1, kEventType);
  std::lock_guard guard(e.m);
  L.push(Value::boolean(e.set));
  return 1;
}

int event_wait(ThreadState& L) {
  Event& e = *check_native<Event>(L, 1, kEventType);
  const double timeout = opt_timeout(L, 2);
  {
    std::lock_guard guard(e.m);
    if (e.set || timeout == 0) {
      L.push(Value::boolean(e.set));
      return 1;
    }
  }
  bool set = wait_released(L, e.m, [&](std::unique_lock<std::mutex>& lock) {
    return wait_detached(L, lock, e.cv, timeout, [&] { return e.set; });
  });
  L.push(Value::boolean(set));
  return 1;
}

}  // namespace

void open_sync_lib(Interpreter& I) {
  I.new_module("sync", {{"lock", sync_lock}, {"queue", sync_queue}, {"event", sync_event}});
  new_native_type(I, kLockType,
                  {{"acquire", lock_acquire}, {"release", lock_release}, {"locked", lock_locked}});
  new_native_type(
      I, kQueueType,
      {{"put", queue_put}, {"get", queue_get}, {"size", queue_size}, {"close", queue_close}});
  new_native_type(
      I, kEventType,
      {{"set", event_set}, {"clear", event_clear}, {"is_set", event_is_set}, {"wait", event_wait}});
}

}  // namespace gilvm
