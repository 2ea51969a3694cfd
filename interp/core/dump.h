// dump.h — the chunk writer, the inverse of the chunk loader (chunk.h):
// serialises a Proto as a Lua 5.4 binary chunk, which load() and stock Lua
// both accept. string.dump is built on it.
#pragma once

#include <string>

#include "interp/core/object.h"

namespace gilvm {

// The binary chunk of a function whose prototype is p. With `strip`, the
// debug information (source, line numbers, local and upvalue names) is left
// out, as lua_dump does.
std::string dump_proto(const Proto* p, bool strip);

}  // namespace gilvm
