// embed.cpp — the embedding API (include/gilvm/gilvm.h): running code with a
// traceback on error, as the stand-alone lua does.
#include "gilvm/gilvm.h"

namespace gilvm {

std::string error_report(ThreadState& L, const Value& err) {
  if (err.tag == Tag::String || err.is_number())
    return L.traceback(std::string(L.to_display_string(err)->view()), 1);
  Table* mt = L.metatable_of(err);
  if (mt && !table_get_str(mt, L.interp.intern("__tostring")).is_nil())
    return std::string(L.to_display_string(err)->view());
  return L.traceback(std::string("(error object is a ") + type_name(err) + " value)", 1);
}

namespace {

// The message handler (lua.c's msghandler).
int traceback_handler(ThreadState& L) {
  L.push_string(error_report(L, L.arg(1)));
  return 1;
}

}  // namespace

bool call_with_traceback(ThreadState& L, int nargs, int nresults, std::string* error) {
  Value* handler = L.top - nargs - 1;
  // The handler goes below the function so that it outlives the call.
  L.ensure_stack(1);
  for (Value* p = L.top; p > handler; p--) *p = p[-1];
  *handler = Value::native(traceback_handler);
  L.top++;
  Value* func = handler + 1;
  if (!L.xpcall(func, nresults, handler)) {
    *error = std::string(L.to_display_string(*func)->view());
    L.top = handler;
    return false;
  }
  int n = int(L.top - func);
  for (int j = 0; j < n; j++) handler[j] = func[j];
  L.top = handler + n;
  return true;
}

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
