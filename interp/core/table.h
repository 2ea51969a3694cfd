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

// Raw set. Raises "index is nil" / "index is NaN" through L for bad keys.
void table_set(ThreadState& L, Table* t, const Value& key, const Value& val);
void table_set_int(ThreadState& L, Table* t, int64_t key, const Value& val);
void table_set_str(ThreadState& L, Table* t, String* key, const Value& val);

// Stores val only where the key already has a (non-nil) value, and says
// whether it did: the VM's fast path for assignments, which must look for
// __newindex when the key is absent.
bool table_replace(Table* t, const Value& key, const Value& val);
bool table_replace_int(Table* t, int64_t key, const Value& val);
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
