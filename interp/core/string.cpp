// string.cpp — string objects and the interning table of short strings.
//
// Short strings are interned: new_string returns the existing object when an
// equal short string is alive, so equality of short strings is pointer
// equality and table lookups by short string never compare bytes. The
// interning table holds its strings weakly: the collector removes the ones
// that were not marked before it frees them (gc.cpp). Without a GIL the table
// is in shards (state.h), each under its own lock, so that threads making
// strings rarely meet; a lookup and the insertion that follows it happen
// under one hold of the lock, so two threads cannot intern the same text
// twice.
#include <cstring>

#include "interp/core/state.h"

namespace gilvm {

namespace {

// FNV-1a, 32 bits. Short strings hash all their bytes once, at creation.
uint32_t hash_bytes(const char* s, size_t n) {
  uint32_t h = 2166136261u ^ uint32_t(n);
  for (size_t i = 0; i < n; i++) h = (h ^ uint8_t(s[i])) * 16777619u;
  return h;
}

size_t string_bytes(size_t len) {
  return String::bytes(len);
}

void grow_string_table(StringTable& st) {
  size_t new_size = st.buckets.empty() ? 256 : st.buckets.size() * 2;
  std::vector<String*> buckets(new_size, nullptr);
  for (String* head : st.buckets) {
    while (head) {
      String* next = head->hash_next;
      String*& slot = buckets[head->hash & (new_size - 1)];
      head->hash_next = slot;
      slot = head;
      head = next;
    }
  }
  st.buckets.swap(buckets);
}

}  // namespace

uint32_t string_hash(String* s) {
  // Two threads may hash a long string at once; they compute the same value,
  // and has_hash is published after hash (release/acquire), so a reader that
  // sees the flag sees the hash.
  if (!__atomic_load_n(&s->has_hash, __ATOMIC_ACQUIRE)) {
    __atomic_store_n(&s->hash, hash_bytes(s->data, s->length), __ATOMIC_RELAXED);
    __atomic_store_n(&s->has_hash, true, __ATOMIC_RELEASE);
  }
  return __atomic_load_n(&s->hash, __ATOMIC_RELAXED);
}

bool string_equal(const String* a, const String* b) {
  if (a == b) return true;
  if (a->is_short || b->is_short) return false;  // interned: distinct objects differ
  return a->length == b->length && std::memcmp(a->data, b->data, a->length) == 0;
}

String* Interpreter::new_string(std::string_view sv) {
  const size_t len = sv.size();
  if (len > String::kMaxShortString) return make_string(sv, 0);
  const uint32_t h = hash_bytes(sv.data(), len);
  StringTable& st = string_shard(h);
  Locked hold(st.lock);
  if (!st.buckets.empty()) {
    for (String* s = st.buckets[h & (st.buckets.size() - 1)]; s; s = s->hash_next) {
      if (s->hash == h && s->length == len && std::memcmp(s->data, sv.data(), len) == 0) return s;
    }
  }
  String* s = make_string(sv, h);
  if (st.count >= st.buckets.size()) grow_string_table(st);
  String*& slot = st.buckets[h & (st.buckets.size() - 1)];
  s->hash_next = slot;
  slot = s;
  st.count++;
  return s;
}

String* Interpreter::make_string(std::string_view sv, uint32_t h) {
  const size_t len = sv.size();
  auto* s = static_cast<String*>(allocate(string_bytes(len)));
  link(s, ObjType::String);
  s->length = len;
  s->hash_next = nullptr;
  if (len) std::memcpy(s->data, sv.data(), len);
  s->data[len] = '\0';
  s->is_short = len <= String::kMaxShortString;
  s->has_hash = s->is_short;
  s->hash = h;
  return s;
}

void free_string(Interpreter& I, String* s) {
  I.release(s, string_bytes(s->length));
}

}  // namespace gilvm
