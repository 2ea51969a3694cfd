// test_assert.cpp — GILVM_ASSERT: compiled into debug builds (the asan and
// tsan presets), where a broken invariant aborts with its location, and left
// out of the release builds, where its condition is not even evaluated.
//
// The death tests break an invariant in a forked child and read what it
// wrote to stderr before it died.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <string>

#include "interp/core/assert.h"
#include "interp/core/state.h"

using namespace gilvm;
using Catch::Matchers::Contains;

TEST_CASE("GILVM_ASSERT evaluates its condition in debug builds only", "[assert]") {
  int evaluated = 0;
  GILVM_ASSERT(++evaluated == 1, "evaluated once");
#ifdef GILVM_ASSERTS
  CHECK(evaluated == 1);
#else
  CHECK(evaluated == 0);
#endif
}

#ifdef GILVM_ASSERTS
namespace {

struct ChildEnd {
  int signal;  // that ended it, or 0
  std::string stderr_text;
};

ChildEnd run_in_child(const std::function<void()>& body) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    close(fds[1]);
    body();
    _exit(0);
  }
  close(fds[1]);
  std::string text;
  char buffer[512];
  ssize_t n;
  while ((n = read(fds[0], buffer, sizeof buffer)) > 0) text.append(buffer, size_t(n));
  close(fds[0]);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  return {WIFSIGNALED(status) ? WTERMSIG(status) : 0, text};
}

}  // namespace

TEST_CASE("a broken invariant aborts with its place and condition", "[assert]") {
  SECTION("running Lua code in a thread that has detached") {
    // A native that calls back into Lua from inside AllowThreads would do
    // this: without the GIL another thread may be collecting meanwhile.
    ChildEnd end = run_in_child([] {
      Interpreter I;
      ThreadState& L = I.main_thread();
      std::string error;
      LClosure* f = I.load("return 1", "=test", "t", &error);
      L.push(Value::lclosure(f));
      I.gil.detach(L.os->gil);
      L.call(L.top - 1, 1);
    });
    CHECK(end.signal == SIGABRT);
    CHECK_THAT(end.stderr_text,
               Contains("vm.cpp:") && Contains("assertion failed: L.os && L.os->gil.attached()") &&
                   Contains("(running Lua code in a thread that is not attached)"));
  }
  SECTION("closing an upvalue that is already closed") {
    ChildEnd end = run_in_child([] {
      Interpreter I;
      I.new_upval()->close();
    });
    CHECK(end.signal == SIGABRT);
    CHECK_THAT(end.stderr_text,
               Contains("object.h:") && Contains("(closing an upvalue that is not open)"));
  }
}
#endif
