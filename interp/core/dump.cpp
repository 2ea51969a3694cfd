// dump.cpp — the chunk writer (see dump.h); the format is described at the
// top of chunk.cpp, which reads what this file writes.
//
// A Proto keeps one absolute line per instruction, while the format stores a
// signed byte delta per instruction plus occasional absolute (pc, line)
// entries. The writer re-encodes the lines with the rule Lua's code generator
// follows, which is what Lua's decoder relies on to find the entry for a pc
// quickly: an absolute entry where a delta does not fit in a byte, and at
// least one every kMaxInstructionsWithoutAbsLine instructions.
#include "interp/core/dump.h"

#include <cstdint>
#include <cstring>
#include <vector>

#include "interp/core/chunk_format.h"

namespace gilvm {

namespace {

constexpr int kLineDeltaLimit = 0x80;                // LIMLINEDIFF: |delta| must stay below
constexpr int kMaxInstructionsWithoutAbsLine = 128;  // MAXIWTHABS

using namespace chunk_format;

class ChunkWriter {
 public:
  explicit ChunkWriter(bool strip) : strip_(strip) {}

  std::string finish(const Proto* main) {
    write_header();
    write_byte(uint8_t(main->upvalues.size()));
    write_function(main, nullptr);
    return std::move(out_);
  }

 private:
  void write_byte(uint8_t b) { out_.push_back(char(b)); }

  template <class T>
  void write_raw(T x) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &x, sizeof(T));
    out_.append(bytes, sizeof(T));
  }

  // 7 bits a byte, most significant group first; the last byte has bit 0x80.
  void write_varint(uint64_t x) {
    char groups[10];
    int n = sizeof groups;
    do {
      groups[--n] = char(x & 0x7f);
      x >>= 7;
    } while (x != 0);
    groups[sizeof groups - 1] |= char(0x80);
    out_.append(groups + n, sizeof groups - size_t(n));
  }

  void write_string(const String* s) {
    if (!s) {
      write_varint(0);
      return;
    }
    write_varint(s->length + 1);
    out_.append(s->data, s->length);
  }

  void write_header() {
    out_.append(kSignature, sizeof kSignature - 1);
    write_byte(kVersion);
    write_byte(kFormat);
    out_.append(kCheckData, sizeof kCheckData - 1);
    write_byte(sizeof(Instruction));
    write_byte(sizeof(int64_t));
    write_byte(sizeof(double));
    write_raw<int64_t>(kCheckInteger);
    write_raw<double>(kCheckFloat);
  }

  void write_function(const Proto* p, const String* parent_source) {
    // A nested function that shares its parent's source does not repeat it.
    bool same_source = parent_source && p->source &&
                       (p->source == parent_source || string_equal(p->source, parent_source));
    write_string(strip_ || same_source ? nullptr : p->source);
    write_varint(uint64_t(p->line_defined));
    write_varint(uint64_t(p->last_line_defined));
    write_byte(p->num_params);
    write_byte(p->is_vararg);
    write_byte(p->max_stack);

    write_varint(p->code.size());
    for (Instruction i : p->code) write_raw<Instruction>(i);

    write_varint(p->constants.size());
    for (const Value& k : p->constants) write_constant(k);

    write_varint(p->upvalues.size());
    for (const UpvalDesc& uv : p->upvalues) {
      write_byte(uv.in_stack);
      write_byte(uv.index);
      write_byte(uv.kind);
    }

    write_varint(p->protos.size());
    for (const Proto* child : p->protos) write_function(child, p->source);

    write_debug(p);
  }

  void write_constant(const Value& k) {
    switch (k.tag) {
      case Tag::Nil: write_byte(kNil); break;
      case Tag::False: write_byte(kFalse); break;
      case Tag::True: write_byte(kTrue); break;
      case Tag::Int:
        write_byte(kInteger);
        write_raw<int64_t>(k.i);
        break;
      case Tag::Float:
        write_byte(kFloat);
        write_raw<double>(k.n);
        break;
      case Tag::String:
        write_byte(k.as_string()->length <= kMaxShortStringConstant ? kShortString : kLongString);
        write_string(k.as_string());
        break;
      default: write_byte(kNil); break;  // the loader admits no other constant
    }
  }

  void write_debug(const Proto* p) {
    if (strip_) {
      for (int list = 0; list < 4; list++) write_varint(0);
      return;
    }
    struct AbsLine {
      int pc;
      int line;
    };
    std::vector<AbsLine> abs_lines;
    const size_t n = p->line_of_pc.size();
    write_varint(n);
    int previous = p->line_defined;
    int since_abs = 0;  // instructions since the last absolute entry
    for (size_t pc = 0; pc < n; pc++) {
      int line = p->line_of_pc[pc];
      int delta = line - previous;
      if (delta <= -kLineDeltaLimit || delta >= kLineDeltaLimit ||
          since_abs++ >= kMaxInstructionsWithoutAbsLine) {
        abs_lines.push_back({int(pc), line});
        write_byte(uint8_t(kAbsLineInfo));
        since_abs = 1;
      } else {
        write_byte(uint8_t(int8_t(delta)));
      }
      previous = line;
    }
    write_varint(abs_lines.size());
    for (const AbsLine& a : abs_lines) {
      write_varint(uint64_t(a.pc));
      write_varint(uint64_t(a.line));
    }

    write_varint(p->locvars.size());
    for (const LocVar& var : p->locvars) {
      write_string(var.name);
      write_varint(uint64_t(var.startpc));
      write_varint(uint64_t(var.endpc));
    }

    write_varint(p->upvalues.size());
    for (const UpvalDesc& uv : p->upvalues) write_string(uv.name);
  }

  bool strip_;
  std::string out_;
};

}  // namespace

std::string dump_proto(const Proto* p, bool strip) {
  return ChunkWriter(strip).finish(p);
}

}  // namespace gilvm
