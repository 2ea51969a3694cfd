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
// Weak tables (a metatable whose __mode has 'k' and/or 'v') are traversed
// without marking what is weak and listed; once marking is complete their
// entries whose weak key or value is unmarked are removed (strings are
// values, never removed). Weak keys are ephemerons: a value is marked only
// once its key is, so the weak-keyed tables are revisited until a pass marks
// nothing more.
//
// Finalizers follow Lua 5.4 (manual §2.5.3, §2.5.4). setmetatable marks an
// object for finalization when the metatable has __gc at that moment
// (check_finalizer). After marking, weak values are cleared, then the
// marked-for-finalization objects that are unreachable move, newest first,
// to the finalizer queue and are marked again with all they reach
// (resurrected for this cycle); weak keys are cleared after that, and weak
// values once more for tables only the resurrection reached. The queue is a
// root until each __gc has run; an object is freed by a later cycle that
// finds it unreachable again. Finalizers run after the collection, on the
// collecting thread through the ordinary call path (with the world started
// again in the free-threaded build), one thread at a time: a collection
// inside a finalizer leaves its own for that thread's loop.
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
#include <string>

#include "interp/core/state.h"
#include "interp/core/table.h"
#include "interp/core/vm.h"

namespace gilvm {

void free_string(Interpreter& I, String* s);

namespace {

constexpr size_t kMinThreshold = size_t(1) << 20;

// What a table's __mode makes weak.
enum class Weakness { kNone, kValues, kKeys, kBoth };

class Marker {
 public:
  explicit Marker(Interpreter& interp) : interp_(interp) {}

  void mark(GCObject* o) {
    if (o && !o->marked) {
      o->marked = 1;
      marks_++;
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
  // Drains, then revisits the weak-keyed tables, marking the values whose
  // keys are marked now, until a pass marks nothing new (a value may reach
  // another table's key). Tables found meanwhile join the list.
  void converge(GCObject* all) {
    drain(all);
    for (;;) {
      const size_t before = marks_;
      for (size_t i = 0; i < ephemerons_.size(); i++) {
        mark_ephemeron_values(ephemerons_[i]);
        drain(all);
      }
      if (marks_ == before) return;
    }
  }
  // Removes the entries whose weak value (or weak key) is unmarked.
  void clear_weak_values() {
    for (Table* t : weak_values_) clear_values(t);
    for (Table* t : all_weak_) clear_values(t);
  }
  void clear_weak_keys() {
    for (Table* t : ephemerons_) clear_keys(t);
    for (Table* t : all_weak_) clear_keys(t);
  }

 private:
  Weakness weakness(const Table* t) const {
    const std::optional<Value> mode = fast_metamethod(interp_, t->metatable, TM::Mode);
    if (!mode || !mode->is_string()) return Weakness::kNone;
    const std::string_view m = mode->as_string()->view();
    const bool keys = m.find('k') != m.npos, values = m.find('v') != m.npos;
    if (keys) return values ? Weakness::kBoth : Weakness::kKeys;
    return values ? Weakness::kValues : Weakness::kNone;
  }

  // A key or value that a weak entry keeps: not an object, a string (a
  // value, as in Lua: marked here if it was not), or a marked object.
  bool survives(const Value& v) {
    if (!v.is_collectable()) return true;
    if (v.tag == Tag::String) {
      v.gc->marked = 1;  // strings reach nothing: no traversal needed
      return true;
    }
    return v.gc->marked;
  }

  static void remove_entry(Table::Node& n) {
    n.val = Value();
    if (is_collectable(n.key.tag)) n.key.tag = Tag::DeadKey;  // kept for identity, as in traverse
  }
  void clear_values(Table* t) {
    for (uint32_t i = 0; i < t->array_size; i++)
      if (!survives(t->array[i])) t->array[i] = Value();
    for (uint32_t i = 0; i < t->node_count(); i++) {
      Table::Node& n = t->nodes[i];
      if (!n.val.is_nil() && !survives(n.val)) remove_entry(n);
    }
  }
  void clear_keys(Table* t) {
    for (uint32_t i = 0; i < t->node_count(); i++) {
      Table::Node& n = t->nodes[i];
      if (!n.val.is_nil() && !survives(n.key.value())) remove_entry(n);
    }
  }
  void mark_ephemeron_values(Table* t) {
    for (uint32_t i = 0; i < t->node_count(); i++) {
      Table::Node& n = t->nodes[i];
      if (!n.val.is_nil() && survives(n.key.value())) mark(n.val);
    }
  }

  // Lists a weak table for clearing; false (then it is traversed as a
  // strong one, which keeps more but is never wrong) if the list cannot grow.
  bool list_weak(Table* t, Weakness w) {
    std::vector<Table*>& list = w == Weakness::kValues ? weak_values_
                                : w == Weakness::kKeys ? ephemerons_
                                                       : all_weak_;
    try {
      list.push_back(t);
      return true;
    } catch (const std::bad_alloc&) {
      return false;
    }
  }

  void traverse_table(Table* t) {
    mark(t->metatable);
    Weakness w = weakness(t);
    if (w != Weakness::kNone && !list_weak(t, w)) w = Weakness::kNone;
    const bool strong_values = w == Weakness::kNone || w == Weakness::kKeys;
    // The array part's keys are integers: only weak values make it weak.
    if (strong_values)
      for (uint32_t i = 0; i < t->array_size; i++) mark(t->array[i]);
    for (uint32_t i = 0; i < t->node_count(); i++) {
      Table::Node& n = t->nodes[i];
      if (n.val.is_nil()) {
        // A removed entry keeps its key only for identity (next, chains).
        if (is_collectable(n.key.tag)) n.key.tag = Tag::DeadKey;
        continue;
      }
      switch (w) {
        case Weakness::kNone:
          mark(n.key.value());
          mark(n.val);
          break;
        case Weakness::kValues: mark(n.key.value()); break;
        case Weakness::kKeys:
          if (survives(n.key.value())) mark(n.val);
          break;
        case Weakness::kBoth: break;
      }
    }
  }

  void traverse(GCObject* o) {
    switch (o->type) {
      case ObjType::String: break;
      case ObjType::Table: traverse_table(static_cast<Table*>(o)); break;
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

  Interpreter& interp_;  // its metamethod names and lookups (__mode)
  std::vector<GCObject*> gray_;
  bool overflowed_ = false;  // an object is marked but was never queued
  size_t marks_ = 0;         // objects marked so far
  std::vector<Table*> weak_values_, ephemerons_, all_weak_;
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
  Marker m(*this);
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
  {
    Locked hold(finalizer_lock_);
    for (GCObject* o : to_finalize_) m.mark(o);
  }
  // A host's thread that is joining links its thread state onto all_objects
  // (link(), under objects_lock_) without being one of the stopped threads:
  // the list is read and swept under the same lock.
  {
    Locked objects_hold(objects_lock_);
    m.converge(all_objects);
    // Weak values go before the resurrection below, so that a finalizer
    // cannot find its object (or what only it reached) in a weak value.
    m.clear_weak_values();
    // The unreachable objects marked for finalization move, newest first,
    // to the queue and are marked with all they reach. One the queue has no
    // room for stays marked for finalization, alive, for a later cycle.
    {
      Locked hold(finalizer_lock_);
      size_t kept = finalizable_.size();
      for (size_t i = finalizable_.size(); i-- > 0;) {
        GCObject* o = finalizable_[i];
        if (!o->marked) {
          m.mark(o);
          try {
            to_finalize_.push_back(o);
            continue;
          } catch (const std::bad_alloc&) {
            // no room: kept below, marked, for a later cycle
          }
        }
        finalizable_[--kept] = o;  // still marked for finalization, order kept
      }
      finalizable_.erase(finalizable_.begin(), finalizable_.begin() + ptrdiff_t(kept));
    }
    m.converge(all_objects);
    // Weak keys go after it: a resurrected key stays until a later cycle.
    m.clear_weak_keys();
    m.clear_weak_values();  // tables that only the resurrection reached

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
  step_credit_bytes_.store(0, std::memory_order_relaxed);
  gil.trace_collection(by.os->gil, began, gil::now());
  if (stop_world) gil.start_the_world(by.os->gil);
  run_pending_finalizers(by);
}

void Interpreter::check_finalizer(GCObject* o, const Table* mt) {
  if (!mt || table_knows_absent(mt, unsigned(TM::Gc)) ||
      table_get_str(mt, tm_names[size_t(TM::Gc)]).is_nil())
    return;
  Locked hold(finalizer_lock_);  // the finalizer runner writes o->finalizable too
  if (o->finalizable || closing_) return;
  finalizable_.push_back(o);  // may throw bad_alloc: setmetatable fails, nothing is marked
  o->finalizable = 1;
}

namespace {

// Lua's warning for an error in a finalizer: "error in __gc (message)".
void warn_finalizer_error(Interpreter& I, const Value& err) {
  const std::string_view message =
      err.tag == Tag::String ? err.as_string()->view() : "error object is not a string";
  I.warning({"error in ", "__gc", " (", message, ")"});
}

}  // namespace

void Interpreter::run_pending_finalizers(ThreadState& L) {
  auto pending = [this] {
    Locked hold(finalizer_lock_);
    return !to_finalize_.empty();
  };
  ThreadState* idle = nullptr;
  while (pending() && finalizing_.compare_exchange_strong(idle, &L)) {
    // Above every live value: at an eval-breaker poll L.top may lie below
    // the running Lua frame's registers.
    Value* const saved_top = L.top;
    if (L.ci->is_lua() && L.ci->top > L.top) L.top = L.ci->top;
    bool no_room = false;
    for (;;) {
      if (L.top + 2 > L.stack_last) {
        no_room = true;  // a later collection's caller runs them
        break;
      }
      Value* func = L.top;
      GCObject* o;
      {
        // No safe point until it is on the stack: no collection can miss it.
        Locked hold(finalizer_lock_);
        if (to_finalize_.empty()) break;
        o = to_finalize_.front();
        to_finalize_.pop_front();
        o->finalizable = 0;  // an ordinary object again: setmetatable may mark it anew
      }
      const Value object = o->type == ObjType::Table ? Value::table(static_cast<Table*>(o))
                                                     : Value::userdata(static_cast<Userdata*>(o));
      const Value finalizer = L.metamethod(object, TM::Gc);
      if (finalizer.is_nil()) continue;  // __gc removed since: nothing to call, as in Lua
      L.push(finalizer);
      L.push(object);
      if (!L.pcall(func, 0)) warn_finalizer_error(*this, *func);
      L.top = func;
    }
    L.top = saved_top;
    finalizing_.store(nullptr, std::memory_order_release);
    if (no_room) return;
  }
}

void Interpreter::finalize_all(ThreadState& L) {
  {
    Locked hold(finalizer_lock_);
    closing_ = true;
    for (size_t i = finalizable_.size(); i-- > 0;) {
      finalizable_[i]->finalizable = 0;
      to_finalize_.push_back(finalizable_[i]);
    }
    finalizable_.clear();
  }
  run_pending_finalizers(L);
}

// A basic step counts as the work Lua's takes at its default settings:
// 2^13 / sizeof(TValue) units of work times a step multiplier of 100.
bool Interpreter::step_garbage(ThreadState& by, int64_t kb) {
  constexpr size_t kBasicStepBytes = (size_t(1) << 13) / 16 * 100;
  const size_t work = kb == 0 ? kBasicStepBytes : kb > 0 ? size_t(kb) * 1024 : 0;
  const size_t credit = step_credit_bytes_.fetch_add(work, std::memory_order_relaxed) + work;
  if (bytes_in_use() + credit < gc_threshold.load(std::memory_order_relaxed)) return false;
  collect_garbage(by);
  return true;
}

}  // namespace gilvm
