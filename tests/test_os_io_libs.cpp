// Unit tests of the io, os, utf8 and package libraries from the host's side:
// the modules a fresh interpreter registers, the files it closes when it is
// destroyed, and the luaL_fileresult conventions of lib.h. What scripts see
// is pinned by the differential tests (tests/diff/io_*, os_*, utf8_*,
// require_*, package_*) and the GIL behaviour by tests/lua/io_*.
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "interp/core/api.h"
#include "interp/lib/lib.h"

using namespace gilvm;

TEST_CASE("io, os, utf8 and package are globals and in package.loaded", "[libs][io]") {
  Interpreter I;
  for (const char* name : {"io", "os", "utf8", "package"}) {
    const Value module = table_get_str(I.loaded, I.intern(name));
    REQUIRE(module.is_table());
    CHECK(raw_equal(module, table_get_str(I.globals, I.intern(name))));
  }
  CHECK(table_get_str(I.globals, I.intern("require")).is_function());
  const Value package = table_get_str(I.loaded, I.intern("package"));
  CHECK(table_get_str(package.as_table(), I.intern("loaded")).as_table() == I.loaded);
}

TEST_CASE("destroying the interpreter closes the files scripts left open", "[libs][io]") {
  char name[] = "/tmp/gilvm_test_io_XXXXXX";
  const int fd = mkstemp(name);
  REQUIRE(fd >= 0);
  close(fd);
  {
    Interpreter I;
    std::string error;
    REQUIRE(run_string(I,
                       "kept = io.open('" + std::string(name) +
                           "', 'w') "
                           "kept:write('flushed when the interpreter goes')",
                       "=test", &error));
  }
  std::ifstream in(name);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str() == "flushed when the interpreter goes");
  std::remove(name);
}

TEST_CASE("push_file_result and push_exec_result follow luaL_fileresult", "[libs][io]") {
  Interpreter I;
  ThreadState& L = I.main_thread();
  Value* base = L.top;

  CHECK(push_file_result(L, true, "ignored", ENOENT) == 1);
  CHECK(base[0].tag == Tag::True);
  L.top = base;

  CHECK(push_file_result(L, false, "name", ENOENT) == 3);
  CHECK(base[0].is_nil());
  CHECK(base[1].as_string()->view() == "name: No such file or directory");
  CHECK(base[2].i == ENOENT);
  L.top = base;

  CHECK(push_file_result(L, false, nullptr, EACCES) == 3);
  CHECK(base[1].as_string()->view() == "Permission denied");
  L.top = base;

  // Wait statuses: exited with 0, exited with 3, killed by signal 9.
  CHECK(push_exec_result(L, 0, 0) == 3);
  CHECK(base[0].tag == Tag::True);
  CHECK(base[1].as_string()->view() == "exit");
  CHECK(base[2].i == 0);
  L.top = base;
  CHECK(push_exec_result(L, 3 << 8, 0) == 3);
  CHECK(base[0].is_nil());
  CHECK(base[2].i == 3);
  L.top = base;
  CHECK(push_exec_result(L, 9, 0) == 3);
  CHECK(base[1].as_string()->view() == "signal");
  CHECK(base[2].i == 9);
  L.top = base;
  // A command that could not be waited for at all reports errno.
  CHECK(push_exec_result(L, -1, ECHILD) == 3);
  CHECK(base[0].is_nil());
  CHECK(base[2].i == ECHILD);
  L.top = base;
}
