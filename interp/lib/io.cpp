// lib/io.cpp — the `io` library of Lua 5.4: file handles over C stdio
// streams (io.open, io.popen, io.tmpfile, the standard streams), their
// methods, and the default input and output files behind io.read, io.write
// and io.lines.
//
// A file handle is a native userdata ("FILE*", as in Lua) holding a
// LuaFile: the FILE*, how to close it (fclose; for io.popen, fclose and a
// wait for the command; or not at all for the standard streams) and whether
// reading it may block. Its C++ destructor,
// which the collector runs, closes a handle the script left open; the
// standard streams are never closed. Results and messages follow Lua's
// liolib.c and luaL_fileresult: failures return nil, "name: strerror" and
// errno. A write to a closed pipe fails with EPIPE rather than killing the
// process, which ignores SIGPIPE; on the standard output and error it ends
// the process by SIGPIPE, as in lua5.4 (end_if_standard_stream_closed).
//
// Threads. A read that may block (stdin, a pipe, a terminal: anything but a
// regular file) releases the GIL, unless the stdio buffer already holds
// what the read asks for: releasing on every line of a buffered pipe would
// make each line wait for the GIL again (the convoy effect). Detached, the
// reader touches no VM object: the formats are parsed into C++ values
// first, the text read goes into C++ strings, and the Lua results are made
// after re-attaching. Closing a pipe (pclose waits for the command) and the
// flush before io.popen also run detached.
//
// Every use of a handle's FILE* holds the handle's `use` mutex, so that no
// thread closes a stream another thread is reading while detached. The
// mutex is taken without waiting when it is free and otherwise waited for
// detached (a holder may be blocked reading). LuaFile's fields change only
// under the mutex and while attached, so under a GIL code holding either
// may read them; without one only the mutex orders them, and `closer`, read
// without it by io.type, tostring and quick checks, is atomic.
// print writes C stdout without the mutex: a standard stream is never closed.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <clocale>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "interp/core/native.h"
#include "interp/lib/lib.h"

namespace gilvm {

namespace {

constexpr const char* kFileType = "FILE*";      // the metatable's name, as in Lua
constexpr const char* kInputKey = "_IO_input";  // registry keys of the default files
constexpr const char* kOutputKey = "_IO_output";

// How a handle's stream is closed; kClosed marks a closed handle.
enum class Closer : uint8_t { kClosed, kFclose, kPclose, kStandard };

struct LuaFile {
  FILE* f = nullptr;
  // Atomic: without a GIL, io.type, tostring and a quick closed check read
  // it without the mutex while another thread may be closing the handle;
  // whoever uses f checks it again under the mutex.
  std::atomic<Closer> closer{Closer::kClosed};
  bool may_block = false;  // not a regular file: a read may wait for input
  pid_t command = 0;       // io.popen's command
  std::mutex use;          // held by whoever uses f (see the file comment)

  bool closed() const { return closer == Closer::kClosed; }

  // The collector's close of a handle the script left open (Lua's __gc;
  // for a pipe, the wait for the command holds the GIL, as in Lua).
  ~LuaFile() {
    if (closer == Closer::kFclose || closer == Closer::kPclose) std::fclose(f);
    int ignored;
    if (closer == Closer::kPclose) wait_for_child(command, &ignored);
  }
};

// Whether reading f may wait for input (only regular files never do).
bool stream_may_block(FILE* f) {
  struct stat st;
  return fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode);
}

// Pushes a new handle for stream f (which may be null: the caller then
// reports the failure and the handle stays closed).
LuaFile& push_file(ThreadState& L, FILE* f, Closer closer) {
  LuaFile* file = push_native<LuaFile>(L, kFileType);
  if (f) {
    file->f = f;
    file->closer = closer;
    file->may_block = stream_may_block(f);
  }
  return *file;
}

LuaFile& check_file(ThreadState& L, int i) {
  return *check_native<LuaFile>(L, i, kFileType);
}

// Holds a handle's `use` mutex for one operation: taken at once when free,
// else waited for with the GIL released.
class FileUse {
 public:
  FileUse(ThreadState& L, LuaFile& file) : lock_(file.use, std::try_to_lock) {
    if (!lock_.owns_lock()) {
      AllowThreads detached(L);
      lock_.lock();
    }
  }

 private:
  std::unique_lock<std::mutex> lock_;
};

// The open handle at argument 1, held for the caller's operation (Lua's
// tofile). Whether it is closed is read under the mutex: the thread that
// held it may have closed the file, and without a GIL another thread may be
// closing it now.
class OpenFile {
 public:
  OpenFile(ThreadState& L, LuaFile& file) : file_(file), use_(L, file) { check_open(L, file); }
  explicit OpenFile(ThreadState& L) : OpenFile(L, check_file(L, 1)) {}
  LuaFile& file() { return file_; }
  FILE* f() { return file_.f; }

 private:
  static LuaFile& check_open(ThreadState& L, LuaFile& file) {
    if (file.closed()) L.error("attempt to use a closed file");
    return file;
  }
  LuaFile& file_;
  FileUse use_;
};

// --- the default files -----------------------------------------------------------

Value default_file(ThreadState& L, const char* key) {
  return table_get_str(L.interp.registry, L.interp.intern(key));
}

void set_default_file(ThreadState& L, const char* key, Value file) {
  table_set_str(L, L.interp.registry, L.interp.intern(key), file);
}

LuaFile& default_file_handle(ThreadState& L, const char* key) {
  return *reinterpret_cast<LuaFile*>(default_file(L, key).as_userdata()->data);
}

// The default input or output file for io.read, io.write, io.flush, pushed:
// on the stack it stays alive even if another thread changes the default
// while this one waits, and io.write returns it.
LuaFile& push_default_file(ThreadState& L, const char* key, const char* what) {
  L.push(default_file(L, key));
  LuaFile& file = default_file_handle(L, key);
  if (file.closed()) L.error("default %s file is closed", what);
  return file;
}

// --- closing ------------------------------------------------------------------------

// Closes the handle (held by the caller, open) and pushes the results of
// close: those of fclose or of the command (pclose), or, for a standard
// stream, which stays open, nil and a message.
int close_file(ThreadState& L, LuaFile& file) {
  switch (file.closer) {
    case Closer::kFclose: {
      file.closer = Closer::kClosed;
      const bool ok = std::fclose(file.f) == 0;
      return push_file_result(L, ok, nullptr, errno);
    }
    case Closer::kPclose: {
      file.closer = Closer::kClosed;
      int status, error_number = 0;
      {
        AllowThreads detached(L);  // waits for the command to end
        std::fclose(file.f);
        status = wait_for_child(file.command, &error_number);
      }
      return push_exec_result(L, status, error_number);
    }
    case Closer::kStandard:
      L.push(Value());
      L.push_string("cannot close standard file");
      return 2;
    case Closer::kClosed: break;
  }
  return 0;
}

int file_close(ThreadState& L) {
  OpenFile open(L);
  return close_file(L, open.file());
}

int io_close(ThreadState& L) {
  if (L.nargs() == 0) L.push(default_file(L, kOutputKey));
  return file_close(L);
}

// __gc and __close: closes the handle unless it is closed already.
int file_gc(ThreadState& L) {
  LuaFile& file = check_file(L, 1);
  if (file.closed()) return 0;
  FileUse use(L, file);
  if (!file.closed()) close_file(L, file);
  return 0;
}

int file_tostring(ThreadState& L) {
  const LuaFile& file = check_file(L, 1);
  if (file.closed()) {
    L.push_string("file (closed)");
  } else {
    char text[64];
    std::snprintf(text, sizeof text, "file (%p)", static_cast<void*>(file.f));
    L.push_string(text);
  }
  return 1;
}

// --- opening --------------------------------------------------------------------------

// fopen's modes as Lua accepts them: [rwa]%+?b*
bool valid_open_mode(std::string_view mode) {
  if (mode.empty() || std::strchr("rwa", mode[0]) == nullptr) return false;
  mode.remove_prefix(1);
  if (!mode.empty() && mode[0] == '+') mode.remove_prefix(1);
  return mode.find_first_not_of('b') == std::string_view::npos;
}

int io_open(ThreadState& L) {
  const char* name = L.check_string(1)->c_str();
  const String* mode = L.opt_string(2, L.interp.intern("r"));
  if (!valid_open_mode(mode->c_str())) L.arg_error(2, "invalid mode");  // as C sees it: to a NUL
  FILE* f = std::fopen(name, mode->c_str());
  const int error_number = errno;
  if (!f) return push_file_result(L, false, name, error_number);
  push_file(L, f, Closer::kFclose);
  return 1;
}

// Opens `name` for io.lines, io.input and io.output, raising Lua's error if
// it cannot.
void push_opened_or_raise(ThreadState& L, const char* name, const char* mode) {
  FILE* f = std::fopen(name, mode);
  if (!f) L.error("cannot open file '%s' (%s)", name, std::strerror(errno));
  push_file(L, f, Closer::kFclose);
}

int io_popen(ThreadState& L) {
  const String* command = L.check_string(1);
  const String* mode = L.opt_string(2, L.interp.intern("r"));
  const char* m = mode->c_str();  // as C sees it: to a NUL
  if (!((m[0] == 'r' || m[0] == 'w') && m[1] == '\0')) L.arg_error(2, "invalid mode");
  const bool reading = m[0] == 'r';
  const std::string command_text = command->c_str();  // detached code reads a copy
  LuaFile& file = push_file(L, nullptr, Closer::kClosed);
  FILE* f = nullptr;
  pid_t pid = -1;
  int error_number = 0;
  {
    // Lua flushes every output stream first, so that what the program wrote
    // comes before what the command writes. fflush(NULL) locks each stream,
    // and a stream may be locked by a thread blocked reading it.
    AllowThreads detached(L);
    std::fflush(nullptr);
    // Close-on-exec: no other command inherits this pipe, as popen ensures.
    int ends[2];
    if (pipe2(ends, O_CLOEXEC) != 0) {
      error_number = errno;
    } else {
      const int ours = reading ? ends[0] : ends[1], theirs = reading ? ends[1] : ends[0];
      pid = spawn_shell(command_text.c_str(), theirs, reading ? STDOUT_FILENO : STDIN_FILENO,
                        &error_number);
      close(theirs);
      if (pid > 0) f = fdopen(ours, reading ? "r" : "w");
      if (!f) {
        if (pid > 0) error_number = errno;
        close(ours);
        if (pid > 0) wait_for_child(pid, &error_number);
      }
    }
  }
  if (!f) return push_file_result(L, false, command_text.c_str(), error_number);
  file.f = f;
  file.closer = Closer::kPclose;
  file.may_block = true;
  file.command = pid;
  return 1;
}

int io_tmpfile(ThreadState& L) {
  FILE* f = std::tmpfile();
  const int error_number = errno;
  if (!f) return push_file_result(L, false, nullptr, error_number);
  push_file(L, f, Closer::kFclose);
  return 1;
}

int io_type(ThreadState& L) {
  L.check_any(1);
  const Value v = L.arg(1);
  if (v.tag != Tag::Userdata || v.as_userdata()->metatable != native_type(L.interp, kFileType)) {
    L.push(Value());
  } else {
    L.push_string(check_file(L, 1).closed() ? "closed file" : "file");
  }
  return 1;
}

// io.input([file]) and io.output([file]): set the default file to a handle
// or to a file opened by name, then return the default file.
int set_or_get_default(ThreadState& L, const char* key, const char* mode) {
  if (!L.arg(1).is_nil()) {
    Value* arg = L.args();
    if (L.to_string_in_place(arg)) {
      push_opened_or_raise(L, arg->as_string()->c_str(), mode);
      set_default_file(L, key, L.top[-1]);
    } else {
      OpenFile open(L);
      set_default_file(L, key, *arg);
    }
  }
  L.push(default_file(L, key));
  return 1;
}

int io_input(ThreadState& L) {
  return set_or_get_default(L, kInputKey, "r");
}

int io_output(ThreadState& L) {
  return set_or_get_default(L, kOutputKey, "w");
}

// --- reading -------------------------------------------------------------------------

// One argument of read or lines, parsed before reading so that the reader
// can run detached.
struct ReadFormat {
  enum Kind { kNumber, kLine, kLineWithEnd, kAll, kCount, kBad } kind;
  size_t count = 0;  // kCount: bytes
  int arg = 0;       // the argument it came from (kBad: raise its error after reading)
};

// Arguments first..last as formats (none: one line). Reading stops at the
// first bad one, whose error is raised once what came before it has been
// read, as in Lua.
std::vector<ReadFormat> parse_formats(ThreadState& L, int first, int last) {
  std::vector<ReadFormat> formats;
  if (last < first) formats.push_back({ReadFormat::kLine});
  for (int i = first; i <= last; i++) {
    const Value v = L.arg(i);
    int64_t n;
    if (v.is_number()) {
      if (!to_integer(v, &n)) {
        formats.push_back({ReadFormat::kBad, 0, i});
      } else if (n < 0) {
        // Lua asks its allocator for that many bytes and gets a memory error.
        formats.push_back({ReadFormat::kBad, 0, i});
      } else {
        formats.push_back({ReadFormat::kCount, size_t(n), i});
      }
      continue;
    }
    if (!v.is_string()) {
      formats.push_back({ReadFormat::kBad, 0, i});
      continue;
    }
    const char* p = v.as_string()->data;
    if (*p == '*') p++;  // Lua 5.3's "*l" and friends
    switch (*p) {
      case 'n': formats.push_back({ReadFormat::kNumber, 0, i}); break;
      case 'l': formats.push_back({ReadFormat::kLine, 0, i}); break;
      case 'L': formats.push_back({ReadFormat::kLineWithEnd, 0, i}); break;
      case 'a': formats.push_back({ReadFormat::kAll, 0, i}); break;
      default: formats.push_back({ReadFormat::kBad, 0, i}); break;
    }
  }
  return formats;
}

// Raises the error of a bad format argument.
[[noreturn]] void raise_format_error(ThreadState& L, int i) {
  const Value v = L.arg(i);
  if (v.is_number()) {
    int64_t n;
    if (to_integer(v, &n)) L.raise(Value::string(L.interp.intern("not enough memory")));
    L.check_integer(i);
  }
  L.check_string(i);
  L.arg_error(i, "invalid format");
}

// The unread bytes in f's stdio buffer. glibc's FILE exposes its read
// pointers (gnulib's freadahead reads the same fields); elsewhere this says
// nothing is buffered, and every read of a blocking stream releases the GIL.
std::string_view buffered_input(FILE* f) {
#ifdef __GLIBC__
  if (f->_IO_read_ptr < f->_IO_read_end)
    return {f->_IO_read_ptr, size_t(f->_IO_read_end - f->_IO_read_ptr)};
#endif
  return {};
}

// Whether reading `formats` from the file may block: it may wait for input,
// and the buffer does not hold all that the formats will consume.
bool read_may_block(const LuaFile& file, const std::vector<ReadFormat>& formats) {
  if (!file.may_block) return false;
  const std::string_view buffered = buffered_input(file.f);
  size_t at = 0;
  for (const ReadFormat& format : formats) {
    switch (format.kind) {
      case ReadFormat::kLine:
      case ReadFormat::kLineWithEnd: {
        const size_t newline = buffered.find('\n', at);
        if (newline == std::string_view::npos) return true;
        at = newline + 1;
        break;
      }
      case ReadFormat::kCount:
        // A count of 0 looks at the next byte to tell the end of the file.
        if (at + std::max<size_t>(format.count, 1) > buffered.size()) return true;
        at += format.count;
        break;
      case ReadFormat::kNumber:  // where a numeral or the file ends cannot be seen
      case ReadFormat::kAll: return true;
      case ReadFormat::kBad: return false;  // reading stops there
    }
  }
  return false;
}

// What one format read: text, a number, or nothing (the read failed).
struct ReadPiece {
  enum Kind { kText, kNumber, kFail } kind = kFail;
  std::string text;
  Value number;  // a number holds no VM object: safe to make detached
};

struct ReadOutcome {
  std::vector<ReadPiece> pieces;
  int bad_arg = 0;            // reading stopped at this bad format argument
  bool stream_error = false;  // ferror: the results are nil, strerror(errno), errno
  int error_number = 0;
};

// Lua's read_number: reads the longest prefix of a numeral (at most 200
// characters) and converts it.
ReadPiece read_number(FILE* f) {
  constexpr int kMaxNumeral = 200;
  char buf[kMaxNumeral + 1];
  int n = 0;
  int c;
  bool overflow = false;
  const char decimal_point = std::localeconv()->decimal_point[0];
  auto take = [&] {  // keeps c and reads the next character
    if (n >= kMaxNumeral) {
      overflow = true;
      return false;
    }
    buf[n++] = char(c);
    c = getc_unlocked(f);
    return true;
  };
  auto accept = [&](char a, char b) { return (c == a || c == b) && take(); };
  auto digits = [&](bool hex) {
    int count = 0;
    while ((hex ? std::isxdigit(c) : std::isdigit(c)) && take()) count++;
    return count;
  };
  flockfile(f);
  do c = getc_unlocked(f);
  while (std::isspace(c));
  int count = 0;
  bool hex = false;
  accept('-', '+');
  if (accept('0', '0')) {
    if (accept('x', 'X'))
      hex = true;
    else
      count = 1;  // the 0 is a digit
  }
  count += digits(hex);
  if (accept(decimal_point, '.')) count += digits(hex);
  if (count > 0 && (hex ? accept('p', 'P') : accept('e', 'E'))) {
    accept('-', '+');
    digits(false);
  }
  ungetc(c, f);
  funlockfile(f);
  ReadPiece piece;
  if (overflow) return piece;
  if (auto number = string_to_number(std::string_view(buf, size_t(n)))) {
    piece.kind = ReadPiece::kNumber;
    piece.number = *number;
  }
  return piece;
}

// A line, with its newline when keep_newline; fails at the end of the file.
ReadPiece read_line(FILE* f, bool keep_newline) {
  ReadPiece piece;
  int c;
  flockfile(f);
  while ((c = getc_unlocked(f)) != EOF && c != '\n') piece.text.push_back(char(c));
  funlockfile(f);
  if (c == '\n' && keep_newline) piece.text.push_back('\n');
  if (c == '\n' || !piece.text.empty()) piece.kind = ReadPiece::kText;
  return piece;
}

// Up to `count` bytes (all of the rest for SIZE_MAX); fails if none were
// read, unless reading the rest.
ReadPiece read_bytes(FILE* f, size_t count, bool rest) {
  ReadPiece piece;
  constexpr size_t kChunk = 16384;  // the string grows with what arrives, not with count
  for (;;) {
    const size_t want = std::min(kChunk, count - piece.text.size());
    const size_t old = piece.text.size();
    piece.text.resize(old + want);
    const size_t got = std::fread(piece.text.data() + old, 1, want, f);
    piece.text.resize(old + got);
    if (got < want || piece.text.size() == count) break;
  }
  if (rest || !piece.text.empty()) piece.kind = ReadPiece::kText;
  return piece;
}

// Count 0: "" unless at the end of the file.
ReadPiece test_end(FILE* f) {
  ReadPiece piece;
  const int c = getc(f);
  ungetc(c, f);
  if (c != EOF) piece.kind = ReadPiece::kText;
  return piece;
}

// Lua's g_read on plain C++ data: reads format after format until one fails
// or a bad one comes. May run detached.
ReadOutcome read_formats(FILE* f, const std::vector<ReadFormat>& formats) {
  ReadOutcome out;
  clearerr(f);
  for (const ReadFormat& format : formats) {
    ReadPiece piece;
    switch (format.kind) {
      case ReadFormat::kNumber: piece = read_number(f); break;
      case ReadFormat::kLine: piece = read_line(f, false); break;
      case ReadFormat::kLineWithEnd: piece = read_line(f, true); break;
      case ReadFormat::kAll: piece = read_bytes(f, SIZE_MAX, true); break;
      case ReadFormat::kCount:
        piece = format.count == 0 ? test_end(f) : read_bytes(f, format.count, false);
        break;
      case ReadFormat::kBad: out.bad_arg = format.arg; return out;
    }
    const bool failed = piece.kind == ReadPiece::kFail;
    out.pieces.push_back(std::move(piece));
    if (failed) break;
  }
  out.stream_error = std::ferror(f);
  out.error_number = errno;
  return out;
}

// Reads the formats in arguments first..last from the held, open file and
// pushes the results: a value per format up to the first that failed (nil),
// or nil, message and errno after a read error.
int read_results(ThreadState& L, LuaFile& file, int first, int last) {
  const std::vector<ReadFormat> formats = parse_formats(L, first, last);
  ReadOutcome out;
  if (read_may_block(file, formats)) {
    AllowThreads detached(L);
    out = read_formats(file.f, formats);
  } else {
    out = read_formats(file.f, formats);
  }
  if (out.bad_arg) raise_format_error(L, out.bad_arg);
  if (out.stream_error) return push_file_result(L, false, nullptr, out.error_number);
  L.ensure_stack(int(out.pieces.size()));
  for (const ReadPiece& piece : out.pieces) {
    switch (piece.kind) {
      case ReadPiece::kText: L.push_string(piece.text); break;
      case ReadPiece::kNumber: L.push(piece.number); break;
      case ReadPiece::kFail: L.push(Value()); break;
    }
  }
  return int(out.pieces.size());
}

int file_read(ThreadState& L) {
  OpenFile open(L);
  return read_results(L, open.file(), 2, L.nargs());
}

int io_read(ThreadState& L) {
  const int last = L.nargs();
  // Stays on the stack: io.input may change while this thread waits.
  LuaFile& file = push_default_file(L, kInputKey, "input");
  FileUse use(L, file);
  if (file.closed()) L.error("default input file is closed");
  return read_results(L, file, 1, last);
}

// --- lines ---------------------------------------------------------------------------

// The most formats lines takes (the iterator's upvalues must fit in a byte).
constexpr int kMaxLineFormats = 250;

// The iterator of lines. Upvalues: the handle, whether to close it at the
// end, then the formats.
int lines_step(ThreadState& L) {
  const Value* up = L.ci->func->as_nclosure()->upvalues;
  const int nformats = L.ci->func->as_nclosure()->num_upvalues - 2;
  LuaFile& file = *reinterpret_cast<LuaFile*>(up[0].as_userdata()->data);
  if (file.closed()) L.error("file is already closed");
  // As in Lua, the formats become arguments 2.. (their errors say so).
  const Value first = L.arg(1);
  L.top = L.args();
  L.ensure_stack(nformats + 1);
  L.push(first);
  for (int k = 0; k < nformats; k++) L.push(up[2 + k]);
  int n;
  {
    FileUse use(L, file);
    if (file.closed()) L.error("file is already closed");
    n = read_results(L, file, 2, nformats + 1);
  }
  if (L.top[-n].is_truthy()) return n;
  if (n > 1) L.error("%s", L.top[-n + 1].as_string()->c_str());  // a read error's message
  if (up[1].is_truthy()) {
    FileUse use(L, file);
    if (!file.closed()) close_file(L, file);
  }
  return 0;
}

// Pushes the iterator over the handle at argument 1 with the formats in
// arguments 2.. .
void push_lines_iterator(ThreadState& L, bool close_at_end) {
  const int nformats = L.nargs() - 1;
  if (nformats > kMaxLineFormats) L.arg_error(kMaxLineFormats + 2, "too many arguments");
  NClosure* iterator = L.interp.new_nclosure(lines_step, "lines", nformats + 2);
  iterator->upvalues[0] = L.args()[0];
  iterator->upvalues[1] = Value::boolean(close_at_end);
  for (int k = 0; k < nformats; k++) iterator->upvalues[2 + k] = L.args()[1 + k];
  L.push(Value::nclosure(iterator));
}

int file_lines(ThreadState& L) {
  OpenFile open(L);
  push_lines_iterator(L, false);
  return 1;
}

// io.lines([name, ...]): lines of the default input, or of the named file,
// which the loop closes (it is also the loop's to-be-closed value).
int io_lines(ThreadState& L) {
  if (L.nargs() == 0) L.push(Value());
  if (L.arg(1).is_nil()) {
    L.args()[0] = default_file(L, kInputKey);
    OpenFile open(L);
    push_lines_iterator(L, false);
    return 1;
  }
  push_opened_or_raise(L, L.check_string(1)->c_str(), "r");
  L.args()[0] = L.top[-1];
  L.top--;
  push_lines_iterator(L, true);
  L.push(Value());
  L.push(Value());
  L.push(L.args()[0]);
  return 4;
}

// --- writing and positioning ------------------------------------------------------------

// Writes arguments first..last (strings, or numbers as Lua's io.write
// formats them: integers with %lld, floats with %.14g) to the held file and
// pushes the file; after a failed write, Lua's nil, strerror, errno instead
// (or the end of the process, for a closed standard output or error).
int write_arguments(ThreadState& L, LuaFile& file, Value handle, int first, int last) {
  bool ok = true;
  for (int i = first; i <= last; i++) {
    const Value v = L.arg(i);
    if (v.is_int()) {
      ok = std::fprintf(file.f, "%lld", static_cast<long long>(v.i)) > 0 && ok;
    } else if (v.is_float()) {
      ok = std::fprintf(file.f, "%.14g", v.n) > 0 && ok;
    } else {
      const String* s = L.check_string(i);
      ok = ok && std::fwrite(s->data, 1, s->length, file.f) == s->length;
    }
  }
  if (!ok) {
    const int error_number = errno;
    end_if_standard_stream_closed(file.f, error_number);
    return push_file_result(L, false, nullptr, error_number);
  }
  L.push(handle);
  return 1;
}

// f:write(...) returns f.
int file_write(ThreadState& L) {
  OpenFile open(L);
  return write_arguments(L, open.file(), L.args()[0], 2, L.nargs());
}

// io.write(...) returns the default output file.
int io_write(ThreadState& L) {
  const int last = L.nargs();
  LuaFile& file = push_default_file(L, kOutputKey, "output");
  FileUse use(L, file);
  if (file.closed()) L.error("default output file is closed");
  return write_arguments(L, file, L.top[-1], 1, last);
}

int file_seek(ThreadState& L) {
  static const int kWhence[] = {SEEK_SET, SEEK_CUR, SEEK_END};
  OpenFile open(L);
  const size_t whence = check_option(L, 2, "cur", {"set", "cur", "end"});
  const off_t offset = off_t(L.opt_integer(3, 0));
  if (fseeko(open.f(), offset, kWhence[whence]) != 0)
    return push_file_result(L, false, nullptr, errno);
  L.push(Value::integer(int64_t(ftello(open.f()))));
  return 1;
}

int file_setvbuf(ThreadState& L) {
  static const int kModes[] = {_IONBF, _IOFBF, _IOLBF};
  constexpr int64_t kDefaultSize = 1024;  // LUAL_BUFFERSIZE
  OpenFile open(L);
  const size_t mode = check_option(L, 2, nullptr, {"no", "full", "line"});
  const int64_t size = L.opt_integer(3, kDefaultSize);
  const bool ok = std::setvbuf(open.f(), nullptr, kModes[mode], size_t(size)) == 0;
  return push_file_result(L, ok, nullptr, errno);
}

int flush_file(ThreadState& L, FILE* f) {
  errno = 0;
  const bool ok = std::fflush(f) == 0;
  const int error_number = errno;
  if (!ok) end_if_standard_stream_closed(f, error_number);
  return push_file_result(L, ok, nullptr, error_number);
}

int file_flush(ThreadState& L) {
  OpenFile open(L);
  return flush_file(L, open.f());
}

int io_flush(ThreadState& L) {
  LuaFile& file = push_default_file(L, kOutputKey, "output");
  FileUse use(L, file);
  if (file.closed()) L.error("default output file is closed");
  return flush_file(L, file.f);
}

// A handle for a standard stream, as io.<name> (and the default file `key`).
void add_standard_file(Interpreter& I, Table* io, FILE* f, const char* name, const char* key) {
  ThreadState& L = I.main_thread();
  push_file(L, f, Closer::kStandard);
  const Value handle = *--L.top;
  I.set_field(io, name, handle);
  if (key) table_set_str(L, I.registry, I.intern(key), handle);
}

}  // namespace

void open_io_lib(Interpreter& I) {
  Table* io = I.new_module("io", {{"close", io_close},
                                  {"flush", io_flush},
                                  {"input", io_input},
                                  {"lines", io_lines},
                                  {"open", io_open},
                                  {"output", io_output},
                                  {"popen", io_popen},
                                  {"read", io_read},
                                  {"tmpfile", io_tmpfile},
                                  {"type", io_type},
                                  {"write", io_write}});
  Table* mt = new_native_type(I, kFileType,
                              {{"read", file_read},
                               {"write", file_write},
                               {"lines", file_lines},
                               {"flush", file_flush},
                               {"seek", file_seek},
                               {"close", file_close},
                               {"setvbuf", file_setvbuf}});
  I.set_function(mt, "__gc", file_gc);
  I.set_function(mt, "__close", file_gc);
  I.set_function(mt, "__tostring", file_tostring);
  add_standard_file(I, io, stdin, "stdin", kInputKey);
  add_standard_file(I, io, stdout, "stdout", kOutputKey);
  add_standard_file(I, io, stderr, "stderr", nullptr);
}

}  // namespace gilvm
