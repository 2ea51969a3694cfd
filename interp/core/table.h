// table.h — raw table operations (no metamethods). The VM and the library
// go through these; metamethod-aware access is on ThreadState.
//
// Reads return values, not pointers into the table: in the free-threaded
// build another thread may move or change the slot the moment the read is
// over (table.cpp tells how reads and writes meet without a GIL).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "interp/core/ft.h"
#include "interp/core/object.h"

namespace gilvm {

class Interpreter;
class ThreadState;

// Raw get: nil when absent.
Value table_get(const Table* t, const Value& key);
Value table_get_int_slow(const Table* t, int64_t key);
inline Value table_get_int(const Table* t, int64_t key) {
#ifndef GILVM_FREE_THREADED
  // Keys up to the border hint are in the array part; above it the lookup
  // may have to raise the hint (table.cpp).
  if (uint64_t(key) - 1 < t->border_hint) return t->array[key - 1];
#endif
  return table_get_int_slow(t, key);
}
Value table_get_str(const Table* t, const String* key);  // short or long string

// Lookups of a string key with a hint (an instruction's inline cache,
// FieldHint): *hint is the node index where the key was last found. The node
// there is used only when it holds this very key (the same string object),
// else the full lookup runs and the hint is updated (if it fits); so a rehash, a deleted
// key or another table at the same instruction costs a full lookup, never a
// wrong answer. Without a GIL the hint is a relaxed atomic and the node is
// read under the table's read protocol (table.cpp), as table_get_str reads.
Value table_get_str_hinted_slow(const Table* t, const String* key, NodeHint* hint);
bool table_replace_str_hinted_slow(Table* t, const String* key, const Value& val, NodeHint* hint);

// The node at hint when it holds key: the GIL build's inline fast path.
inline Table::Node* table_node_at_hint(const Table* t, const String* key, NodeHint hint) {
  Table::Node* nodes = t->nodes;
  if (!nodes || hint > t->node_mask) return nullptr;
  Table::Node* n = &nodes[hint];
  return n->key.tag == Tag::String && n->key.gc == key ? n : nullptr;
}

// table_get_str with a hint.
inline Value table_get_str_hinted(const Table* t, const String* key, NodeHint* hint) {
#ifndef GILVM_FREE_THREADED
  if (const Table::Node* n = table_node_at_hint(t, key, *hint)) return n->val;
#endif
  return table_get_str_hinted_slow(t, key, hint);
}

// table_replace_str with a hint.
inline bool table_replace_str_hinted(Table* t, const String* key, const Value& val,
                                     NodeHint* hint) {
#ifndef GILVM_FREE_THREADED
  Table::Node* n = table_node_at_hint(t, key, *hint);
  if (n && !n->val.is_nil()) {
    n->val = val;
    if (t->absent_metamethods) t->absent_metamethods = 0;  // as table_replace_str
    return true;
  }
#endif
  return table_replace_str_hinted_slow(t, key, val, hint);
}

// Raw set. Raises "index is nil" / "index is NaN" through L for bad keys.
void table_set(ThreadState& L, Table* t, const Value& key, const Value& val);
void table_set_int_slow(ThreadState& L, Table* t, int64_t key, const Value& val);
inline void table_set_int(ThreadState& L, Table* t, int64_t key, const Value& val) {
#ifndef GILVM_FREE_THREADED
  // A key up to the border hint has its slot in the array part, holding a
  // value or not (the reserved capacity a rehash left): store there. The
  // hint needs no raising, and the parts keep Lua's sizes: a key past the
  // array part still goes to table.cpp, which rehashes when Lua would.
  if (uint64_t(key) - 1 < t->border_hint) {
    t->array[key - 1] = val;
    return;
  }
#endif
  table_set_int_slow(L, t, key, val);
}
void table_set_str(ThreadState& L, Table* t, String* key, const Value& val);

// Stores val only where the key already has a (non-nil) value, and says
// whether it did: the VM's fast path for assignments, which must look for
// __newindex when the key is absent.
bool table_replace(Table* t, const Value& key, const Value& val);
bool table_replace_int_slow(Table* t, int64_t key, const Value& val);
inline bool table_replace_int(Table* t, int64_t key, const Value& val) {
#ifndef GILVM_FREE_THREADED
  if (uint64_t(key) - 1 < t->border_hint) {
    Value& slot = t->array[key - 1];
    if (slot.is_nil()) return false;  // absent: the caller looks for __newindex
    slot = val;
    return true;
  }
#endif
  return table_replace_int_slow(t, key, val);
}
bool table_replace_str(Table* t, const String* key, const Value& val);

// Stores values[0..n) at integer keys first..first+n-1 (SETLIST).
void table_store_list(Interpreter& I, Table* t, uint32_t first, const Value* values, int n);

// A border of t (the length operator without __len).
int64_t table_length(const Table* t);

// Traversal: given the previous key (nil to start) stores the next key and
// value and returns true, or returns false at the end. Raises "invalid key to
// 'next'" for a key that is not in the table (without a GIL also for a key
// that another thread's rehash dropped while this one was traversing, as
// Python raises for a dict that changed size during iteration).
bool table_next(ThreadState& L, const Table* t, Value* key, Value* val);

// All of a table's entries at one moment: the non-nil prefix of its array
// part (keys 1..n), then every other pair (for the marshaller).
void table_snapshot(const Table* t, std::vector<Value>* prefix,
                    std::vector<std::pair<Value, Value>>* pairs);

// Sets or clears a metatable (setmetatable, native types).
void table_set_metatable(Table* t, Table* mt);

// A table's metatable. Without a GIL another thread may be setting it (with
// table_set_metatable's release store): read it with the matching acquire.
inline Table* table_metatable(const Table* t) {
  if constexpr (kFreeThreaded)
    return __atomic_load_n(&t->metatable, __ATOMIC_ACQUIRE);
  else
    return t->metatable;
}

// The metamethod-absence cache (Table::absent_metamethods), read and set by
// lookups and cleared by writes, from any thread.
inline bool table_knows_absent(const Table* mt, unsigned event) {
  return __atomic_load_n(&mt->absent_metamethods, __ATOMIC_RELAXED) & (1u << event);
}
inline void table_note_absent(Table* mt, unsigned event) {
  if constexpr (kFreeThreaded)
    __atomic_fetch_or(&mt->absent_metamethods, uint8_t(1u << event), __ATOMIC_RELAXED);
  else
    mt->absent_metamethods |= uint8_t(1u << event);
}

// Gives a new table its initial parts (called by Interpreter::new_table).
void table_init_parts(Interpreter& I, Table* t, uint32_t array_size, uint32_t hash_size);

// Frees the table's parts (called by the collector).
void table_free_parts(Interpreter& I, Table* t);
size_t table_size_bytes(const Table* t);

}  // namespace gilvm
