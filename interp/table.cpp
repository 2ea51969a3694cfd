// table.cpp — tables: an array part and a chained scatter hash part.
//
// Keys 1..array_size live in the array part; every other key lives in the
// node array. A key's main position is its hash modulo the node count.
// Colliding keys are chained through NodeKey::next offsets, and all chains
// live inside the node array (no allocation per key). When a new key finds
// its main position taken by a key that is *not* in its own main position,
// the intruder moves to a free node (Brent's variation), so every chain
// starts at its own main position.
//
// Free nodes are handed out downwards from last_free; when none is left the
// table is rehashed: all integer keys are counted to choose the largest array
// size n such that more than n/2 of the slots 1..n would be used, and the rest
// go to a hash part of the next power of two.
//
// Float keys with an integer value are stored as integers, so t[1] and
// t[1.0] are the same field.
#include <bit>
#include <cstring>

#include "number.h"
#include "state.h"
#include "table.h"

namespace gilvm {

namespace {

using Node = Table::Node;

const Value kAbsent;  // what lookups return for a missing key

constexpr int kMaxArrayBits = 30;

inline uint32_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return uint32_t(x);
}

inline uint32_t hash_of(const Value& key) {
  switch (key.tag) {
    case Tag::String: return string_hash(key.as_string());
    case Tag::False:
    case Tag::True: return uint32_t(key.tag);
    default: return mix64(uint64_t(key.i));  // integers, floats and pointers by their bits
  }
}

inline Node* main_position(const Table* t, const Value& key) {
  return &t->nodes[hash_of(key) & t->node_mask];
}

inline bool key_matches(const Table::NodeKey& k, const Value& key) {
  if (k.tag != key.tag) return false;
  switch (key.tag) {
    case Tag::Float: return k.n == key.n;
    case Tag::String: return string_equal(static_cast<String*>(k.gc), key.as_string());
    case Tag::False:
    case Tag::True: return true;
    default: return k.i == key.i;
  }
}

// Normalizes a float key with an integer value to an integer key.
inline Value normalize_key(const Value& key) {
  int64_t k;
  if (key.tag == Tag::Float && float_to_integer(key.n, &k)) return Value::integer(k);
  return key;
}

Value* find_in_hash(const Table* t, const Value& key) {
  if (!t->nodes) return nullptr;
  Node* n = main_position(t, key);
  for (;;) {
    if (key_matches(n->key, key)) return &n->val;
    if (n->key.next == 0) return nullptr;
    n += n->key.next;
  }
}

size_t array_bytes(uint32_t n) {
  return size_t(n) * sizeof(Value);
}
size_t node_bytes(uint32_t n) {
  return size_t(n) * sizeof(Node);
}

// ceil(log2(x)) for x >= 1.
inline int ceil_log2(uint64_t x) {
  return x <= 1 ? 0 : 64 - std::countl_zero(x - 1);
}

// Counts an integer key into nums[] (keys in (2^(i-1), 2^i] go to nums[i]).
inline bool count_int_key(const Value& key, uint32_t nums[]) {
  if (key.tag == Tag::Int && key.i > 0 && uint64_t(key.i) <= (uint64_t(1) << kMaxArrayBits)) {
    nums[ceil_log2(uint64_t(key.i))]++;
    return true;
  }
  return false;
}

// The optimal array size: the largest power of two n such that more than
// n/2 of the integer keys 1..n are present. *int_keys becomes the number of
// keys that go to the array part.
uint32_t compute_array_size(const uint32_t nums[], uint32_t* int_keys) {
  uint32_t in_array = 0, best = 0, accumulated = 0;
  uint64_t two_to_i = 1;
  for (int i = 0; i <= kMaxArrayBits && *int_keys > two_to_i / 2; i++, two_to_i *= 2) {
    accumulated += nums[i];
    if (accumulated > two_to_i / 2) {
      best = uint32_t(two_to_i);
      in_array = accumulated;
    }
  }
  *int_keys = in_array;
  return best;
}

Node* take_free_node(Table* t) {
  while (t->last_free > t->nodes) {
    t->last_free--;
    if (t->last_free->key.tag == Tag::Nil) return t->last_free;
  }
  return nullptr;
}

void resize(Interpreter& I, Table* t, uint32_t new_array_size, uint32_t hash_keys);

// Inserts a key known to be absent; returns its value slot. May rehash.
Value* insert_new_key(Interpreter& I, Table* t, const Value& key) {
  if (!t->nodes) {
    resize(I, t, t->array_size, 1);
    if (key.tag == Tag::Int && uint64_t(key.i) - 1 < t->array_size) return &t->array[key.i - 1];
  }
  Node* mp = main_position(t, key);
  if (!mp->val.is_nil()) {
    Node* free_node = take_free_node(t);
    if (!free_node) {
      // Rehash counting the new key, then insert it into the resized table.
      uint32_t nums[kMaxArrayBits + 1] = {};
      uint32_t int_keys = 0, total = 1;
      for (uint32_t i = 0; i < t->array_size; i++) {
        if (!t->array[i].is_nil()) {
          nums[ceil_log2(i + 1)]++;
          int_keys++;
          total++;
        }
      }
      for (uint32_t i = 0; i < t->node_count(); i++) {
        const Node& n = t->nodes[i];
        if (n.val.is_nil()) continue;
        total++;
        if (count_int_key(n.key.value(), nums)) int_keys++;
      }
      if (count_int_key(key, nums)) int_keys++;
      uint32_t array_size = compute_array_size(nums, &int_keys);
      resize(I, t, array_size, total - int_keys);
      if (key.tag == Tag::Int && uint64_t(key.i) - 1 < t->array_size) return &t->array[key.i - 1];
      if (Value* slot = find_in_hash(t, key)) return slot;
      return insert_new_key(I, t, key);
    }
    Node* other = main_position(t, mp->key.value());
    if (other != mp) {
      // The occupant is not in its main position: move it to the free node
      // and give the new key its place.
      while (other + other->key.next != mp) other += other->key.next;
      other->key.next = int32_t(free_node - other);
      *free_node = *mp;
      if (mp->key.next != 0) {
        free_node->key.next += int32_t(mp - free_node);
        mp->key.next = 0;
      }
      mp->val = Value();
    } else {
      // The occupant is in its main position: chain the new key after it.
      free_node->key.next = mp->key.next != 0 ? int32_t(mp + mp->key.next - free_node) : 0;
      mp->key.next = int32_t(free_node - mp);
      mp = free_node;
    }
  }
  mp->key.set(key);
  return &mp->val;
}

void resize(Interpreter& I, Table* t, uint32_t new_array_size, uint32_t hash_keys) {
  Value* old_array = t->array;
  uint32_t old_array_size = t->array_size;
  Node* old_nodes = t->nodes;
  uint32_t old_node_count = t->node_count();

  uint32_t node_count = hash_keys == 0 ? 0 : uint32_t(std::bit_ceil(hash_keys));
  if (node_count) {
    t->nodes = static_cast<Node*>(I.allocate(node_bytes(node_count)));
    std::memset(static_cast<void*>(t->nodes), 0, node_bytes(node_count));  // nil keys and values
    t->node_mask = node_count - 1;
    t->last_free = t->nodes + node_count;
  } else {
    t->nodes = nullptr;
    t->node_mask = 0;
    t->last_free = nullptr;
  }
  if (new_array_size > old_array_size) {
    // Growing: realloc, so that a large array part can grow without a copy.
    t->array = static_cast<Value*>(
        I.reallocate(old_array, array_bytes(old_array_size), array_bytes(new_array_size)));
    for (uint32_t i = old_array_size; i < new_array_size; i++) new (&t->array[i]) Value();
    t->array_size = new_array_size;
  } else if (new_array_size < old_array_size) {
    Value* array = nullptr;
    if (new_array_size) {
      array = static_cast<Value*>(I.allocate(array_bytes(new_array_size)));
      uint32_t keep = std::min(old_array_size, new_array_size);
      if (keep) std::memcpy(static_cast<void*>(array), old_array, array_bytes(keep));
      for (uint32_t i = keep; i < new_array_size; i++) new (&array[i]) Value();
    }
    t->array = array;
    t->array_size = new_array_size;
    for (uint32_t i = new_array_size; i < old_array_size; i++) {
      if (!old_array[i].is_nil())
        *insert_new_key(I, t, Value::integer(int64_t(i) + 1)) = old_array[i];
    }
    if (old_array) I.release(old_array, array_bytes(old_array_size));
  }
  for (uint32_t i = 0; i < old_node_count; i++) {
    const Node& n = old_nodes[i];
    if (n.val.is_nil()) continue;
    Value key = n.key.value();
    if (key.tag == Tag::Int && uint64_t(key.i) - 1 < t->array_size)
      t->array[key.i - 1] = n.val;
    else
      *insert_new_key(I, t, key) = n.val;
  }
  if (old_nodes) I.release(old_nodes, node_bytes(old_node_count));
}

inline void invalidate_metamethod_cache(Table* t) {
  t->absent_metamethods = 0;
}

}  // namespace

const Value* table_get_int_in_hash(const Table* t, int64_t key) {
  if (!t->nodes) return &kAbsent;
  Node* n = &t->nodes[mix64(uint64_t(key)) & t->node_mask];
  for (;;) {
    if (n->key.tag == Tag::Int && n->key.i == key) return &n->val;
    if (n->key.next == 0) return &kAbsent;
    n += n->key.next;
  }
}

const Value* table_get_str(const Table* t, const String* key) {
  if (!t->nodes) return &kAbsent;
  if (key->is_short) {
    Node* n = &t->nodes[key->hash & t->node_mask];
    for (;;) {
      if (n->key.tag == Tag::String && n->key.gc == key) return &n->val;
      if (n->key.next == 0) return &kAbsent;
      n += n->key.next;
    }
  }
  const Value* v = find_in_hash(t, Value::string(const_cast<String*>(key)));
  return v ? v : &kAbsent;
}

const Value* table_get(const Table* t, const Value& key) {
  switch (key.tag) {
    case Tag::Nil: return &kAbsent;
    case Tag::Int: return table_get_int(t, key.i);
    case Tag::String: return table_get_str(t, key.as_string());
    case Tag::Float: {
      int64_t k;
      if (float_to_integer(key.n, &k)) return table_get_int(t, k);
      [[fallthrough]];
    }
    default: {
      const Value* v = find_in_hash(t, key);
      return v ? v : &kAbsent;
    }
  }
}

void table_set(ThreadState& L, Table* t, const Value& raw_key, const Value& val) {
  Value key = normalize_key(raw_key);
  if (key.tag == Tag::Nil) L.runtime_error("table index is nil");
  if (key.tag == Tag::Float && key.n != key.n) L.runtime_error("table index is NaN");
  invalidate_metamethod_cache(t);
  Value* slot = const_cast<Value*>(table_get(t, key));
  if (slot != &kAbsent) {
    *slot = val;
  } else if (!val.is_nil()) {
    *insert_new_key(L.interp, t, key) = val;
  }
}

void table_set_int(ThreadState& L, Table* t, int64_t key, const Value& val) {
  Value* slot = const_cast<Value*>(table_get_int(t, key));
  if (slot != &kAbsent) {
    *slot = val;
  } else if (!val.is_nil()) {
    *insert_new_key(L.interp, t, Value::integer(key)) = val;
  }
}

void table_set_str(ThreadState& L, Table* t, String* key, const Value& val) {
  invalidate_metamethod_cache(t);
  Value* slot = const_cast<Value*>(table_get_str(t, key));
  if (slot != &kAbsent) {
    *slot = val;
  } else if (!val.is_nil()) {
    *insert_new_key(L.interp, t, Value::string(key)) = val;
  }
}

int64_t table_length(Table* t) {
  uint32_t n = t->array_size;
  if (n > 0 && t->array[n - 1].is_nil()) {
    // A border inside the array part. Appending and removing at the end move
    // the border by one, so try the last border found and its neighbours
    // before a binary search for i with t[i] ~= nil and t[i+1] == nil.
    auto is_border = [t](uint32_t i) {
      return (i == 0 || !t->array[i - 1].is_nil()) && t->array[i].is_nil();
    };
    uint32_t hint = t->border_hint;
    if (hint < n) {
      if (is_border(hint)) return hint;
      if (hint + 1 < n && is_border(hint + 1)) return t->border_hint = hint + 1;
      if (hint > 0 && is_border(hint - 1)) return t->border_hint = hint - 1;
    }
    uint32_t lo = 0, hi = n;
    while (hi - lo > 1) {
      uint32_t m = lo + (hi - lo) / 2;
      if (t->array[m - 1].is_nil())
        hi = m;
      else
        lo = m;
    }
    return t->border_hint = lo;
  }
  if (!t->nodes || table_get_int(t, int64_t(n) + 1)->is_nil()) return n;
  // Unbounded search in the hash part: double j until t[j] is nil, then bisect.
  uint64_t i = uint64_t(n) + 1, j = i * 2;
  while (!table_get_int(t, int64_t(j))->is_nil()) {
    i = j;
    if (j > uint64_t(INT64_MAX) / 2) {
      // Pathological table: fall back to a linear search from 1.
      int64_t k = 1;
      while (!table_get_int(t, k)->is_nil()) k++;
      return k - 1;
    }
    j *= 2;
  }
  while (j - i > 1) {
    uint64_t m = i + (j - i) / 2;
    if (table_get_int(t, int64_t(m))->is_nil())
      j = m;
    else
      i = m;
  }
  return int64_t(i);
}

bool table_next(ThreadState& L, const Table* t, Value* key, Value* val) {
  // Position of the previous key: array slots are 0..array_size-1, nodes follow.
  uint64_t index = 0;
  Value k = normalize_key(*key);
  if (k.is_nil()) {
    index = 0;
  } else if (k.tag == Tag::Int && uint64_t(k.i) - 1 < t->array_size) {
    index = uint64_t(k.i);
  } else {
    const Node* found = nullptr;
    if (t->nodes) {
      const Node* n = main_position(t, k);
      for (;;) {
        if (key_matches(n->key, k) ||
            (n->key.tag == Tag::DeadKey && k.is_collectable() && n->key.gc == k.gc)) {
          found = n;
          break;
        }
        if (n->key.next == 0) break;
        n += n->key.next;
      }
    }
    if (!found) L.runtime_error("invalid key to 'next'");
    index = uint64_t(t->array_size) + uint64_t(found - t->nodes) + 1;
  }
  for (; index < t->array_size; index++) {
    if (!t->array[index].is_nil()) {
      *key = Value::integer(int64_t(index) + 1);
      *val = t->array[index];
      return true;
    }
  }
  for (index -= t->array_size; index < t->node_count(); index++) {
    const Node& n = t->nodes[index];
    if (!n.val.is_nil()) {
      *key = n.key.value();
      *val = n.val;
      return true;
    }
  }
  return false;
}

void table_reserve_array(Interpreter& I, Table* t, uint32_t n) {
  if (n <= t->array_size) return;
  uint32_t hash_keys = 0;
  for (uint32_t i = 0; i < t->node_count(); i++)
    if (!t->nodes[i].val.is_nil()) hash_keys++;
  resize(I, t, n, hash_keys);
}

void table_init_parts(Interpreter& I, Table* t, uint32_t array_size, uint32_t hash_size) {
  t->array = nullptr;
  t->array_size = 0;
  t->border_hint = 0;
  t->nodes = nullptr;
  t->node_mask = 0;
  t->last_free = nullptr;
  if (array_size || hash_size) resize(I, t, array_size, hash_size);
}

void table_free_parts(Interpreter& I, Table* t) {
  if (t->array) I.release(t->array, array_bytes(t->array_size));
  if (t->nodes) I.release(t->nodes, node_bytes(t->node_count()));
}

size_t table_size_bytes(const Table* t) {
  return sizeof(Table) + array_bytes(t->array_size) + node_bytes(t->node_count());
}

}  // namespace gilvm
