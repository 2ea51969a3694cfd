// main.cpp — the gilvm program: runs a script, a -e string, standard input or
// an interactive prompt, like the stand-alone `lua`.
//
// Exit status: 0 on success, 1 on an uncaught error (message and traceback on
// stderr), 2 on bad usage, 130 after Ctrl-C.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
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

void print_usage(FILE* out) {
  fprintf(out,
          "usage: %s [options] [script [args...]]\n"
          "  -e CODE      run CODE\n"
          "  -i           interactive prompt after the script (or alone)\n"
          "  -v           show version and build\n"
          "  --disasm     print the bytecode listing instead of running\n"
          "  --gil-policy=NAME      interval (default), ticks, fifo or priority\n"
          "  --switch-interval=SEC  GIL switch interval (default 0.005)\n"
          "  --gil=on|off           free-threaded build: run with a GIL (default off)\n"
          "  --gil-stats  print GIL statistics to stderr at exit\n"
          "  --lock-stats print lock contention (tables, strings, stop-the-world) at exit\n"
          "  --trace=FILE write a Chrome Trace Event JSON of GIL and GC events\n"
          "  --           stop handling options\n"
          "  -            run standard input\n",
          g_progname);
}

void on_sigint(int) {
  g_interrupted = 1;
  if (g_interp) g_interp->eval_breaker.set(gil::EvalBreaker::kInterrupt);
}

void report(const std::string& msg) {
  fprintf(stderr, "%s: %s\n", g_progname, msg.c_str());
  fflush(stderr);
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

void interactive(Interpreter& I) {
  ThreadState& L = I.main_thread();
  std::string line;
  for (;;) {
    fputs("> ", stdout);
    fflush(stdout);
    if (!std::getline(std::cin, line)) break;
    std::string error;
    LClosure* f = I.load("return " + line, "=stdin", "t", &error);
    if (!f) f = I.load(line, "=stdin", "t", &error);
    if (!f) {
      report(error);
      continue;
    }
    Value* base = L.top;
    L.push(Value::lclosure(f));
    if (run_protected(L, 0, kMultRet) && L.top > base) {
      std::string out;
      for (Value* v = base; v < L.top; v++) {
        if (v > base) out += "\t";
        out += L.to_display_string(*v)->view();
      }
      puts(out.c_str());
    }
    L.top = base;
  }
  fputs("\n", stdout);
}

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

}  // namespace

int main(int argc, char** argv) {
  if (argc > 0 && argv[0]) {
    const char* slash = strrchr(argv[0], '/');
    g_progname = slash ? slash + 1 : argv[0];
  }
  // A worker process of executor.processes (loop/pool_protocol.h).
  if (argc >= 2 && std::strcmp(argv[1], "--worker") == 0)
    return loop::run_worker(argc - 2, argv + 2);

  std::vector<std::string> exec_strings;
  bool want_interactive = false, want_version = false, want_disasm = false;
  bool want_gil_stats = false;
  bool want_lock_stats = false;
  bool gil_on = !gilvm::kFreeThreaded;
  std::string policy_name = "interval", trace_path;
  double switch_interval = gil::Gil::kDefaultInterval;
  int script = 0;  // index of the script argument in argv, 0 if none
  int i = 1;
  for (; i < argc; i++) {
    std::string a = argv[i];
    if (a == "--") {
      i++;
      break;
    } else if (a == "-") {
      break;
    } else if (a == "-e") {
      if (i + 1 >= argc) return usage_error("'%s' needs argument", a);
      exec_strings.push_back(argv[++i]);
    } else if (a == "-i") {
      want_interactive = true;
    } else if (a == "-v" || a == "--version") {
      want_version = true;
    } else if (a == "--disasm") {
      want_disasm = true;
    } else if (a == "--lock-stats") {
      want_lock_stats = true;
    } else if (a == "--gil-stats") {
      want_gil_stats = true;
    } else if (const char* v = option_value(a, "--gil-policy")) {
      policy_name = v;
      if (!gil::make_policy(policy_name))
        return usage_error("unknown GIL policy '%s' (expected interval, ticks, fifo or priority)",
                           policy_name);
    } else if (const char* v = option_value(a, "--switch-interval")) {
      char* end = nullptr;
      switch_interval = strtod(v, &end);
      if (end == v || *end || !(switch_interval > 0) || switch_interval > 1000)
        return usage_error("bad switch interval '%s' (expected seconds, more than 0, at most 1000)",
                           v);
    } else if (const char* v = option_value(a, "--trace")) {
      trace_path = v;
      if (trace_path.empty()) return usage_error("%s needs a file name", "--trace");
    } else if (const char* v = option_value(a, "--gil")) {
      const std::string on = v;
      if (on != "on" && on != "off")
        return usage_error("bad value '%s' for --gil (expected on or off)", on);
#ifndef GILVM_FREE_THREADED
      if (on == "off")
        return usage_error("%s: the GIL build cannot run without its GIL (use gilvm-ft)", a);
#endif
      gil_on = on == "on";
    } else if (a == "-h" || a == "--help") {
      print_usage(stdout);
      return 0;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage_error("unrecognized option '%s'", a);
    } else {
      break;
    }
  }
  if (i < argc) script = i;

  if (want_version) {
    printf("gilvm 0.1.0 (%s build), Lua 5.4 bytecode\n", kBuild);
    if (!script && exec_strings.empty() && !want_interactive) return 0;
  }

  Interpreter interp;
  loop::open_loop_libs(interp);
  g_interp = &interp;
  signal(SIGINT, on_sigint);
  // A write to a closed pipe or socket is an error to report, not a reason
  // to die (Python ignores SIGPIPE too).
  signal(SIGPIPE, SIG_IGN);
  ThreadState& L = interp.main_thread();
  interp.gil.set_enabled(gil_on);
  interp.gil.set_policy(gil::make_policy(policy_name));
  interp.gil.set_switch_interval(switch_interval);
  if (!trace_path.empty()) interp.gil.enable_trace();

  // The global 'arg': arg[0] is the script, arg[1..] its arguments, negative
  // indices the interpreter and its options (as in lua).
  Table* args = interp.new_table();
  int arg0 = script ? script : argc;
  for (int j = 0; j < argc; j++)
    table_set_int(L, args, j - arg0, Value::string(interp.new_string(argv[j])));
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
    if (want_gil_stats) print_gil_stats(interp, stderr);
    if (want_lock_stats) print_lock_stats(interp, stderr);
    if (!trace_path.empty() && !write_file(trace_path, interp.gil.trace_json(int(getpid())))) {
      fprintf(stderr, "%s: cannot write trace file %s\n", g_progname, trace_path.c_str());
      ok = false;
    }
    fflush(stdout);
    return ok ? 0 : 1;
  };

  for (const std::string& code : exec_strings) {
    if (want_disasm) {
      if (!disassemble_chunk(interp, code, "=(command line)")) return exit_status(false);
      continue;
    }
    LClosure* f = load_chunk(interp, code, "=(command line)");
    if (!f) return exit_status(false);
    L.push(Value::lclosure(f));
    if (!run_protected(L, 0, 0)) return exit_status(false);
  }

  if (script) {
    const std::string path = argv[script];
    const bool from_stdin = path == "-";
    const std::string chunkname = from_stdin ? "=stdin" : "@" + path;
    std::string text, error;
    if (!read_source_file(from_stdin ? nullptr : path.c_str(), &text, &error)) {
      report(error);
      return exit_status(false);
    }
    if (want_disasm) return exit_status(disassemble_chunk(interp, text, chunkname));
    LClosure* f = load_chunk(interp, text, chunkname);
    if (!f) return exit_status(false);
    L.push(Value::lclosure(f));
    int nargs = 0;
    for (int j = script + 1; j < argc; j++, nargs++) L.push_string(argv[j]);
    if (!run_protected(L, nargs, 0)) return exit_status(false);
  } else if (exec_strings.empty() && !want_version) {
    if (isatty(STDIN_FILENO)) {
      want_interactive = true;
    } else {
      std::string text, error;
      if (!read_source_file(nullptr, &text, &error)) {
        report(error);
        return exit_status(false);
      }
      if (want_disasm) return exit_status(disassemble_chunk(interp, text, "=stdin"));
      LClosure* f = load_chunk(interp, text, "=stdin");
      if (!f) return exit_status(false);
      L.push(Value::lclosure(f));
      if (!run_protected(L, 0, 0)) return exit_status(false);
    }
  }
  if (want_interactive) interactive(interp);
  return exit_status(true);
}
