// table.cpp — tables: an array part and a chained scatter hash part.
//
// Keys 1..array_size live in the array part; every other key lives in the
// node array. A key's main position is its hash modulo the node count (an
// integer key's, its value modulo an odd number, as in Lua: int_slot).
// Colliding keys are chained through NodeKey::next offsets, and all chains
// live inside the node array (no allocation per key). When a new key finds
// its main position taken by a key that is *not* in its own main position,
// the intruder moves to a free node (Brent's variation), so every chain
// starts at its own main position.
//
// Free nodes are handed out downwards from last_free; when none is left (or
// there is no hash part) the table is rehashed: all integer keys are counted to choose the largest
// array size n such that more than n/2 of the slots 1..n would be used, and the rest go to a hash
// part of the next power of two.
//
// Float keys with an integer value are stored as integers, so t[1] and
// t[1.0] are the same field.
//
// Without a GIL (the free-threaded build) a table is shared the way CPython
// 3.13t shares a dict. Writers take the table's SeqLock, which makes them one
// at a time and bumps its sequence number before and after each change.
// Readers never write to the table: they read the four words that say where
// the parts are (array, array_size, nodes, node_mask), check that no writer
// came by, look the key up in those parts, copy the value out and check
// again; if a writer did come by they read again. A lookup that races with a
// writer may walk a chain that is being rewritten, so it stays inside the
// node array it started in and gives up after visiting every node once: the
// second check then fails. Parts a resize replaces may still be under a
// reader's feet, so they are not freed but retired (Interpreter::retire) and
// freed at the next collection, when every thread is stopped at a safe point
// and so outside any read: the stop-the-world is the grace period. In the
// GIL build the lock is empty and all of this compiles to the plain lookups.
#include <bit>
#include <cstring>
#include <new>

#include "interp/core/assert.h"
#include "interp/core/number.h"
#include "interp/core/state.h"
#include "interp/core/table.h"

namespace gilvm {

namespace {

using Node = Table::Node;

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
    default: return mix64(uint64_t(key.i));  // floats and pointers by their bits
  }
}

// The main position of an integer key is its value modulo the node count
// less one, made odd, as in Lua (hashint): integer keys then collide where
// they collide in Lua, so a table of integer keys rehashes, and its array
// part grows, when Lua's does; the length of a table with holes depends on
// that (length_in).
inline uint32_t int_slot(int64_t key, uint32_t node_mask) {
  const uint64_t k = uint64_t(key);
  const uint32_t m = node_mask | 1;
  return k <= UINT32_MAX ? uint32_t(k) % m : uint32_t(k % m);
}

inline uint32_t slot_of(const Value& key, uint32_t node_mask) {
  return key.tag == Tag::Int ? int_slot(key.i, node_mask) : hash_of(key) & node_mask;
}

inline Node* main_position(const Table* t, const Value& key) {
  return &t->nodes[slot_of(key, t->node_mask)];
}

GILVM_OPTIMISTIC_READ inline bool key_matches(const Table::NodeKey& k, const Value& key) {
  if (k.tag != key.tag) return false;
  switch (key.tag) {
    case Tag::Float: return k.n == key.n;
    case Tag::String: {
      // A short key matches by identity alone. Comparing a long one reads
      // the node's string, which a racing writer could have half-replaced:
      // without a GIL long-string lookups are made under the lock.
      const String* s = key.as_string();
      if (s->is_short) return k.gc == s;
      return string_equal(static_cast<const String*>(k.gc), s);
    }
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

// Where the parts of a table are: what a reader checks before it trusts
// them; and the table, whose border hint a lookup in the array part raises.
struct Parts {
  Value* array;
  uint32_t array_size;
  Node* nodes;
  uint32_t node_mask;
  Table* table;
};

GILVM_OPTIMISTIC_READ inline Parts parts_of(const Table* t) {
  return {t->array, t->array_size, t->nodes, t->node_mask, const_cast<Table*>(t)};
}

// The node holding a key that `match` accepts in the chain that starts at
// node `start` (a main position), or nullptr. Without a GIL a writer may be rewriting the chain
// meanwhile: the walk stays inside the node array and visits at most every
// node once (the reader's check then sends it round again).
template <class Match>
GILVM_OPTIMISTIC_READ inline Node* walk_chain(const Parts& p, uint32_t start, Match match) {
  if (!p.nodes) return nullptr;
  uint32_t i = start;
  for (uint32_t steps = 0;;) {
    Node* n = &p.nodes[i];
    if (match(n->key)) return n;
    const int32_t next = n->key.next;
    if (next == 0) return nullptr;
    i += uint32_t(next);
    if constexpr (kFreeThreaded) {
      if (i > p.node_mask || ++steps > p.node_mask) return nullptr;
    }
  }
}

struct MatchKey {
  const Value& key;
  GILVM_OPTIMISTIC_READ bool operator()(const Table::NodeKey& k) const {
    return key_matches(k, key);
  }
};
struct MatchInt {
  int64_t key;
  GILVM_OPTIMISTIC_READ bool operator()(const Table::NodeKey& k) const {
    return k.tag == Tag::Int && k.i == key;
  }
};
struct MatchShortString {
  const String* key;
  GILVM_OPTIMISTIC_READ bool operator()(const Table::NodeKey& k) const {
    return k.tag == Tag::String && k.gc == key;
  }
};

GILVM_OPTIMISTIC_READ Value* find_in_hash(const Parts& p, const Value& key) {
  Node* n = walk_chain(p, slot_of(key, p.node_mask), MatchKey{key});
  return n ? &n->val : nullptr;
}
Value* find_in_hash(const Table* t, const Value& key) {
  return find_in_hash(parts_of(t), key);
}

// The slot of key in parts p, or nullptr: the one lookup behind every read
// and every write. A key in the array part above the border hint raises the
// hint to it, as Lua's luaH_getint raises 'alimit' (length_in tells why).
GILVM_OPTIMISTIC_READ Value* find_int(const Parts& p, int64_t key) {
  if (uint64_t(key) - 1 < p.array_size) {
    if (uint32_t(key) > __atomic_load_n(&p.table->border_hint, __ATOMIC_RELAXED))
      __atomic_store_n(&p.table->border_hint, uint32_t(key), __ATOMIC_RELAXED);
    return &p.array[key - 1];
  }
  Node* n = walk_chain(p, int_slot(key, p.node_mask), MatchInt{key});
  return n ? &n->val : nullptr;
}
GILVM_OPTIMISTIC_READ Value* find_str(const Parts& p, const String* key) {
  if (key->is_short) {
    Node* n = walk_chain(p, key->hash & p.node_mask, MatchShortString{key});
    return n ? &n->val : nullptr;
  }
  return find_in_hash(p, Value::string(const_cast<String*>(key)));
}
GILVM_OPTIMISTIC_READ Value* find(const Parts& p, const Value& key) {
  switch (key.tag) {
    case Tag::Nil: return nullptr;
    case Tag::Int: return find_int(p, key.i);
    case Tag::String: return find_str(p, key.as_string());
    case Tag::Float: {
      int64_t k;
      if (float_to_integer(key.n, &k)) return find_int(p, k);
      [[fallthrough]];
    }
    default: return find_in_hash(p, key);
  }
}

// The node of key in p, trying the node at *hint first; a node found by the
// walk becomes the hint. A pointer-equal key is the key, long string or
// short, and a table holds each key in one node only, so the hinted node is
// the one the walk would find. Without a GIL a racing writer may have moved
// things under an optimistic reader: the hint it stores is then stale, which
// costs the next reader one walk.
GILVM_OPTIMISTIC_READ Node* find_str_hinted(const Parts& p, const String* key, NodeHint* hint) {
  const uint32_t h = __atomic_load_n(hint, __ATOMIC_RELAXED);
  if (p.nodes && h <= p.node_mask && MatchShortString{key}(p.nodes[h].key)) return &p.nodes[h];
  Node* n;
  if (key->is_short) {
    n = walk_chain(p, key->hash & p.node_mask, MatchShortString{key});
  } else {
    const Value k = Value::string(const_cast<String*>(key));
    n = walk_chain(p, slot_of(k, p.node_mask), MatchKey{k});
  }
  if (n && uint32_t(n - p.nodes) <= UINT16_MAX)
    __atomic_store_n(hint, NodeHint(n - p.nodes), __ATOMIC_RELAXED);
  return n;
}

// A read of t: `read` is called with the table's parts and returns a value;
// without a GIL it is called again until no writer came by meanwhile, or,
// for a read that must not race with a writer at all (key_matches: a long
// string key), once under the lock.
template <class Read>
GILVM_OPTIMISTIC_READ inline auto read_consistent(const Table* t, Read read,
                                                  bool under_lock = false) {
  if constexpr (!kFreeThreaded) {
    return read(parts_of(t));
  } else {
    if (under_lock) {
      Locked hold(t->lock);
      return read(parts_of(t));
    }
    [[maybe_unused]] OptimisticReadSection unchecked;
    for (;;) {
      const uint32_t seq = t->lock.read_begin();
      const Parts p = parts_of(t);
      if (!t->lock.changed_since(seq)) {
        auto result = read(p);
        if (!t->lock.changed_since(seq)) return result;
      }
      lock_stats().tables.retries.fetch_add(1, std::memory_order_relaxed);
    }
  }
}

GILVM_OPTIMISTIC_READ inline Value value_at(const Value* slot) {
  return slot ? *slot : Value();
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

// --- writes (under the table's lock) ---------------------------------------------

Node* take_free_node(Table* t) {
  while (t->last_free > t->nodes) {
    t->last_free--;
    if (t->last_free->key.tag == Tag::Nil) return t->last_free;
  }
  return nullptr;
}

void resize(Interpreter& I, Table* t, uint32_t new_array_size, uint32_t hash_keys);

// Resizes t for one more key (counted with the others): the array part
// becomes the largest power of two that keys would fill more than half of,
// and the hash part holds the rest.
void rehash(Interpreter& I, Table* t, const Value& key) {
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
}

// Inserts a key known to be absent; returns its value slot. A table without
// a hash part, or whose hash part is full, is rehashed first, as in Lua: so
// t[n + 1] = v grows the array part, and the parts have the sizes they have
// in Lua, which the length of a table with holes depends on.
Value* insert_new_key(Interpreter& I, Table* t, const Value& key) {
  GILVM_ASSERT(t->lock.writing(), "inserting a key without the table's lock");
  Node* mp = t->nodes ? main_position(t, key) : nullptr;
  if (!mp || !mp->val.is_nil()) {
    Node* free_node = take_free_node(t);
    if (!free_node) {
      rehash(I, t, key);
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

// Gives t an array part of new_array_size slots and a hash part for
// hash_keys keys, and moves the entries there. Both parts are allocated
// before the table changes, so a failed allocation (std::bad_alloc, a Lua
// "not enough memory") leaves the table as it was.
void resize(Interpreter& I, Table* t, uint32_t new_array_size, uint32_t hash_keys) {
  Value* old_array = t->array;
  uint32_t old_array_size = t->array_size;
  Node* old_nodes = t->nodes;
  uint32_t old_node_count = t->node_count();

  const uint32_t node_count = hash_keys == 0 ? 0 : uint32_t(std::bit_ceil(hash_keys));
  Node* nodes = node_count ? static_cast<Node*>(I.allocate(node_bytes(node_count))) : nullptr;
  // Whether another thread may be reading the old array: then it is
  // copied and retired, never changed in place.
  const bool shared = kFreeThreaded && !only_thread();
  Value* array = old_array;
  bool copied = false;  // the old array is to be retired
  try {
    if (new_array_size > old_array_size && !shared) {
      // Growing: realloc, so that a large array part can grow without a
      // copy. On failure the old array is untouched.
      array = static_cast<Value*>(
          I.reallocate(old_array, array_bytes(old_array_size), array_bytes(new_array_size)));
    } else if (new_array_size != old_array_size) {
      array =
          new_array_size ? static_cast<Value*>(I.allocate(array_bytes(new_array_size))) : nullptr;
      const uint32_t keep = std::min(old_array_size, new_array_size);
      if (keep) std::memcpy(static_cast<void*>(array), old_array, array_bytes(keep));
      copied = true;
    }
  } catch (const std::bad_alloc&) {
    if (nodes) I.release(nodes, node_bytes(node_count));
    throw;
  }
  for (uint32_t i = old_array_size; i < new_array_size; i++) new (&array[i]) Value();
  if (nodes) std::memset(static_cast<void*>(nodes), 0, node_bytes(node_count));  // nil keys, values
  t->nodes = nodes;
  t->node_mask = node_count ? node_count - 1 : 0;
  t->last_free = nodes ? nodes + node_count : nullptr;
  t->array = array;
  t->array_size = new_array_size;
  // Nothing below allocates: the new hash part has room for every entry.
  for (uint32_t i = new_array_size; i < old_array_size; i++) {
    if (!old_array[i].is_nil())
      *insert_new_key(I, t, Value::integer(int64_t(i) + 1)) = old_array[i];
  }
  if (copied && old_array) I.retire(old_array, array_bytes(old_array_size));
  __atomic_store_n(&t->border_hint, t->array_size, __ATOMIC_RELAXED);
  for (uint32_t i = 0; i < old_node_count; i++) {
    const Node& n = old_nodes[i];
    if (n.val.is_nil()) continue;
    Value key = n.key.value();
    if (key.tag == Tag::Int && uint64_t(key.i) - 1 < t->array_size)
      t->array[key.i - 1] = n.val;
    else
      *insert_new_key(I, t, key) = n.val;
  }
  if (old_nodes) I.retire(old_nodes, node_bytes(old_node_count));
}

inline void invalidate_metamethod_cache(Table* t) {
  if (__atomic_load_n(&t->absent_metamethods, __ATOMIC_RELAXED))
    __atomic_store_n(&t->absent_metamethods, uint8_t(0), __ATOMIC_RELAXED);
}

// Grows the array part to at least n slots, keeping the hash part's size
// (under the lock).
void grow_array(Interpreter& I, Table* t, uint32_t n) {
  GILVM_ASSERT(t->lock.writing(), "growing a table without its lock");
  if (n > t->array_size) resize(I, t, n, t->node_count());
}

// The slot for key in t (inserting it if absent), for a store of a non-nil
// value; or, for a nil value, the key's slot if present. Under the lock.
Value* slot_for_store(Interpreter& I, Table* t, const Value& key, const Value& val) {
  GILVM_ASSERT(t->lock.writing(), "storing into a table without its lock");
  if (Value* slot = find(parts_of(t), key)) return slot;
  if (val.is_nil()) return nullptr;
  return insert_new_key(I, t, key);
}

// A border in the array part between i and j (1-based), given that slot i
// holds a value or is 0 and slot j is empty: a binary search.
GILVM_OPTIMISTIC_READ uint32_t array_border(const Value* array, uint32_t i, uint32_t j) {
  while (j - i > 1) {
    const uint32_t m = i + (j - i) / 2;
    if (array[m - 1].is_nil())
      j = m;
    else
      i = m;
  }
  return i;
}

// A border above j, given that t[j] holds a value (or j is 0) and so does
// t[j + 1]: double j until t[j] is empty, then bisect.
GILVM_OPTIMISTIC_READ int64_t hash_border(const Parts& p, uint64_t j) {
  auto absent = [&p](uint64_t k) { return value_at(find_int(p, int64_t(k))).is_nil(); };
  uint64_t i;
  if (j == 0) j = 1;
  do {
    i = j;
    if (j > uint64_t(INT64_MAX) / 2) {
      j = uint64_t(INT64_MAX);
      if (absent(j)) break;
      return INT64_MAX;  // a border too, of a table no one will build
    }
    j *= 2;
  } while (!absent(j));
  while (j - i > 1) {
    const uint64_t m = i + (j - i) / 2;
    if (absent(m))
      j = m;
    else
      i = m;
  }
  return int64_t(i);
}

// The length of a table without __len: the border that Lua 5.4's luaH_getn
// finds, step for step, so that a table with holes has the length stock Lua
// prints. The manual allows any border; programs print the one they get.
//
// t->border_hint is Lua's 'alimit', where the search starts: the array size
// after a resize; lowered to a border that a search found, where Lua would
// keep it (only when the array size is a power of two, and not to a power of
// two below it); raised by every lookup of an integer key above it in the
// array part (find_int). Without a GIL the hint may have been stored from
// older parts by a racing reader; any value up to the array size still
// yields a border.
GILVM_OPTIMISTIC_READ int64_t length_in(const Table* t, const Parts& p) {
  const Value* array = p.array;
  const uint32_t size = p.array_size;
  auto empty = [array](uint32_t i) { return array[i - 1].is_nil(); };  // slot i, 1-based
  auto remember = [t](uint32_t limit) {
    __atomic_store_n(&const_cast<Table*>(t)->border_hint, limit, __ATOMIC_RELAXED);
  };
  const bool size_is_power_of_two = std::has_single_bit(size);
  uint32_t limit = std::min(__atomic_load_n(&t->border_hint, __ATOMIC_RELAXED), size);
  if (limit > 0 && empty(limit)) {
    // A border below the limit: limit - 1 itself, or one found by bisection.
    if (limit >= 2 && !empty(limit - 1)) {
      if (size_is_power_of_two && !std::has_single_bit(limit - 1)) remember(limit - 1);
      return limit - 1;
    }
    const uint32_t border = array_border(array, 0, limit);
    if (size_is_power_of_two && border > size / 2) remember(border);
    return border;
  }
  if (limit < size) {
    // Slot limit holds a value (or limit is 0): look after it.
    if (empty(limit + 1)) return limit;
    if (empty(size)) {
      const uint32_t border = array_border(array, limit, size);
      remember(border);
      return border;
    }
    remember(size);
  }
  // The array part is full (or there is none): the border is in the hash part.
  if (value_at(find_int(p, int64_t(size) + 1)).is_nil()) return size;
  return hash_border(p, size);
}

// What next(t, key) finds in parts p: 1 and the entry, 0 at the end, -1 for
// a key that is not in the table.
GILVM_OPTIMISTIC_READ int next_in(const Parts& p, const Value& prev, Value* key, Value* val) {
  uint64_t index = 0;
  Value k = normalize_key(prev);
  if (k.is_nil()) {
    index = 0;
  } else if (k.tag == Tag::Int && uint64_t(k.i) - 1 < p.array_size) {
    index = uint64_t(k.i);
  } else {
    // A removed key is still found: fields may be cleared during a traversal.
    struct MatchOrDead {
      const Value& key;
      GILVM_OPTIMISTIC_READ bool operator()(const Table::NodeKey& nk) const {
        return key_matches(nk, key) ||
               (nk.tag == Tag::DeadKey && key.is_collectable() && nk.gc == key.gc);
      }
    };
    const Node* found = walk_chain(p, slot_of(k, p.node_mask), MatchOrDead{k});
    if (!found) return -1;
    index = uint64_t(p.array_size) + uint64_t(found - p.nodes) + 1;
  }
  for (; index < p.array_size; index++) {
    if (!p.array[index].is_nil()) {
      *key = Value::integer(int64_t(index) + 1);
      *val = p.array[index];
      return 1;
    }
  }
  const uint32_t node_count = p.nodes ? p.node_mask + 1 : 0;
  for (index -= p.array_size; index < node_count; index++) {
    const Node& n = p.nodes[index];
    if (!n.val.is_nil()) {
      *key = n.key.value();
      *val = n.val;
      return 1;
    }
  }
  return 0;
}

}  // namespace

Value table_get_int_slow(const Table* t, int64_t key) {
  return read_consistent(
      t, [key](const Parts& p) GILVM_OPTIMISTIC_READ { return value_at(find_int(p, key)); });
}

// Keys whose lookup compares contents a racing writer could be replacing
// (key_matches): long strings.
inline bool is_long_string(const Value& key) {
  return key.tag == Tag::String && !key.as_string()->is_short;
}

Value table_get_str(const Table* t, const String* key) {
  return read_consistent(
      t, [key](const Parts& p) GILVM_OPTIMISTIC_READ { return value_at(find_str(p, key)); },
      !key->is_short);
}

Value table_get_str_hinted_slow(const Table* t, const String* key, NodeHint* hint) {
  return read_consistent(
      t,
      [key, hint](const Parts& p) GILVM_OPTIMISTIC_READ {
        const Node* n = find_str_hinted(p, key, hint);
        return n ? n->val : Value();
      },
      !key->is_short);
}

Value table_get(const Table* t, const Value& key) {
  return read_consistent(
      t, [&key](const Parts& p) GILVM_OPTIMISTIC_READ { return value_at(find(p, key)); },
      is_long_string(key));
}

void table_set(ThreadState& L, Table* t, const Value& raw_key, const Value& val) {
  Value key = normalize_key(raw_key);
  if (key.tag == Tag::Nil) L.runtime_error("table index is nil");
  if (key.tag == Tag::Float && key.n != key.n) L.runtime_error("table index is NaN");
  Locked hold(t->lock);
  invalidate_metamethod_cache(t);
  if (Value* slot = slot_for_store(L.interp, t, key, val)) *slot = val;
}

void table_set_int_slow(ThreadState& L, Table* t, int64_t key, const Value& val) {
  Locked hold(t->lock);
  if (Value* slot = slot_for_store(L.interp, t, Value::integer(key), val)) *slot = val;
}

void table_set_str(ThreadState& L, Table* t, String* key, const Value& val) {
  Locked hold(t->lock);
  invalidate_metamethod_cache(t);
  if (Value* slot = slot_for_store(L.interp, t, Value::string(key), val)) *slot = val;
}

bool table_replace(Table* t, const Value& key, const Value& val) {
  Locked hold(t->lock);
  Value* slot = find(parts_of(t), key);
  if (!slot || slot->is_nil()) return false;
  *slot = val;
  if (key.tag == Tag::String) invalidate_metamethod_cache(t);
  return true;
}

bool table_replace_int_slow(Table* t, int64_t key, const Value& val) {
  Locked hold(t->lock);
  Value* slot = find_int(parts_of(t), key);
  if (!slot || slot->is_nil()) return false;
  *slot = val;
  return true;
}

bool table_replace_str(Table* t, const String* key, const Value& val) {
  Locked hold(t->lock);
  Value* slot = find_str(parts_of(t), key);
  if (!slot || slot->is_nil()) return false;
  *slot = val;
  invalidate_metamethod_cache(t);
  return true;
}

bool table_replace_str_hinted_slow(Table* t, const String* key, const Value& val, NodeHint* hint) {
  Locked hold(t->lock);
  Node* n = find_str_hinted(parts_of(t), key, hint);
  if (!n || n->val.is_nil()) return false;
  n->val = val;
  invalidate_metamethod_cache(t);
  return true;
}

void table_store_list(Interpreter& I, Table* t, uint32_t first, const Value* values, int n) {
  Locked hold(t->lock);
  grow_array(I, t, first + uint32_t(n) - 1);
  for (int j = 0; j < n; j++) t->array[first - 1 + uint32_t(j)] = values[j];
}

int64_t table_length(const Table* t) {
  return read_consistent(t, [t](const Parts& p) GILVM_OPTIMISTIC_READ { return length_in(t, p); });
}

bool table_next(ThreadState& L, const Table* t, Value* key, Value* val) {
  const Value prev = *key;
  struct Found {
    int status;
    Value key, val;
  };
  auto next = [&prev](const Parts& p) GILVM_OPTIMISTIC_READ {
    Found r{0, Value(), Value()};
    r.status = next_in(p, prev, &r.key, &r.val);
    return r;
  };
  const Found f = read_consistent(t, next, is_long_string(prev));
  if (f.status < 0) L.runtime_error("invalid key to 'next'");
  if (f.status == 0) return false;
  *key = f.key;
  *val = f.val;
  return true;
}

void table_snapshot(const Table* t, std::vector<Value>* prefix,
                    std::vector<std::pair<Value, Value>>* pairs) {
  // Taking the lock keeps writers out while the entries are copied; the
  // copy is brief and writes nothing to the table.
  Locked hold(t->lock);
  prefix->clear();
  pairs->clear();
  uint32_t i = 0;
  for (; i < t->array_size && !t->array[i].is_nil(); i++) prefix->push_back(t->array[i]);
  for (; i < t->array_size; i++)
    if (!t->array[i].is_nil()) pairs->emplace_back(Value::integer(int64_t(i) + 1), t->array[i]);
  for (uint32_t j = 0; j < t->node_count(); j++) {
    const Node& n = t->nodes[j];
    if (!n.val.is_nil()) pairs->emplace_back(n.key.value(), n.val);
  }
}

void table_set_metatable(Table* t, Table* mt) {
  __atomic_store_n(&t->metatable, mt, __ATOMIC_RELEASE);
}

void table_init_parts(Interpreter& I, Table* t, uint32_t array_size, uint32_t hash_size) {
  new (&t->lock) SeqLock();
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
