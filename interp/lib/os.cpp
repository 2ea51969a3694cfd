// lib/os.cpp — the `os` library of Lua 5.4: time and dates, the process's
// CPU clock, environment variables, removing and renaming files, temporary
// names, running shell commands, the locale and exiting the process.
//
// Dates go through the C library exactly as in Lua (mktime normalises a
// date table, strftime formats one conversion at a time, after the
// conversion has been checked against C99's list), so results and messages
// match stock Lua on the same machine and time zone.
//
// os.execute waits for its command with the GIL released. os.exit ends the
// process like Lua's C exit(): output buffers are flushed, the other threads
// are not waited for, and the interpreter is not torn down under them.
//
// The helpers lib.h declares for reporting failures the way lauxlib does
// (push_file_result, push_exec_result, check_option), for starting shell
// commands (spawn_shell, wait_for_child) and for a closed standard stream
// live here; io uses them too.
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <clocale>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>

#include "interp/core/api.h"
#include "interp/lib/lib.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

namespace gilvm {

int push_file_result(ThreadState& L, bool ok, const char* name, int error_number) {
  if (ok) {
    L.push(Value::boolean(true));
    return 1;
  }
  L.push(Value());
  std::string message = std::strerror(error_number);
  if (name) message = std::string(name) + ": " + message;
  L.push_string(message);
  L.push(Value::integer(error_number));
  return 3;
}

int push_exec_result(ThreadState& L, int status, int error_number) {
  if (status != 0 && error_number != 0) return push_file_result(L, false, nullptr, error_number);
  const char* what = "exit";
  if (WIFEXITED(status)) {
    status = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    status = WTERMSIG(status);
    what = "signal";
  }
  L.push(std::strcmp(what, "exit") == 0 && status == 0 ? Value::boolean(true) : Value());
  L.push_string(what);
  L.push(Value::integer(status));
  return 3;
}

void end_if_standard_stream_closed(FILE* f, int error_number) {
  if (error_number != EPIPE || (f != stdout && f != stderr)) return;
  // What the kernel would have done had SIGPIPE not been ignored: nothing is
  // flushed (another thread may hold a stream's lock while it reads).
  signal(SIGPIPE, SIG_DFL);
  sigset_t pipe_signal;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_UNBLOCK, &pipe_signal, nullptr);
  raise(SIGPIPE);
  std::_Exit(128 + SIGPIPE);
}

pid_t spawn_shell(const char* command, int child_fd, int target_fd, int* error_number) {
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  if (child_fd >= 0) posix_spawn_file_actions_adddup2(&files, child_fd, target_fd);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none, to_default;
  sigemptyset(&none);
  sigemptyset(&to_default);
  sigaddset(&to_default, SIGPIPE);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &to_default);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  char* argv[] = {const_cast<char*>("sh"), const_cast<char*>("-c"), const_cast<char*>(command),
                  nullptr};
  pid_t pid = -1;
  const int failed = posix_spawn(&pid, "/bin/sh", &files, &attributes, argv, environ);
  posix_spawn_file_actions_destroy(&files);
  posix_spawnattr_destroy(&attributes);
  if (failed) {
    *error_number = failed;
    return -1;
  }
  return pid;
}

int wait_for_child(pid_t pid, int* error_number) {
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      *error_number = errno;
      return -1;
    }
  }
  return status;
}

size_t check_option(ThreadState& L, int i, const char* fallback,
                    std::initializer_list<const char*> names) {
  // Compared as C strings, up to a NUL, as Lua compares them.
  const char* name = fallback && L.arg(i).is_nil() ? fallback : L.check_string(i)->c_str();
  size_t index = 0;
  for (const char* candidate : names) {
    if (std::strcmp(name, candidate) == 0) return index;
    index++;
  }
  L.arg_error(i, std::string("invalid option '") + name + "'");
}

namespace {

// --- dates ---------------------------------------------------------------------

// Argument i as a time_t (an integer; every int64_t is a time_t here).
time_t check_time(ThreadState& L, int i) {
  return time_t(L.check_integer(i));
}

// Field `key` of the date table (argument 1) minus `delta`. A missing field
// takes `fallback`, or is an error if fallback < 0.
int date_field(ThreadState& L, const char* key, int fallback, int delta) {
  const Value v = L.index(L.args()[0], Value::string(L.interp.intern(key)));
  int64_t n;
  if (!to_integer(v, &n)) {
    if (!v.is_nil()) L.error("field '%s' is not an integer", key);
    if (fallback < 0) L.error("field '%s' missing in date table", key);
    return fallback;
  }
  // The stored value must fit in an int (struct tm's fields) once delta is off.
  if (!(n >= 0 ? n - delta <= INT_MAX : INT_MIN + delta <= n))
    L.error("field '%s' is out-of-bound", key);
  return int(n - delta);
}

// isdst: -1 (let mktime decide) when absent.
int date_flag(ThreadState& L, const char* key) {
  const Value v = L.index(L.args()[0], Value::string(L.interp.intern(key)));
  return v.is_nil() ? -1 : int(v.is_truthy());
}

// Stores the fields of tm the way os.date("*t") shows them, through
// set(key, value): raw into a new table, metamethod-aware into the table
// the caller gave os.time.
template <class Set>
void set_date_fields(ThreadState& L, const std::tm& tm, Set set) {
  auto field = [&](const char* key, int value, int delta) {
    set(L.interp.intern(key), Value::integer(int64_t(value) + delta));
  };
  field("year", tm.tm_year, 1900);
  field("month", tm.tm_mon, 1);
  field("day", tm.tm_mday, 0);
  field("hour", tm.tm_hour, 0);
  field("min", tm.tm_min, 0);
  field("sec", tm.tm_sec, 0);
  field("yday", tm.tm_yday, 1);
  field("wday", tm.tm_wday, 1);
  if (tm.tm_isdst >= 0) set(L.interp.intern("isdst"), Value::boolean(tm.tm_isdst != 0));
}

// os.time([t]): now, or the time of date table t, whose fields are then
// normalised in place (as mktime normalises them: day = 32 becomes the 1st
// of the next month).
int os_time(ThreadState& L) {
  time_t t;
  if (L.arg(1).is_nil()) {
    t = std::time(nullptr);
  } else {
    L.check_type(1, Tag::Table);
    std::tm tm{};
    tm.tm_year = date_field(L, "year", -1, 1900);
    tm.tm_mon = date_field(L, "month", -1, 1);
    tm.tm_mday = date_field(L, "day", -1, 0);
    tm.tm_hour = date_field(L, "hour", 12, 0);
    tm.tm_min = date_field(L, "min", 0, 0);
    tm.tm_sec = date_field(L, "sec", 0, 0);
    tm.tm_isdst = date_flag(L, "isdst");
    t = std::mktime(&tm);
    const Value table = L.args()[0];
    set_date_fields(L, tm,
                    [&](String* key, Value v) { L.set_index(table, Value::string(key), v); });
  }
  if (t == time_t(-1)) L.error("time result cannot be represented in this installation");
  L.push(Value::integer(int64_t(t)));
  return 1;
}

// The conversions strftime accepts (C99), grouped by length; "||" starts the
// two-character group.
constexpr const char kConversions[] =
    "aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%"
    "||"
    "EcECExEXEyEY"
    "OdOeOHOIOmOMOSOuOUOVOwOWOy";

// Copies the conversion at `conv` (after a '%'; `left` bytes remain) into
// spec, after the '%' already there, and returns the text after it; an
// unknown conversion is an error naming the rest of the format.
const char* take_conversion(ThreadState& L, const char* conv, ptrdiff_t left, char* spec) {
  int length = 1;
  for (const char* option = kConversions; *option != '\0' && length <= left; option += length) {
    if (*option == '|') {
      length++;
    } else if (std::memcmp(conv, option, size_t(length)) == 0) {
      std::memcpy(spec, conv, size_t(length));
      spec[length] = '\0';
      return conv + length;
    }
  }
  L.arg_error(1, std::string("invalid conversion specifier '%") + conv + "'");
}

// os.date([format [, time]]): time (default now) as text, or as a table for
// "*t"; a leading '!' means UTC instead of local time.
int os_date(ThreadState& L) {
  const String* format = L.opt_string(1, L.interp.intern("%c"));
  const time_t t = L.arg(2).is_nil() ? std::time(nullptr) : check_time(L, 2);
  const char* s = format->data;
  const char* end = s + format->length;
  std::tm tm;
  bool ok;
  if (*s == '!') {
    ok = gmtime_r(&t, &tm) != nullptr;
    s++;
  } else {
    ok = localtime_r(&t, &tm) != nullptr;
  }
  if (!ok) L.error("date result cannot be represented in this installation");
  if (std::strcmp(s, "*t") == 0) {
    Table* table = L.interp.new_table(0, 9);
    L.push(Value::table(table));
    set_date_fields(L, tm, [&](String* key, Value v) { table_set_str(L, table, key, v); });
    return 1;
  }
  constexpr size_t kMaxItem = 250;  // the longest text one conversion may produce
  std::string out;
  char spec[4] = {'%'};
  char item[kMaxItem];
  while (s < end) {
    if (*s != '%') {
      out.push_back(*s++);
    } else {
      s = take_conversion(L, s + 1, end - (s + 1), spec + 1);
      out.append(item, std::strftime(item, sizeof item, spec, &tm));
    }
  }
  L.push_string(out);
  return 1;
}

int os_difftime(ThreadState& L) {
  const time_t t1 = check_time(L, 1);
  const time_t t2 = check_time(L, 2);
  L.push(Value::number(std::difftime(t1, t2)));
  return 1;
}

// os.clock(): CPU time used by the process (all its threads), in seconds.
int os_clock(ThreadState& L) {
  L.push(Value::number(double(std::clock()) / double(CLOCKS_PER_SEC)));
  return 1;
}

// --- the environment and files ------------------------------------------------

int os_getenv(ThreadState& L) {
  const char* value = std::getenv(L.check_string(1)->c_str());
  L.push(value ? Value::string(L.interp.new_string(value)) : Value());
  return 1;
}

int os_remove(ThreadState& L) {
  const char* name = L.check_string(1)->c_str();
  const bool ok = std::remove(name) == 0;
  return push_file_result(L, ok, name, errno);
}

int os_rename(ThreadState& L) {
  const char* from = L.check_string(1)->c_str();
  const char* to = L.check_string(2)->c_str();
  const bool ok = std::rename(from, to) == 0;
  return push_file_result(L, ok, nullptr, errno);
}

// os.tmpname(): the name of a new, empty file (mkstemp makes it, so that no
// other process can take the name first).
int os_tmpname(ThreadState& L) {
  char name[] = "/tmp/lua_XXXXXX";
  const int fd = mkstemp(name);
  if (fd == -1) L.error("unable to generate a unique filename");
  close(fd);
  L.push_string(name);
  return 1;
}

// os.execute([command]): runs command in a shell (spawn_shell), with the GIL
// released while it runs. Unlike C's system(), this process does not ignore
// Ctrl-C meanwhile: the command and the script are both interrupted. Without
// a command: whether a shell is available.
int os_execute(ThreadState& L) {
  const String* command = L.opt_string(1, nullptr);
  if (!command) {
    L.push(Value::boolean(access("/bin/sh", X_OK) == 0));
    return 1;
  }
  const std::string text = command->c_str();  // detached code reads a copy
  int status = -1, error_number = 0;
  {
    AllowThreads detached(L);
    const pid_t pid = spawn_shell(text.c_str(), -1, -1, &error_number);
    if (pid > 0) status = wait_for_child(pid, &error_number);
  }
  return push_exec_result(L, status, error_number);
}

// os.setlocale([locale [, category]]): sets (or, without a locale, queries)
// the C locale; nil if the locale is not available.
int os_setlocale(ThreadState& L) {
  static const int kCategories[] = {LC_ALL, LC_COLLATE, LC_CTYPE, LC_MONETARY, LC_NUMERIC, LC_TIME};
  const String* locale = L.opt_string(1, nullptr);
  const size_t category =
      check_option(L, 2, "all", {"all", "collate", "ctype", "monetary", "numeric", "time"});
  const char* result = std::setlocale(kCategories[category], locale ? locale->c_str() : nullptr);
  L.push(result ? Value::string(L.interp.new_string(result)) : Value());
  return 1;
}

// Closes every pending to-be-closed variable of this thread, as lua_close
// does before os.exit(status, true) ends the process; an error in one
// __close handler does not stop the others.
int close_pending_variables(ThreadState& L) {
  L.close_frame_resources(L.stack, nullptr);
  return 0;
}

// os.exit([status [, close]]): ends the process. The C library's exit()
// flushes and closes every stream, so nothing written is lost; threads still
// running are not waited for (the one that calls exit holds the GIL, so no
// Lua code runs while the process ends).
// The ASan build's leak check at exit scans a thread's stack from its stack
// pointer; after os.exit in a coroutine or loop task that pointer is on a
// fiber's stack, and the thread's own stack, where the program keeps its
// Interpreter, would go unscanned: everything reachable only from there
// would be reported as leaked. The whole stack becomes a root instead.
void keep_thread_stack_scanned() {
#if defined(__SANITIZE_ADDRESS__)
  pthread_attr_t attributes;
  if (pthread_getattr_np(pthread_self(), &attributes) != 0) return;
  void* base;
  size_t size;
  if (pthread_attr_getstack(&attributes, &base, &size) == 0)
    __lsan_register_root_region(base, size);
  pthread_attr_destroy(&attributes);
#endif
}

int os_exit(ThreadState& L) {
  int status;
  if (L.arg(1).is_bool())
    status = L.arg(1).is_truthy() ? EXIT_SUCCESS : EXIT_FAILURE;
  else
    status = int(L.opt_integer(1, EXIT_SUCCESS));
  if (L.arg(2).is_truthy()) {
    for (;;) {
      Value* call = L.top;
      L.push(Value::native(close_pending_variables));
      if (L.pcall(call, 0)) break;
      L.top = call;
    }
    L.interp.finalize_all(L);  // what lua_close does after closing them
  }
  keep_thread_stack_scanned();
  std::exit(status);
}

}  // namespace

void open_os_lib(Interpreter& I) {
  I.new_module("os", {{"clock", os_clock},
                      {"date", os_date},
                      {"difftime", os_difftime},
                      {"execute", os_execute},
                      {"exit", os_exit},
                      {"getenv", os_getenv},
                      {"remove", os_remove},
                      {"rename", os_rename},
                      {"setlocale", os_setlocale},
                      {"time", os_time},
                      {"tmpname", os_tmpname}});
}

}  // namespace gilvm
