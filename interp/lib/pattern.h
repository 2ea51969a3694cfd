// pattern.h — Lua patterns, the matcher behind string.find, match, gmatch and
// gsub. It works on bytes and knows nothing of the VM, so it can be tested on
// its own; the string library turns its captures into Lua values.
//
// A pattern is a sequence of items: a single-character class (a literal, '.',
// %a-style classes, [sets]) optionally followed by a quantifier (* + - ?),
// captures "(...)" and position captures "()", back-references %1-%9,
// balanced matches %bxy and frontiers %f[set], and the anchors '^' (at the
// start, where the caller allows it) and '$' (at the end).
//
// The matcher is a backtracking recursive descent over the pattern, as in
// Lua: each quantifier and capture tries the rest of the pattern recursively.
// Recursion is bounded (kMaxMatchDepth), so a pathological pattern raises
// "pattern too complex" instead of overflowing the C++ stack.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace gilvm {

// A malformed pattern, or one that needs too much recursion or too many
// captures; `message` is Lua's text ("malformed pattern (missing ']')").
struct PatternError {
  std::string message;
};

class PatternMatcher {
 public:
  static constexpr int kMaxCaptures = 32;     // LUA_MAXCAPTURES
  static constexpr int kMaxMatchDepth = 200;  // MAXCCALLS: nested recursive match calls
  // Capture lengths that are not lengths: a capture still open, and a
  // position capture "()".
  static constexpr ptrdiff_t kOpenCapture = -1;
  static constexpr ptrdiff_t kPositionCapture = -2;

  struct Capture {
    const char* start;
    ptrdiff_t length;  // bytes, or kOpenCapture / kPositionCapture
  };

  // `subject` and `pattern` must outlive the matcher. With `allow_anchor`, a
  // leading '^' anchors the match at its starting position (find, match,
  // gsub); without it '^' is an ordinary character (gmatch).
  PatternMatcher(std::string_view subject, std::string_view pattern, bool allow_anchor = true);

  bool anchored() const { return anchored_; }
  const char* subject_begin() const { return s_begin_; }
  const char* subject_end() const { return s_end_; }

  // Matches the whole pattern starting exactly at s (subject_begin() <= s <=
  // subject_end()). Returns the end of the match, or nullptr. Throws
  // PatternError.
  const char* match(const char* s) {
    level_ = 0;
    depth_left_ = kMaxMatchDepth;
    return match_item(s, p_begin_);
  }

  // The number of values a successful match of [start, end) yields: its
  // captures, or the whole match when the pattern has none and `whole_if_none`.
  int result_count(bool whole_if_none) const { return (level_ == 0 && whole_if_none) ? 1 : level_; }
  // Capture i (0-based) of the last successful match of [start, end); with
  // no captures, capture 0 is the whole match. Throws PatternError for an
  // index the pattern does not have or a capture left open ("(a").
  Capture capture(int i, const char* start, const char* end) const;
  // The 1-based subject position a position capture denotes.
  int64_t position_of(const Capture& c) const { return int64_t(c.start - s_begin_) + 1; }

  // Whether a pattern uses any magic character; string.find searches plainly
  // when it does not.
  static bool has_specials(std::string_view pattern);

 private:
  const char* match_item(const char* s, const char* p);  // counts recursion depth
  const char* match_sequence(const char* s, const char* p);
  const char* max_expand(const char* s, const char* p, const char* item_end);
  const char* min_expand(const char* s, const char* p, const char* item_end);
  const char* start_capture(const char* s, const char* p, ptrdiff_t what);
  const char* end_capture(const char* s, const char* p);
  const char* match_balance(const char* s, const char* p);
  const char* match_back_reference(const char* s, char digit);
  const char* item_end(const char* p) const;
  bool single_match(unsigned char c, const char* p, const char* item_end) const;
  bool in_set(unsigned char c, const char* p, const char* set_close) const;

  const char* s_begin_;
  const char* s_end_;
  const char* p_begin_;  // after the anchor, if any
  const char* p_end_;
  bool anchored_;
  int level_ = 0;  // captures started so far
  int depth_left_ = kMaxMatchDepth;
  Capture captures_[kMaxCaptures];
};

}  // namespace gilvm
