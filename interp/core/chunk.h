// chunk.h — the chunk loader: Lua 5.4 binary chunks in, verified Protos out.
// Nothing from a chunk reaches the VM before verify has accepted it.
#pragma once

#include <string>
#include <string_view>

#include "interp/core/object.h"

namespace gilvm {

class Interpreter;

// Loads and verifies a binary chunk (as produced by lua_dump / luac5.4).
// Returns the main function's prototype, or nullptr with *error set to
// "bad binary chunk: <what was wrong>". `chunkname` names the chunk in
// messages when the chunk carries no source name.
Proto* load_binary_chunk(Interpreter& I, std::string_view bytes, const std::string& chunkname,
                         std::string* error);

// Compiles Lua source with liblua5.4 and serialises it with lua_dump (debug
// information kept). Returns false with Lua's own syntax error message.
bool compile_to_binary(std::string_view source, const std::string& chunkname, std::string* binary,
                       std::string* error);

// The chunk in a script file as luaL_loadfile sees it: a UTF-8 byte order mark
// is dropped, and a first line starting with '#' (a Unix "#!" line) becomes an
// empty line (so line numbers stay right), or is dropped when a binary chunk
// follows it. The result views `contents` or *storage.
std::string_view file_chunk_text(std::string_view contents, std::string* storage);

}  // namespace gilvm
