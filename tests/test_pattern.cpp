// Unit tests of the Lua pattern matcher (pattern.h), without the VM: each
// case searches like string.find and shows the result as
// "start end [capture] position ...", "nil" or "error: <message>". The
// expectations were taken from lua5.4's string.find.
#include <catch2/catch.hpp>

#include <cstring>
#include <iterator>
#include <memory>
#include <random>
#include <string>

#include "interp/lib/pattern.h"

using namespace gilvm;

namespace {

std::string find(std::string_view subject, std::string_view pattern, size_t init = 0) {
  try {
    PatternMatcher m(subject, pattern);
    const char* start = subject.data() + init;
    do {
      if (const char* e = m.match(start)) {
        std::string out =
            std::to_string(start - subject.data() + 1) + " " + std::to_string(e - subject.data());
        for (int i = 0; i < m.result_count(false); i++) {
          PatternMatcher::Capture c = m.capture(i, start, e);
          if (c.length == PatternMatcher::kPositionCapture) {
            out += " " + std::to_string(m.position_of(c));
          } else {
            out += " [" + std::string(c.start, size_t(c.length)) + "]";
          }
        }
        return out;
      }
    } while (start++ < m.subject_end() && !m.anchored());
    return "nil";
  } catch (const PatternError& e) {
    return "error: " + e.message;
  }
}

}  // namespace

TEST_CASE("single-character classes", "[pattern]") {
  CHECK(find("hello", "l") == "3 3");
  CHECK(find("hello", ".") == "1 1");
  CHECK(find("ab12 ,x", "%d") == "3 3");
  CHECK(find("ab12 ,x", "%D") == "1 1");
  CHECK(find("ab12 ,x", "%s") == "5 5");
  CHECK(find("ab12 ,x", "%p") == "6 6");
  CHECK(find("xyZ", "%u") == "3 3");
  CHECK(find("XYz", "%l") == "3 3");
  CHECK(find("  a_", "%w") == "3 3");
  CHECK(find("zzF", "%x") == "3 3");
  CHECK(find("a\x01", "%c") == "2 2");
  CHECK(find(" \x7f~", "%g") == "3 3");
  CHECK(find("a.b", "%.") == "2 2");
  CHECK(find("a%b", "%%") == "2 2");
  CHECK(find(std::string_view("a\0b", 3), "%z") == "2 2");  // deprecated, still accepted
  CHECK(find("\xe9t\xe9", "%a") == "2 2");                  // the C locale: no accented letters
}

TEST_CASE("sets", "[pattern]") {
  CHECK(find("hello", "[lo]+") == "3 5");
  CHECK(find("hello", "[^hel]") == "5 5");
  CHECK(find("a-z", "[a-]") == "1 1");
  CHECK(find("-", "[a-]") == "1 1");
  CHECK(find("m", "[a-z]") == "1 1");
  CHECK(find("]", "[]]") == "1 1");
  CHECK(find("a]", "[^]]") == "1 1");
  CHECK(find("x5", "[%d]") == "2 2");
  CHECK(find("5x", "[^%d]") == "2 2");
  CHECK(find("a]", "[%]]") == "2 2");
  CHECK(find("b", "[a-c-e]") == "1 1");
}

TEST_CASE("quantifiers", "[pattern]") {
  CHECK(find("aaab", "a*") == "1 3");
  CHECK(find("baaa", "a*") == "1 0");
  CHECK(find("baaa", "a+") == "2 4");
  CHECK(find("aaab", "a-b") == "1 4");
  CHECK(find("aaab", "a-") == "1 0");
  CHECK(find("ab", "a?b") == "1 2");
  CHECK(find("b", "a?b") == "1 1");
  CHECK(find("<a><b>", "<.->") == "1 3");
  CHECK(find("<a><b>", "<.*>") == "1 6");
  CHECK(find("x", "a*$") == "2 1");
}

TEST_CASE("anchors", "[pattern]") {
  CHECK(find("hello", "^h") == "1 1");
  CHECK(find("hello", "^e") == "nil");
  CHECK(find("hello", "o$") == "5 5");
  CHECK(find("a$b", "$b") == "2 3");  // '$' not at the end is a literal
  CHECK(find("a^b", "a^") == "1 2");  // '^' not at the start is a literal
  CHECK(find("", "^$") == "1 0");
}

TEST_CASE("captures", "[pattern]") {
  CHECK(find("key = value", "(%w+)%s*=%s*(%w+)") == "1 11 [key] [value]");
  CHECK(find("hello", "()ll()") == "3 4 3 5");
  CHECK(find("hello", "(h)(e)(l)(l)(o)") == "1 5 [h] [e] [l] [l] [o]");
  CHECK(find("aaa", "(a*(.)%2)") == "1 3 [aaa] [a]");
  CHECK(find("abcabc", "(abc)%1") == "1 6 [abc]");
  CHECK(find("xyx", "(.).%1") == "1 3 [x]");
  CHECK(find("aa", "()%1") == "nil");  // a position capture never matches as a back-reference
  CHECK(find("abc", "((a)(b))") == "1 2 [ab] [a] [b]");
}

TEST_CASE("balance and frontier", "[pattern]") {
  CHECK(find("f(a(b)c)d", "%b()") == "2 8");
  CHECK(find("((x)", "%b()") == "2 4");
  CHECK(find("|a|", "%b||") == "1 3");
  CHECK(find("THE (quick) fox", "%f[%a]%a+", 4) == "6 10");
  CHECK(find("THE END", "%f[%w]%w+$") == "5 7");
  CHECK(find("abc", "%f[%z]") == "4 3");  // the end of the subject counts as '\0'
}

TEST_CASE("malformed patterns raise Lua's messages", "[pattern]") {
  CHECK(find("a", "%") == "error: malformed pattern (ends with '%')");
  CHECK(find("a", "[a") == "error: malformed pattern (missing ']')");
  CHECK(find("a", "[a%") == "error: malformed pattern (missing ']')");
  CHECK(find("a", "[]") == "error: malformed pattern (missing ']')");
  CHECK(find("a", "(a") == "error: unfinished capture");
  CHECK(find("a", "a)") == "error: invalid pattern capture");
  CHECK(find("a", "%1") == "error: invalid capture index %1");
  CHECK(find("a", "(a)%2") == "error: invalid capture index %2");
  CHECK(find("a", "%0") == "error: invalid capture index %0");
  CHECK(find("a", "(a%1)") == "error: invalid capture index %1");
  CHECK(find("a", "%f") == "error: missing '[' after '%f' in pattern");
  CHECK(find("a", "%fa") == "error: missing '[' after '%f' in pattern");
  CHECK(find("a", "%b") == "error: malformed pattern (missing arguments to '%b')");
  CHECK(find("a", "%ba") == "error: malformed pattern (missing arguments to '%b')");
  std::string many(33 * 3, ' ');
  for (int i = 0; i < 33; i++) many.replace(size_t(i) * 3, 3, "(a)");
  CHECK(find(std::string(33, 'a'), many) == "error: too many captures");
}

TEST_CASE("recursion is bounded as in Lua", "[pattern]") {
  auto repeat = [](const char* s, int n) {
    std::string r;
    for (int i = 0; i < n; i++) r += s;
    return r;
  };
  // Each "a?" that matches recurses; Lua allows 199 of them.
  CHECK(find(std::string(199, 'a'), repeat("a?", 199)) == "1 199");
  CHECK(find(std::string(200, 'a'), repeat("a?", 200)) == "error: pattern too complex");
  // Repetitions that match nothing do not recurse.
  CHECK(find(std::string(300, 'a'), repeat("a*", 300)) == "1 300");
  CHECK(find(std::string(300, 'a'), repeat("a*", 300) + "b") == "error: pattern too complex");
  // Long subjects do not recurse per character.
  CHECK(find(std::string(100000, 'a'), "^.-b") == "nil");
  CHECK(find(std::string(100000, 'a') + "b", "a*b") == "1 100001");
}

TEST_CASE("has_specials", "[pattern]") {
  CHECK_FALSE(PatternMatcher::has_specials("hello world)"));
  CHECK_FALSE(PatternMatcher::has_specials(std::string_view("a\0b", 3)));
  for (const char* p : {"^", "$", "*", "+", "?", ".", "(", "[", "%", "-"}) {
    CHECK(PatternMatcher::has_specials(std::string("ab") + p));
  }
}

// Random patterns over a small alphabet of pattern pieces, against random
// subjects: the matcher must only ever match or raise a PatternError (run
// under ASan, it must never read outside the subject or the pattern).
TEST_CASE("random patterns never misbehave", "[pattern][fuzz]") {
  static const char* const kPieces[] = {
      "a", "b", ".",  "%a", "%d", "%W",   "[ab]", "[^a]",   "[a-c]",  "[]]", "[^]]", "%%",
      "(", ")", "()", "%1", "%2", "%b()", "%bab", "%f[%a]", "%f[%A]", "$",   "^",    "-",
      "*", "+", "?",  "%",  "[",  "[^",   "%b",   "%f",     "[%",     "x"};
  static const char kSubjectChars[] = "abc() 1xA\0.%]-";
  std::mt19937 random(2024);
  for (int i = 0; i < 200000; i++) {
    std::string pattern;
    for (int n = int(random() % 6) + 1; n > 0; n--)
      pattern += kPieces[random() % std::size(kPieces)];
    std::string subject;
    for (int n = int(random() % 12); n > 0; n--) {
      subject += kSubjectChars[random() % (sizeof kSubjectChars - 1)];
    }
    // Exact-size heap copies, so that ASan sees any read past either end.
    std::unique_ptr<char[]> s(new char[subject.size()]), p(new char[pattern.size()]);
    std::memcpy(s.get(), subject.data(), subject.size());
    std::memcpy(p.get(), pattern.data(), pattern.size());
    std::string result = find({s.get(), subject.size()}, {p.get(), pattern.size()});
    REQUIRE(!result.empty());
  }
}
