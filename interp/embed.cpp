// embed.cpp — the embedding API (include/gilvm/gilvm.h): running code with a
// traceback on error, as the stand-alone lua does.
#include "gilvm/gilvm.h"

namespace gilvm {

namespace {

// The message handler (lua.c's msghandler): the error as text plus a
// traceback; an error object with __tostring is shown by it, without one.
int traceback_handler(ThreadState& L) {
  Value err = L.arg(1);
  if (err.tag == Tag::String || err.is_number()) {
    L.push_string(L.traceback(std::string(L.to_display_string(err)->view()), 1));
    return 1;
  }
  Table* mt = L.metatable_of(err);
  if (mt && !table_get_str(mt, L.interp.new_string("__tostring"))->is_nil()) {
    L.push(Value::string(L.to_display_string(err)));
    return 1;
  }
  std::string msg = std::string("(error object is a ") + type_name(err) + " value)";
  L.push_string(L.traceback(msg, 1));
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
