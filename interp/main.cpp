// main.cpp — the gilvm program: runs a script, a -e string, standard input or
// an interactive prompt, like the stand-alone `lua`.
//
// Exit status: 0 on success, 1 on an uncaught error (message and traceback on
// stderr), 2 on bad usage, 130 after Ctrl-C.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "disasm.h"
#include "gilvm/gilvm.h"

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

bool read_file(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

// Loads a chunk; on failure reports Lua's message.
LClosure* load_chunk(Interpreter& I, std::string text, const std::string& chunkname) {
  // Like luaL_loadfile, skip a first line starting with '#' (a shebang).
  if (!text.empty() && text[0] == '#') {
    size_t nl = text.find('\n');
    text = nl == std::string::npos ? std::string() : "\n" + text.substr(nl + 1);
  }
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

}  // namespace

int main(int argc, char** argv) {
  if (argc > 0 && argv[0]) {
    const char* slash = strrchr(argv[0], '/');
    g_progname = slash ? slash + 1 : argv[0];
  }
  std::vector<std::string> exec_strings;
  bool want_interactive = false, want_version = false, want_disasm = false;
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
      if (i + 1 >= argc) {
        fprintf(stderr, "%s: '-e' needs argument\n", g_progname);
        print_usage(stderr);
        return 2;
      }
      exec_strings.push_back(argv[++i]);
    } else if (a == "-i") {
      want_interactive = true;
    } else if (a == "-v" || a == "--version") {
      want_version = true;
    } else if (a == "--disasm") {
      want_disasm = true;
    } else if (a == "-h" || a == "--help") {
      print_usage(stdout);
      return 0;
    } else if (a.size() > 1 && a[0] == '-') {
      fprintf(stderr, "%s: unrecognized option '%s'\n", g_progname, a.c_str());
      print_usage(stderr);
      return 2;
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
  g_interp = &interp;
  signal(SIGINT, on_sigint);
  ThreadState& L = interp.main_thread();

  // The global 'arg': arg[0] is the script, arg[1..] its arguments, negative
  // indices the interpreter and its options (as in lua).
  Table* args = interp.new_table();
  int arg0 = script ? script : argc;
  for (int j = 0; j < argc; j++)
    table_set_int(L, args, j - arg0, Value::string(interp.new_string(argv[j])));
  interp.set_field(interp.globals, "arg", Value::table(args));

  auto exit_status = [&](bool ok) { return ok ? 0 : (g_interrupted ? 130 : 1); };

  for (const std::string& code : exec_strings) {
    if (want_disasm) {
      if (!disassemble_chunk(interp, code, "=(command line)")) return 1;
      continue;
    }
    LClosure* f = load_chunk(interp, code, "=(command line)");
    if (!f) return 1;
    L.push(Value::lclosure(f));
    if (!run_protected(L, 0, 0)) return exit_status(false);
  }

  if (script) {
    std::string path = argv[script];
    std::string text, chunkname;
    if (path == "-") {
      std::ostringstream ss;
      ss << std::cin.rdbuf();
      text = ss.str();
      chunkname = "=stdin";
    } else {
      if (!read_file(path, &text)) {
        fprintf(stderr, "%s: cannot open %s\n", g_progname, path.c_str());
        return 1;
      }
      chunkname = "@" + path;
    }
    if (want_disasm) return disassemble_chunk(interp, text, chunkname) ? 0 : 1;
    LClosure* f = load_chunk(interp, text, chunkname);
    if (!f) return 1;
    L.push(Value::lclosure(f));
    int nargs = 0;
    for (int j = script + 1; j < argc; j++, nargs++) L.push_string(argv[j]);
    if (!run_protected(L, nargs, 0)) return exit_status(false);
  } else if (exec_strings.empty() && !want_version) {
    if (isatty(STDIN_FILENO)) {
      want_interactive = true;
    } else {
      std::ostringstream ss;
      ss << std::cin.rdbuf();
      if (want_disasm) return disassemble_chunk(interp, ss.str(), "=stdin") ? 0 : 1;
      LClosure* f = load_chunk(interp, ss.str(), "=stdin");
      if (!f) return 1;
      L.push(Value::lclosure(f));
      if (!run_protected(L, 0, 0)) return exit_status(false);
    }
  }
  if (want_interactive) interactive(interp);
  fflush(stdout);
  return 0;
}
