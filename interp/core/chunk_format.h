// chunk_format.h — the constants of Lua 5.4's binary chunk format, shared by
// the loader (chunk.cpp), the writer (dump.cpp) and the front end
// (frontend.cpp). The layout itself is described at the top of chunk.cpp.
#pragma once

#include <cstddef>
#include <cstdint>

namespace gilvm::chunk_format {

// The header: signature, version, format, check bytes, then the sizes of an
// instruction, an integer and a float, and one integer and one float whose
// encodings a reader compares.
constexpr char kSignature[] = "\x1bLua";
constexpr char kBinaryChunkMark = kSignature[0];  // how load() tells binary from text
constexpr uint8_t kVersion = 0x54;                // 5.4
constexpr uint8_t kFormat = 0;                    // the official format
constexpr char kCheckData[] = "\x19\x93\r\n\x1a\n";
constexpr int64_t kCheckInteger = 0x5678;
constexpr double kCheckFloat = 370.5;

// A lineinfo entry that says: look the line up in abslineinfo.
constexpr int8_t kAbsLineInfo = -128;

// Constant type tags (Lua's variant tags: type | variant << 4). A string
// constant is short up to LUAI_MAXSHORTLEN bytes, as stock Lua writes it.
constexpr size_t kMaxShortStringConstant = 40;
enum ConstantTag : uint8_t {
  kNil = 0,
  kFalse = 1,
  kTrue = 1 | 1 << 4,
  kInteger = 3,
  kFloat = 3 | 1 << 4,
  kShortString = 4,
  kLongString = 4 | 1 << 4,
};

}  // namespace gilvm::chunk_format
