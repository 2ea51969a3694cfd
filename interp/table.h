// table.h — raw table operations (no metamethods). The VM and the library
// go through these; metamethod-aware access is on ThreadState.
#pragma once

#include <cstdint>

#include "object.h"

namespace gilvm {

class Interpreter;
class ThreadState;

// Raw get: nil when absent.
const Value* table_get(const Table* t,
                       const Value& key);  // never null: points at a nil when absent
const Value* table_get_int_in_hash(const Table* t, int64_t key);
inline const Value* table_get_int(const Table* t, int64_t key) {
  if (uint64_t(key) - 1 < t->array_size) return &t->array[key - 1];
  return table_get_int_in_hash(t, key);
}
const Value* table_get_str(const Table* t, const String* key);  // short or long string

// Raw set. Raises "index is nil" / "index is NaN" through L for bad keys.
void table_set(ThreadState& L, Table* t, const Value& key, const Value& val);
void table_set_int(ThreadState& L, Table* t, int64_t key, const Value& val);
void table_set_str(ThreadState& L, Table* t, String* key, const Value& val);

// A border of t (the length operator without __len). Caches the border it
// finds in the array part, hence the non-const table.
int64_t table_length(Table* t);

// Traversal: given the previous key (nil to start) stores the next key and
// value and returns true, or returns false at the end. Raises "invalid key to
// 'next'" for a key that is not in the table.
bool table_next(ThreadState& L, const Table* t, Value* key, Value* val);

// Grows the array part to at least n slots (for table.move, SETLIST, etc.).
void table_reserve_array(Interpreter& I, Table* t, uint32_t n);

// Gives a new table its initial parts (called by Interpreter::new_table).
void table_init_parts(Interpreter& I, Table* t, uint32_t array_size, uint32_t hash_size);

// Frees the table's parts (called by the collector).
void table_free_parts(Interpreter& I, Table* t);
size_t table_size_bytes(const Table* t);

}  // namespace gilvm
