// frontend.cpp — the front end: Lua source text in, a binary chunk out, and
// Interpreter::load, which turns either kind of chunk into a callable closure.
//
// gilvm does not parse Lua itself. Lua 5.4's own compiler (liblua5.4) parses
// the source and lua_dump serialises the compiled function as a standard
// binary chunk; from then on only gilvm's loader (chunk.cpp), verifier and VM
// touch the code. Lua's VM never runs a script: the compiler's lua_State
// only parses.
//
// Each OS thread keeps one compiler lua_State and reuses it (creating one
// cost as much as compiling a small chunk). Per thread, not per interpreter,
// because in the free-threaded build many threads compile at once and a
// lua_State is not thread-safe, while a compilation never re-enters gilvm,
// so interpreters and subinterpreters on one thread can share it. Between
// compilations its stack is empty; liblua's own collector frees the compiled
// functions, and a state that grew large (a huge chunk leaves a large string
// table) is closed and made afresh on the next call.
#include <lua.hpp>
#include <new>

#include "interp/core/chunk.h"
#include "interp/core/chunk_format.h"
#include "interp/core/state.h"

namespace gilvm {

namespace {

// lua_dump's writer: appends each piece of the chunk to a std::string. A
// C++ exception must not cross liblua's C frames: running out of memory is
// a nonzero return, which stops lua_dump.
int append_to_string(lua_State*, const void* bytes, size_t size, void* out) {
  try {
    static_cast<std::string*>(out)->append(static_cast<const char*>(bytes), size);
  } catch (const std::bad_alloc&) {
    return 1;
  }
  return 0;
}

// Binary chunks are recognised by their first byte, as Lua does (the rest of
// the signature is checked by the loader, which reports a bad one).
using chunk_format::kBinaryChunkMark;

// Above this many kilobytes in use after a compilation, the compiler state
// is closed rather than kept.
constexpr int kMaxCompilerStateKB = 1024;

// The thread's compiler state; closed when the thread exits.
class CompilerState {
 public:
  CompilerState() = default;
  CompilerState(const CompilerState&) = delete;
  CompilerState& operator=(const CompilerState&) = delete;
  ~CompilerState() { close(); }

  // The state, created when there is none; null when out of memory.
  lua_State* get() {
    if (L_ == nullptr) L_ = luaL_newstate();
    return L_;
  }

  // Empties the stack after a compilation, and drops the state if it grew large.
  void release() {
    lua_settop(L_, 0);
    if (lua_gc(L_, LUA_GCCOUNT) > kMaxCompilerStateKB) close();
  }

 private:
  void close() {
    if (L_ != nullptr) lua_close(L_);
    L_ = nullptr;
  }

  lua_State* L_ = nullptr;
};

thread_local CompilerState compiler_state;

}  // namespace

bool compile_to_binary(std::string_view source, const std::string& chunkname, std::string* binary,
                       std::string* error) {
  lua_State* L = compiler_state.get();
  if (L == nullptr) {
    *error = "not enough memory";
    return false;
  }
  bool ok = luaL_loadbufferx(L, source.data(), source.size(), chunkname.c_str(), "t") == LUA_OK;
  if (ok) {
    binary->clear();
    if (lua_dump(L, append_to_string, binary, /*strip=*/0) != 0) {
      *error = "not enough memory";
      ok = false;
    }
  } else {
    size_t length = 0;
    const char* message = lua_tolstring(L, -1, &length);  // Lua's own message
    *error = message ? std::string(message, length) : std::string("not enough memory");
  }
  compiler_state.release();
  return ok;
}

std::string_view file_chunk_text(std::string_view contents, std::string* storage) {
  if (contents.substr(0, 3) == "\xEF\xBB\xBF") contents.remove_prefix(3);  // UTF-8 BOM
  if (contents.empty() || contents[0] != '#') return contents;
  size_t newline = contents.find('\n');
  std::string_view rest =
      newline == std::string_view::npos ? std::string_view() : contents.substr(newline + 1);
  if (!rest.empty() && rest[0] == kBinaryChunkMark) return rest;
  // Keep the comment line as an empty line so that line numbers stay right.
  storage->assign("\n");
  storage->append(rest);
  return *storage;
}

LClosure* Interpreter::load(std::string_view chunk, const std::string& chunkname,
                            std::string_view mode, std::string* error) {
  try {
    return load_chunk(chunk, chunkname, mode, error);
  } catch (const std::bad_alloc&) {
    // As Lua's load reports LUA_ERRMEM: the protos made so far are garbage.
    *error = "not enough memory";
    return nullptr;
  }
}

LClosure* Interpreter::load_chunk(std::string_view chunk, const std::string& chunkname,
                                  std::string_view mode, std::string* error) {
  bool is_binary = !chunk.empty() && chunk[0] == kBinaryChunkMark;
  if (mode.find(is_binary ? 'b' : 't') == std::string_view::npos) {
    *error = std::string("attempt to load a ") + (is_binary ? "binary" : "text") +
             " chunk (mode is '" + std::string(mode) + "')";
    return nullptr;
  }
  std::string compiled;
  if (!is_binary) {
    if (!compile_to_binary(chunk, chunkname, &compiled, error)) return nullptr;
    chunk = compiled;
  }
  Proto* proto = load_binary_chunk(*this, chunk, chunkname, error);
  if (proto == nullptr) return nullptr;

  // As in Lua's load: every upvalue starts closed and nil, except the first,
  // which is the chunk's _ENV and holds the globals.
  LClosure* closure = new_lclosure(proto);
  for (size_t i = 0; i < proto->upvalues.size(); i++) {
    UpVal* upval = new_upval();
    upval->v = &upval->closed;
    upval->closed = i == 0 ? Value::table(globals) : Value::nil();
    closure->upvals[i] = upval;
  }
  return closure;
}

}  // namespace gilvm
