// main.cpp — the gilvm program: runs a script, -e strings, standard input or
// an interactive prompt, with the command line of the stand-alone `lua` 5.4
// (-e -i -l -v -E -W -- -, LUA_INIT) and gilvm's own long options.
//
// Exit status: 0 on success, 1 on an uncaught error (message and traceback on
// stderr) and on the usage errors lua reports (an unknown option, -e or -l
// without its argument), 2 on a bad value for one of gilvm's own options,
// 130 after Ctrl-C.
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "interp/core/api.h"
#include "interp/core/disasm.h"
#include "interp/lib/lib.h"
#include "interp/modules/modules.h"
#include "loop/loop.h"
#include "loop/worker.h"

namespace {

using namespace gilvm;

const char* g_progname = "gilvm";
Interpreter* g_interp = nullptr;
volatile sig_atomic_t g_interrupted = 0;

#ifdef GILVM_FREE_THREADED
constexpr const char* kBuild = "free-threaded";
#else
constexpr const char* kBuild = "gil";
#endif

// lua's usage text, then gilvm's own options.
void print_usage(FILE* out) {
  fprintf(
      out,
      "usage: %s [options] [script [args]]\n"
      "Available options are:\n"
      "  -e stat   execute string 'stat'\n"
      "  -i        enter interactive mode after executing 'script'\n"
      "  -l mod    require library 'mod' into global 'mod'\n"
      "  -l g=mod  require library 'mod' into global 'g'\n"
      "  -v        show version information\n"
      "  -E        ignore environment variables\n"
      "  -W        turn warnings on\n"
      "  --        stop handling options\n"
      "  -         stop handling options and execute stdin\n"
      "gilvm's own options:\n"
      "  -h, --help             show this text\n"
      "  --version              show version and build\n"
      "  --disasm               print the bytecode listing instead of running\n"
      "  --gil-policy=NAME      interval (default), ticks, fifo or priority\n"
      "  --switch-interval=SEC  GIL switch interval (default 0.005)\n"
      "  --gil=on|off           free-threaded build: run with a GIL (default off)\n"
      "  --gil-stats            print GIL statistics to stderr at exit\n"
      "  --lock-stats           print lock contention (tables, strings, stop-the-world) at exit\n"
      "  --trace=FILE           write a Chrome Trace Event JSON of GIL and GC events\n",
      g_progname);
}

void on_sigint(int) {
  g_interrupted = 1;
  if (g_interp) g_interp->eval_breaker.set(gil::EvalBreaker::kInterrupt);
}

// Errors go to stderr behind the program's name, except at the interactive
// prompt (as lua: g_report_name is null there).
const char* g_report_name = nullptr;

void report(const std::string& msg) {
  if (g_report_name) fprintf(stderr, "%s: ", g_report_name);
  fprintf(stderr, "%s\n", msg.c_str());
  fflush(stderr);
}

// The last resort for an allocation that fails outside every protected call
// (reading a script, a thread's end, waiting for threads at exit): a clear
// message and status 1 instead of SIGABRT. Nothing is torn down, as after
// Ctrl-C: other threads may still be running.
[[noreturn]] void on_terminate() {
  bool out_of_memory = false;
  if (std::exception_ptr e = std::current_exception()) {
    try {
      std::rethrow_exception(e);
    } catch (const std::bad_alloc&) {
      out_of_memory = true;
    } catch (...) {
    }
  }
  if (!out_of_memory) std::abort();
  fprintf(stderr, "%s: not enough memory\n", g_progname);
  loop::kill_worker_processes();
  fflush(stdout);
  std::_Exit(1);
}

// Runs the function below the nargs arguments on the stack; reports an error.
bool run_protected(ThreadState& L, int nargs, int nresults) {
  std::string error;
  if (call_with_traceback(L, nargs, nresults, &error)) return true;
  report(error);
  return false;
}

// Loads a chunk; on failure reports Lua's message.
LClosure* load_chunk(Interpreter& I, const std::string& text, const std::string& chunkname) {
  std::string error;
  LClosure* f = I.load(text, chunkname, "bt", &error);
  if (!f) report(error);
  return f;
}

bool disassemble_chunk(Interpreter& I, const std::string& text, const std::string& chunkname) {
  LClosure* f = load_chunk(I, text, chunkname);
  if (!f) return false;
  std::string listing;
  disassemble(f->proto, listing);
  fwrite(listing.data(), 1, listing.size(), stdout);
  return true;
}

void print_version() {
  printf("gilvm 0.1.0 (%s build), Lua 5.4 bytecode\n", kBuild);
  fflush(stdout);
}

// --- the interactive prompt (lua's doREPL) ---

// The prompt: the global _PROMPT (first line) or _PROMPT2 (continuation
// lines) when it is a string or a number, else "> " or ">> ".
std::string prompt(Interpreter& I, bool first_line) {
  const Value p = table_get_str(I.globals, I.intern(first_line ? "_PROMPT" : "_PROMPT2"));
  if (p.is_string() || p.is_number()) {
    Value text = p;
    I.main_thread().to_string_in_place(&text);
    return std::string(text.as_string()->view());
  }
  return first_line ? "> " : ">> ";
}

// Shows the prompt and reads one line without its newline; false at end of input.
bool read_line(Interpreter& I, bool first_line, std::string* line) {
  fputs(prompt(I, first_line).c_str(), stdout);
  fflush(stdout);
  return bool(std::getline(std::cin, *line));
}

// Whether a syntax error only says that the chunk ended too early, so that
// more lines may complete it (lua's "<eof>" test).
bool incomplete(const std::string& error) {
  return error.ends_with("<eof>");
}

// Reads one statement as lua does: a first line starting with '=' means
// "return" (Lua 5.2's form); a line is first tried as "return line" (an
// expression whose values are printed), then as a statement, read on over
// more lines while it is incomplete. Returns null at end of input; sets
// *error to the syntax error when there is one.
LClosure* read_statement(Interpreter& I, std::string* error, bool* at_end) {
  std::string line;
  *at_end = !read_line(I, true, &line);
  if (*at_end) return nullptr;
  if (line.starts_with('=')) line = "return " + line.substr(1);
  std::string ignored;
  if (LClosure* f = I.load("return " + line, "=stdin", "t", &ignored)) return f;
  for (;;) {
    if (LClosure* f = I.load(line, "=stdin", "t", error)) return f;
    std::string more;
    if (!incomplete(*error) || !read_line(I, false, &more)) return nullptr;
    line += "\n" + more;
  }
}

// Calls print with the values in [base, top) (lua's l_print).
void print_results(ThreadState& L, Value* base) {
  const int n = int(L.top - base);
  if (n == 0) return;
  L.ensure_stack(1);
  for (Value* v = L.top; v > base; v--) *v = v[-1];
  *base = table_get_str(L.interp.globals, L.interp.intern("print"));
  L.top++;
  if (!L.pcall(base, 0)) {
    const std::string error(L.to_display_string(*base)->view());
    report("error calling 'print' (" + error + ")");
  }
}

void interactive(Interpreter& I) {
  ThreadState& L = I.main_thread();
  const char* const name = g_report_name;
  g_report_name = nullptr;
  for (;;) {
    std::string error;
    bool at_end = false;
    LClosure* f = read_statement(I, &error, &at_end);
    if (at_end) break;
    if (!f) {
      report(error);
      continue;
    }
    Value* base = L.top;
    L.push(Value::lclosure(f));
    if (run_protected(L, 0, kMultRet)) print_results(L, base);
    L.top = base;
  }
  fputs("\n", stdout);
  fflush(stdout);
  g_report_name = name;
}

// --- the command line ---

// What the command line asks for.
struct Options {
  // -e, -l and -W in the order given: ('e', code), ('l', "mod" or "g=mod"), ('W', "").
  std::vector<std::pair<char, std::string>> actions;
  bool interactive = false, version = false, ignore_env = false;
  bool disasm = false, gil_stats = false, lock_stats = false;
  bool gil_on = !gilvm::kFreeThreaded;
  std::string policy_name = "interval", trace_path;
  double switch_interval = gil::Gil::kDefaultInterval;
  int script = 0;  // argv index of the script ("-": standard input), 0 if none
};

// The usage errors lua reports: its message and the usage, status 1.
int lua_usage_error(const char* option) {
  const bool needs_argument = option[1] == 'e' || option[1] == 'l';
  fprintf(stderr, needs_argument ? "%s: '%s' needs argument\n" : "%s: unrecognized option '%s'\n",
          g_progname, option);
  print_usage(stderr);
  return 1;
}

// A bad value for one of gilvm's own options: status 2.
int usage_error(const char* fmt, const std::string& what) {
  fprintf(stderr, "%s: ", g_progname);
  fprintf(stderr, fmt, what.c_str());
  fprintf(stderr, "\n");
  print_usage(stderr);
  return 2;
}

// The value of "--name=value", or nullptr if `a` is not that option.
const char* option_value(const std::string& a, const char* name) {
  const size_t n = strlen(name);
  if (a.compare(0, n, name) == 0 && a.size() > n && a[n] == '=') return a.c_str() + n + 1;
  return nullptr;
}

bool write_file(const std::string& path, const std::string& text) {
  FILE* f = fopen(path.c_str(), "wb");
  if (!f) return false;
  bool ok = fwrite(text.data(), 1, text.size(), f) == text.size();
  return fclose(f) == 0 && ok;
}

// One of gilvm's own long options ("--name" or "--name=value"). Returns -1
// when it is one and is fine, an exit status to end with otherwise.
int gilvm_option(const std::string& a, Options& o) {
  if (a == "--version") {
    o.version = true;
  } else if (a == "--help") {
    print_usage(stdout);
    return 0;
  } else if (a == "--disasm") {
    o.disasm = true;
  } else if (a == "--lock-stats") {
    o.lock_stats = true;
  } else if (a == "--gil-stats") {
    o.gil_stats = true;
  } else if (const char* v = option_value(a, "--gil-policy")) {
    o.policy_name = v;
    if (!gil::make_policy(o.policy_name))
      return usage_error("unknown GIL policy '%s' (expected interval, ticks, fifo or priority)",
                         o.policy_name);
  } else if (const char* v = option_value(a, "--switch-interval")) {
    char* end = nullptr;
    o.switch_interval = strtod(v, &end);
    if (end == v || *end || !(o.switch_interval > 0) || o.switch_interval > 1000)
      return usage_error("bad switch interval '%s' (expected seconds, more than 0, at most 1000)",
                         v);
  } else if (const char* v = option_value(a, "--trace")) {
    o.trace_path = v;
    if (o.trace_path.empty()) return usage_error("%s needs a file name", "--trace");
  } else if (const char* v = option_value(a, "--gil")) {
    const std::string on = v;
    if (on != "on" && on != "off")
      return usage_error("bad value '%s' for --gil (expected on or off)", on);
#ifndef GILVM_FREE_THREADED
    if (on == "off")
      return usage_error("%s: the GIL build cannot run without its GIL (use gilvm-ft)", a);
#endif
    o.gil_on = on == "on";
  } else {
    return lua_usage_error(a.c_str());
  }
  return -1;
}

// Reads the options as lua's collectargs does: they end at the first
// argument that is not one (the script), at "-" (the script is standard
// input) or after "--"; -e and -l take the rest of their argument or the
// next argument, which must not start with '-'; -i implies -v. Returns -1 to
// go on, or the exit status.
int parse_options(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; i++) {
    const char* a = argv[i];
    if (a[0] != '-') {
      o.script = i;
      return -1;
    }
    if (a[1] == '-' && a[2] != '\0') {
      if (const int status = gilvm_option(a, o); status >= 0) return status;
      continue;
    }
    const bool alone = a[1] == '\0' || a[2] == '\0';
    switch (a[1]) {
      case '-':
        if (i + 1 < argc) o.script = i + 1;
        return -1;
      case '\0': o.script = i; return -1;
      case 'h':
        if (!alone) return lua_usage_error(a);
        print_usage(stdout);
        return 0;
      case 'E':
        if (!alone) return lua_usage_error(a);
        o.ignore_env = true;
        break;
      case 'W':
        if (!alone) return lua_usage_error(a);
        o.actions.emplace_back('W', "");
        break;
      case 'i':
        if (!alone) return lua_usage_error(a);
        o.interactive = o.version = true;
        break;
      case 'v':
        if (!alone) return lua_usage_error(a);
        o.version = true;
        break;
      case 'e':
      case 'l': {
        const char* value = a + 2;
        if (*value == '\0') {
          if (i + 1 >= argc || argv[i + 1][0] == '-') return lua_usage_error(a);
          value = argv[++i];
        }
        o.actions.emplace_back(a[1], value);
        break;
      }
      default: return lua_usage_error(a);
    }
  }
  return -1;
}

// Runs a chunk of Lua source (a -e string, LUA_INIT) or, with --disasm, lists it.
bool run_string(Interpreter& I, const std::string& code, const std::string& chunkname,
                bool disasm) {
  if (disasm) return disassemble_chunk(I, code, chunkname);
  LClosure* f = load_chunk(I, code, chunkname);
  if (!f) return false;
  I.main_thread().push(Value::lclosure(f));
  return run_protected(I.main_thread(), 0, 0);
}

// -l: "mod" requires mod into the global mod, "g=mod" into the global g.
bool require_into_global(Interpreter& I, const std::string& spec) {
  ThreadState& L = I.main_thread();
  const size_t eq = spec.find('=');
  const std::string global = eq == std::string::npos ? spec : spec.substr(0, eq);
  const std::string module = eq == std::string::npos ? spec : spec.substr(eq + 1);
  Value* func = L.top;
  L.push(table_get_str(I.globals, I.intern("require")));
  L.push_string(module);
  if (!run_protected(L, 1, 1)) return false;
  I.set_field(I.globals, global.c_str(), *func);
  L.top = func;
  return true;
}

// LUA_INIT_5_4, or else LUA_INIT: "@file" runs the file, anything else is code.
bool run_lua_init(Interpreter& I) {
  const char* name = "LUA_INIT_5_4";
  const char* init = getenv(name);
  if (!init) init = getenv(name = "LUA_INIT");
  if (!init) return true;
  if (init[0] != '@') return run_string(I, init, std::string("=") + name, false);
  std::string text, error;
  if (!read_source_file(init + 1, &text, &error)) {
    report(error);
    return false;
  }
  return run_string(I, text, std::string("@") + (init + 1), false);
}

// The script (standard input for "-"), with the arguments after it.
bool run_script(Interpreter& I, int argc, char** argv, int script, bool disasm) {
  ThreadState& L = I.main_thread();
  const std::string path = argv[script];
  const bool from_stdin = path == "-" && std::strcmp(argv[script - 1], "--") != 0;
  const std::string chunkname = from_stdin ? "=stdin" : "@" + path;
  std::string text, error;
  if (!read_source_file(from_stdin ? nullptr : path.c_str(), &text, &error)) {
    report(error);
    return false;
  }
  if (disasm) return disassemble_chunk(I, text, chunkname);
  LClosure* f = load_chunk(I, text, chunkname);
  if (!f) return false;
  L.push(Value::lclosure(f));
  int nargs = 0;
  for (int j = script + 1; j < argc; j++, nargs++) L.push_string(argv[j]);
  return run_protected(L, nargs, 0);
}

// Everything after the interpreter is set up, in lua's order: LUA_INIT
// (unless -E), -e/-l/-W in order, the script, then the prompt (-i, or no
// script and no -e/-v on a terminal) or else standard input as a script.
bool run(Interpreter& I, const Options& o, int argc, char** argv) {
  if (!o.ignore_env && !run_lua_init(I)) return false;
  for (const auto& [option, value] : o.actions) {
    if (option == 'W') {
      I.warning({"@on"});
    } else if (option == 'e') {
      if (!run_string(I, value, "=(command line)", o.disasm)) return false;
    } else if (!require_into_global(I, value)) {
      return false;
    }
  }
  if (o.script && !run_script(I, argc, argv, o.script, o.disasm)) return false;
  bool has_e = false;
  for (const auto& action : o.actions) has_e |= action.first == 'e';
  if (o.interactive) {
    interactive(I);
  } else if (!o.script && !has_e && !o.version) {
    if (isatty(STDIN_FILENO)) {
      print_version();
      interactive(I);
    } else {
      std::string text, error;
      if (!read_source_file(nullptr, &text, &error)) {
        report(error);
        return false;
      }
      return run_string(I, text, "=stdin", o.disasm);
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 0 && argv[0]) {
    const char* slash = strrchr(argv[0], '/');
    g_progname = slash ? slash + 1 : argv[0];
  }
  std::set_terminate(on_terminate);
  // A worker process of executor.processes (loop/pool_protocol.h).
  if (argc >= 2 && std::strcmp(argv[1], "--worker") == 0)
    return loop::run_worker(argc - 2, argv + 2);

  Options options;
  if (const int status = parse_options(argc, argv, options); status >= 0) return status;
  g_report_name = g_progname;
  if (options.version) print_version();

  Interpreter interp;
  loop::open_loop_libs(interp);
  g_interp = &interp;
  signal(SIGINT, on_sigint);
  // A write to a closed pipe or socket is an error to report, not a reason
  // to die (Python ignores SIGPIPE too), but for the standard output and
  // error (end_if_standard_stream_closed).
  signal(SIGPIPE, SIG_IGN);
  ThreadState& L = interp.main_thread();
  interp.gil.set_enabled(options.gil_on);
  interp.gil.set_policy(gil::make_policy(options.policy_name));
  interp.gil.set_switch_interval(options.switch_interval);
  if (!options.trace_path.empty()) interp.gil.enable_trace();
  if (options.ignore_env) use_default_package_paths(interp);

  // The global 'arg', as in lua: arg[0] is the script and arg[1..] its
  // arguments, the negative indices the interpreter and its options; with
  // no script, arg[0] is the interpreter and arg[1..] its options.
  Table* args = interp.new_table();
  for (int j = 0; j < argc; j++)
    table_set_int(L, args, j - options.script, Value::string(interp.new_string(argv[j])));
  interp.set_field(interp.globals, "arg", Value::table(args));

  // Like Python, wait for the threads the script started, then report.
  // After Ctrl-C, exit at once: other threads may still run, so the
  // interpreter is not torn down under them; worker processes are killed
  // and reaped, not left behind.
  auto exit_status = [&](bool ok) {
    const bool interrupted = !ok && g_interrupted;
    if (interrupted || !thread_join_all(L)) {
      loop::kill_worker_processes();
      fflush(stdout);
      fflush(stderr);
      std::_Exit(130);
    }
    if (options.gil_stats) print_gil_stats(interp, stderr);
    if (options.lock_stats) print_lock_stats(interp, stderr);
    if (!options.trace_path.empty() &&
        !write_file(options.trace_path, interp.gil.trace_json(int(getpid())))) {
      fprintf(stderr, "%s: cannot write trace file %s\n", g_progname, options.trace_path.c_str());
      ok = false;
    }
    if (fflush(stdout) != 0) end_if_standard_stream_closed(stdout, errno);
    return ok ? 0 : 1;
  };

  return exit_status(run(interp, options, argc, argv));
}
