// embed.cpp — the embedding API (include/gilvm/gilvm.h).
#include "gilvm/gilvm.h"

#include "interp/core/api.h"

namespace gilvm {

bool run_string(Interpreter& I, std::string_view code, const std::string& chunkname,
                std::string* error) {
  LClosure* f = I.load(code, chunkname, "bt", error);
  if (!f) return false;
  ThreadState& L = I.main_thread();
  Value* base = L.top;
  L.push(Value::lclosure(f));
  bool ok = call_with_traceback(L, 0, 0, error);
  L.top = base;
  return ok;
}

}  // namespace gilvm
