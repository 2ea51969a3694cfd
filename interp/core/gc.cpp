// gc.cpp — the tracing mark-and-sweep collector.
//
// A collection runs to completion at a safe point (never inside an
// allocation): an eval-breaker poll in the dispatch loop, or an explicit
// collectgarbage call, in whichever thread holds the GIL. Every other thread
// is then either waiting for the GIL at a safe point of its own or detached
// in a native that touches no VM object, so its stacks can be scanned (and
// their stale slots cleared) as if they were ours. The roots are the
// interpreter's own tables and every OS thread's own state and handle. A
// thread state (an OS thread's or a coroutine's) is traversed like any other
// object: the live part of its value stack, its open upvalues, its pending
// error value and, before it starts, its body. Marking uses an explicit gray stack, so deep
// structures cannot overflow the C++ stack. A collection cannot fail half
// way (its marks would be wrong), so when memory runs out and the gray stack
// cannot grow, the object that did not fit stays marked but unqueued, and
// the marker then walks every object, traversing the marked ones again
// until no push fails. Interned strings are weak: the sweep unlinks dead
// ones from the interning table before freeing them.
//
// Allocation only counts bytes; when the count passes the threshold it sets
// the eval breaker's kGcRequested bit and the next safe point collects. After
// a collection the threshold is twice the surviving bytes (Lua's default
// pause of 200%), so memory stays within a constant factor of the live data.
//
// Without a GIL (the free-threaded build) the collecting thread first stops
// the world (Gil::stop_the_world): every other thread is then detached, or
// parked at an eval-breaker poll of its own, and none attaches until the
// collection ends, which is the state the paragraph above relies on. Each
// thread links the objects it makes to a list of its own, spliced into
// all_objects here; the table parts that writers replaced since the last
// collection (retired, because an optimistic reader might still have been
// reading them) are freed here too, now that no thread is inside a read.
#include <cstdlib>
#include <new>

#include "interp/core/state.h"
#include "interp/core/table.h"

namespace gilvm {

void free_string(Interpreter& I, String* s);

namespace {

constexpr size_t kMinThreshold = size_t(1) << 20;

class Marker {
 public:
  void mark(GCObject* o) {
    if (o && !o->marked) {
      o->marked = 1;
      // Once a push has failed, a full stack is not asked to grow again.
      if (overflowed_ && gray_.size() == gray_.capacity()) return;
      try {
        gray_.push_back(o);
      } catch (const std::bad_alloc&) {
        overflowed_ = true;
      }
    }
  }
  void mark(const Value& v) {
    if (v.is_collectable()) mark(v.gc);
  }
  // Traverses until every marked object among `all` has been traversed.
  // Each overflow leaves one more object marked, so the rescans end.
  void drain(GCObject* all) {
    for (;;) {
      while (!gray_.empty()) {
        GCObject* o = gray_.back();
        gray_.pop_back();
        traverse(o);
      }
      if (!overflowed_) return;
      overflowed_ = false;
      for (GCObject* o = all; o; o = o->next_object)
        if (o->marked) traverse(o);  // marking what is marked already is a no-op
    }
  }

 private:
  void traverse(GCObject* o) {
    switch (o->type) {
      case ObjType::String: break;
      case ObjType::Table: {
        auto* t = static_cast<Table*>(o);
        mark(t->metatable);
        for (uint32_t i = 0; i < t->array_size; i++) mark(t->array[i]);
        for (uint32_t i = 0; i < t->node_count(); i++) {
          Table::Node& n = t->nodes[i];
          if (n.val.is_nil()) {
            // A removed entry keeps its key only for identity (next, chains).
            if (is_collectable(n.key.tag)) n.key.tag = Tag::DeadKey;
          } else {
            mark(n.key.value());
            mark(n.val);
          }
        }
        break;
      }
      case ObjType::Proto: {
        auto* p = static_cast<Proto*>(o);
        mark(p->source);
        for (const Value& k : p->constants) mark(k);
        for (const UpvalDesc& u : p->upvalues) mark(u.name);
        for (Proto* child : p->protos) mark(child);
        for (const LocVar& lv : p->locvars) mark(lv.name);
        break;
      }
      case ObjType::UpVal: mark(*static_cast<UpVal*>(o)->v); break;
      case ObjType::LClosure: {
        auto* c = static_cast<LClosure*>(o);
        mark(c->proto);
        for (int i = 0; i < c->num_upvalues; i++) mark(c->upvals[i]);
        break;
      }
      case ObjType::NClosure: {
        auto* c = static_cast<NClosure*>(o);
        for (int i = 0; i < c->num_upvalues; i++) mark(c->upvalues[i]);
        break;
      }
      case ObjType::Userdata: {
        auto* u = static_cast<Userdata*>(o);
        mark(u->metatable);
        mark(u->user_value);
        break;
      }
      case ObjType::Thread: traverse_thread(*static_cast<ThreadState*>(o)); break;
    }
  }

  void traverse_thread(ThreadState& L);

  std::vector<GCObject*> gray_;
  bool overflowed_ = false;  // an object is marked but was never queued
};

// The live part of a thread's stack ends at L.top or, if the innermost frame
// is a Lua function (polling the eval breaker, where L.top may be stale), at
// that frame's top. Every outer frame is calling: its live values lie below
// the function it called, as in Lua (registers above a call are its
// temporaries), and a native's below the next frame too. Frame tops beyond
// that only reserve room; counting them would keep alive what finished calls
// left there.
Value* live_stack_top(const ThreadState& L) {
  Value* live = L.top;
  if (L.ci->is_lua() && L.ci->top > live) live = L.ci->top;
  return live;
}

void Marker::traverse_thread(ThreadState& L) {
  mark(L.body);
  mark(L.error_value);
  mark(L.hook);
  if (!L.stack) return;  // not started, or its memory is gone
  Value* live = live_stack_top(L);
  for (Value* v = L.stack; v < live; v++) mark(*v);
  // Slots above the live part may hold values the sweep is about to free.
  L.clear_stale_slots(live);
  for (UpVal* uv = L.open_upvals; uv; uv = uv->next_open) mark(uv);
}

size_t object_bytes(GCObject* o) {
  switch (o->type) {
    case ObjType::String: return 0;  // freed by free_string
    case ObjType::Table: return table_size_bytes(static_cast<Table*>(o));
    case ObjType::Proto: return sizeof(Proto);
    case ObjType::UpVal: return sizeof(UpVal);
    case ObjType::LClosure: return LClosure::bytes(static_cast<LClosure*>(o)->num_upvalues);
    case ObjType::NClosure: return NClosure::bytes(static_cast<NClosure*>(o)->num_upvalues);
    case ObjType::Userdata: return Userdata::bytes(static_cast<Userdata*>(o)->size);
    case ObjType::Thread: return sizeof(ThreadState);
  }
  return 0;
}

void free_object(Interpreter& I, GCObject* o) {
  switch (o->type) {
    case ObjType::String: free_string(I, static_cast<String*>(o)); return;
    case ObjType::Table: {
      auto* t = static_cast<Table*>(o);
      table_free_parts(I, t);
      I.release(t, sizeof(Table));
      return;
    }
    case ObjType::Proto: {
      auto* p = static_cast<Proto*>(o);
      p->~Proto();
      I.release(p, sizeof(Proto));
      return;
    }
    case ObjType::Userdata: {
      auto* u = static_cast<Userdata*>(o);
      if (u->finalizer) u->finalizer(u);
      I.release(u, object_bytes(u));
      return;
    }
    case ObjType::Thread: {
      auto* L = static_cast<ThreadState*>(o);
      L->~ThreadState();
      I.release(L, sizeof(ThreadState));
      return;
    }
    default: I.release(o, object_bytes(o)); return;
  }
}

}  // namespace

// Frees every unmarked object and unmarks the others: a collection's sweep,
// and at the interpreter's end, with nothing marked, the freeing of all.
//
// A dead thread state closes its open upvalues when it is freed (their values
// move into them, for the closures that still use them). Those upvalues may
// be dead too, and earlier in the list: an open one is freed only after the
// walk, when every dead thread state has closed its own. (A live thread state
// marks its open upvalues, so an unmarked open upvalue's state is dead too.)
void sweep_objects(Interpreter& I) {
  GCObject* open_upvalues = nullptr;
  GCObject** link = &I.all_objects;
  while (GCObject* o = *link) {
    if (o->marked) {
      o->marked = 0;
      link = &o->next_object;
      continue;
    }
    *link = o->next_object;
    if (o->type == ObjType::UpVal && static_cast<UpVal*>(o)->is_open()) {
      o->next_object = open_upvalues;
      open_upvalues = o;
    } else {
      free_object(I, o);
    }
  }
  while (GCObject* o = open_upvalues) {
    open_upvalues = o->next_object;
    free_object(I, o);
  }
}

namespace {

inline void request_collection_if_due(Interpreter& I) {
  if (I.bytes_in_use() > I.gc_threshold.load(std::memory_order_relaxed) &&
      I.gc_running.load(std::memory_order_relaxed) &&
      !I.eval_breaker.is_set(gil::EvalBreaker::kGcRequested))
    I.eval_breaker.set(gil::EvalBreaker::kGcRequested);
}

}  // namespace

void* Interpreter::allocate(size_t bytes) {
  void* p = std::malloc(bytes ? bytes : 1);
  if (!p) throw std::bad_alloc();
  add_bytes(ptrdiff_t(bytes));
  request_collection_if_due(*this);
  return p;
}

void* Interpreter::reallocate(void* p, size_t old_bytes, size_t new_bytes) {
  void* q = std::realloc(p, new_bytes ? new_bytes : 1);
  if (!q) throw std::bad_alloc();
  add_bytes(ptrdiff_t(new_bytes) - ptrdiff_t(old_bytes));
  request_collection_if_due(*this);
  return q;
}

void Interpreter::release(void* p, size_t bytes) {
  add_bytes(-ptrdiff_t(bytes));
  std::free(p);
}

void Interpreter::retire(void* p, size_t bytes) {
  if constexpr (kFreeThreaded) {
    // Alone, or under a GIL, nobody can be reading it.
    if (!gil.enabled() && !only_thread()) {
      Locked hold(retired_lock_);
      try {
        retired_.push_back({p, bytes});
      } catch (const std::bad_alloc&) {
        // Out of memory: the block leaks rather than being freed under a
        // reader, and the table resize that retires it does not fail.
      }
      return;
    }
  }
  release(p, bytes);
}

void Interpreter::collect_garbage(ThreadState& by) {
  // Without a GIL, first make every other thread stop at a safe point (or
  // stay detached): from then on this is the GIL build's collection.
  const bool stop_world = kFreeThreaded && !gil.enabled();
  if (stop_world && !gil.stop_the_world(by.os->gil)) return;  // another thread collected
  const gil::Ticks began = gil::now();
  eval_breaker.clear(gil::EvalBreaker::kGcRequested);
  // A host's thread may be joining `threads` meanwhile (detached: it makes
  // no objects yet), so the list is read under its mutex.
  std::unique_lock threads_lock(registry_mutex);
  if constexpr (kFreeThreaded) {
    // Every object is on all_objects for the sweep (with --gil=on too: the
    // threads waiting for the GIL make none meanwhile).
    for (OsThread* t : threads) adopt_objects(*t);
    // No thread can be inside an optimistic read now: the parts they might
    // have been reading can go.
    for (auto [p, bytes] : retired_) release(p, bytes);
    retired_.clear();
  }
  Marker m;
  m.mark(globals);
  m.mark(loaded);
  m.mark(registry);
  for (Table* mt : type_metatables) m.mark(mt);
  for (String* s : tm_names) m.mark(s);
  m.mark(str_name_field);
  m.mark(str_memory_error);
  for (OsThread* t : threads) {
    m.mark(t->base);
    m.mark(t->handle);
  }
  threads_lock.unlock();
  // A host's thread that is joining links its thread state onto all_objects
  // (link(), under objects_lock_) without being one of the stopped threads:
  // the list is read and swept under the same lock.
  {
    Locked objects_hold(objects_lock_);
    m.drain(all_objects);

    // Unlink dead interned strings, then sweep the object list.
    for (StringTable& shard : strings) {
      for (String*& head : shard.buckets) {
        String** link = &head;
        while (*link) {
          if (!(*link)->marked) {
            *link = (*link)->hash_next;
            shard.count--;
          } else {
            link = &(*link)->hash_next;
          }
        }
      }
    }
    sweep_objects(*this);
  }
  gc_threshold.store(std::max(kMinThreshold, bytes_in_use() * 2), std::memory_order_relaxed);
  gil.trace_collection(by.os->gil, began, gil::now());
  if (stop_world) gil.start_the_world(by.os->gil);
}

}  // namespace gilvm
