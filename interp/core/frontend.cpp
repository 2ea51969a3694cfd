// frontend.cpp — the front end: Lua source text in, a binary chunk out, and
// Interpreter::load, which turns either kind of chunk into a callable closure.
//
// gilvm does not parse Lua itself. Lua 5.4's own compiler (liblua5.4) parses
// the source and lua_dump serialises the compiled function as a standard
// binary chunk; from then on only gilvm's loader (chunk.cpp), verifier and VM
// touch the code. A short-lived lua_State per compilation keeps liblua's
// state out of gilvm's: nothing of it survives the call, and Lua's VM never
// runs a script.
#include <lua.hpp>

#include "interp/core/chunk.h"
#include "interp/core/chunk_format.h"
#include "interp/core/state.h"

namespace gilvm {

namespace {

// lua_dump's writer: appends each piece of the chunk to a std::string.
int append_to_string(lua_State*, const void* bytes, size_t size, void* out) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(bytes), size);
  return 0;
}

// Binary chunks are recognised by their first byte, as Lua does (the rest of
// the signature is checked by the loader, which reports a bad one).
using chunk_format::kBinaryChunkMark;

}  // namespace

bool compile_to_binary(std::string_view source, const std::string& chunkname, std::string* binary,
                       std::string* error) {
  lua_State* L = luaL_newstate();
  if (L == nullptr) {
    *error = "not enough memory";
    return false;
  }
  bool ok = luaL_loadbufferx(L, source.data(), source.size(), chunkname.c_str(), "t") == LUA_OK;
  if (ok) {
    binary->clear();
    lua_dump(L, append_to_string, binary, /*strip=*/0);
  } else {
    size_t length = 0;
    const char* message = lua_tolstring(L, -1, &length);  // Lua's own message
    *error = message ? std::string(message, length) : std::string("not enough memory");
  }
  lua_close(L);
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
