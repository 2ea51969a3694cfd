// lib/package.cpp — `require` and the `package` library of Lua 5.4.
//
// require(name) returns package.loaded[name] if it is there; otherwise it
// asks each function in package.searchers, in order, for a loader: the
// preload table, then Lua files on package.path, then C libraries on
// package.cpath (a whole module, then the module's root for "a.b"). The
// first loader found runs with the name and the searcher's extra value (the
// file name) as arguments, and what it returns becomes package.loaded[name].
// If none is found, the error lists what each searcher tried, exactly as
// stock lua5.4 words it.
//
// gilvm runs Lua code only: a C library on package.cpath is found like in
// Lua, so that the messages match, but loading it is an error that says so.
//
// As in Lua, require and the searchers find `package` through an upvalue,
// and the loaded and preload tables through the registry, so replacing
// package.loaded or package.preload changes nothing.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "interp/core/api.h"
#include "interp/lib/lib.h"

namespace gilvm {

namespace {

constexpr const char* kPreloadKey = "_PRELOAD";  // the registry's preload table (Lua's name)

// Debian's lua5.4 defaults (LUA_PATH_DEFAULT and LUA_CPATH_DEFAULT of its
// build), so that the files searched, and the messages, are the same.
#if defined(__x86_64__)
#define GILVM_MULTIARCH_CPATH "/usr/lib/x86_64-linux-gnu/lua/5.4/?.so;"
#elif defined(__aarch64__)
#define GILVM_MULTIARCH_CPATH "/usr/lib/aarch64-linux-gnu/lua/5.4/?.so;"
#else
#define GILVM_MULTIARCH_CPATH ""
#endif
constexpr const char* kDefaultPath =
    "/usr/local/share/lua/5.4/?.lua;/usr/local/share/lua/5.4/?/init.lua;"
    "/usr/local/lib/lua/5.4/?.lua;/usr/local/lib/lua/5.4/?/init.lua;"
    "/usr/share/lua/5.4/?.lua;/usr/share/lua/5.4/?/init.lua;"
    "./?.lua;./?/init.lua";
constexpr const char* kDefaultCPath =
    "/usr/local/lib/lua/5.4/?.so;" GILVM_MULTIARCH_CPATH
    "/usr/lib/lua/5.4/?.so;/usr/local/lib/lua/5.4/loadall.so;./?.so";
#undef GILVM_MULTIARCH_CPATH

// Directory separator, path separator, name mark, executable-directory mark,
// ignore mark: package.config, one per line.
constexpr const char* kConfig = "/\n;\n?\n!\n-\n";

constexpr const char* kNoCModules = "gilvm cannot load C modules (it runs Lua code only)";

// The path from environment variable `name`_5_4 or else `name` (";;" in it
// stands for the default), or the default.
std::string path_from_environment(const char* name, const char* fallback) {
  const std::string versioned = std::string(name) + "_5_4";
  const char* value = std::getenv(versioned.c_str());
  if (!value) value = std::getenv(name);
  if (!value) return fallback;
  const std::string path = value;
  const size_t mark = path.find(";;");
  if (mark == std::string::npos) return path;
  std::string out;
  if (mark > 0) out = path.substr(0, mark) + ";";
  out += fallback;
  if (mark + 2 < path.size()) out += ";" + path.substr(mark + 2);
  return out;
}

// s with every occurrence of `from` replaced by `to`.
std::string replace_all(std::string_view s, std::string_view from, std::string_view to) {
  std::string out;
  for (size_t at = 0;;) {
    const size_t found = s.find(from, at);
    if (found == std::string_view::npos || from.empty()) {
      out += s.substr(at);
      return out;
    }
    out += s.substr(at, found - at);
    out += to;
    at = found + from.size();
  }
}

bool readable(const std::string& name) {
  FILE* f = std::fopen(name.c_str(), "r");
  if (!f) return false;
  std::fclose(f);
  return true;
}

// Lua's searchpath: the first readable file among path's templates with '?'
// replaced by name (whose `sep` characters become `dirsep` first). If none
// is, returns false with the list of "no file '...'" lines in *tried.
bool search_path(std::string_view name, std::string_view path, std::string_view sep,
                 std::string_view dirsep, std::string* found, std::string* tried) {
  std::string file_name(name);
  if (!sep.empty() && name.find(sep[0]) != std::string_view::npos)
    file_name = replace_all(name, sep, dirsep);
  const std::string candidates = replace_all(path, "?", file_name);
  for (size_t at = 0; at <= candidates.size();) {
    size_t end = candidates.find(';', at);
    if (end == std::string::npos) end = candidates.size();
    std::string candidate = candidates.substr(at, end - at);
    if (readable(candidate)) {
      *found = std::move(candidate);
      return true;
    }
    if (end == candidates.size()) break;
    at = end + 1;
  }
  *tried = "no file '" + replace_all(candidates, ";", "'\n\tno file '") + "'";
  return false;
}

// The `package` table: the upvalue of require and of the searchers.
Value package_table(ThreadState& L) {
  return L.ci->func->as_nclosure()->upvalues[0];
}

// package.<field> (path or cpath) as a string, or Lua's error.
std::string package_path(ThreadState& L, const char* field) {
  Value v = L.index(package_table(L), Value::string(L.interp.intern(field)));
  if (!L.to_string_in_place(&v)) L.error("'package.%s' must be a string", field);
  return std::string(v.as_string()->c_str());
}

// Searches package.<field> for name; pushes the "no file" list and returns
// false if it is not there.
bool find_file(ThreadState& L, std::string_view name, const char* field, std::string* found) {
  const std::string path = package_path(L, field);
  std::string tried;
  if (search_path(name, path, ".", "/", found, &tried)) return true;
  L.push_string(tried);
  return false;
}

[[noreturn]] void raise_load_error(ThreadState& L, const std::string& file, const char* why) {
  L.error("error loading module '%s' from file '%s':\n\t%s", L.check_string(1)->c_str(),
          file.c_str(), why);
}

// --- the searchers -------------------------------------------------------------------

// package.preload[name] (through the registry, as in Lua).
int search_preload(ThreadState& L) {
  const String* name = L.check_string(1);
  const Value preload = table_get_str(L.interp.registry, L.interp.intern(kPreloadKey));
  const Value loader = L.index(preload, Value::string(L.check_string(1)));
  if (loader.is_nil()) {
    L.push_string("no field package.preload['" + std::string(name->c_str()) + "']");
    return 1;
  }
  L.push(loader);
  L.push_string(":preload:");
  return 2;
}

// A Lua file on package.path: its chunk, and its file name for the loader.
int search_lua(ThreadState& L) {
  const std::string name(L.check_string(1)->c_str());
  std::string file;
  if (!find_file(L, name, "path", &file)) return 1;
  std::string text, error;
  LClosure* chunk = nullptr;
  if (read_source_file(file.c_str(), &text, &error))
    chunk = L.interp.load(text, "@" + file, "bt", &error);
  if (!chunk) raise_load_error(L, file, error.c_str());
  L.push(Value::lclosure(chunk));
  L.push_string(file);
  return 2;
}

// A C library on package.cpath: found as Lua would find it, never loaded.
int search_c(ThreadState& L) {
  const std::string name(L.check_string(1)->c_str());
  std::string file;
  if (!find_file(L, name, "cpath", &file)) return 1;
  raise_load_error(L, file, kNoCModules);
}

// For "a.b.c": a C library for the root "a" that would hold the submodule.
int search_c_root(ThreadState& L) {
  const std::string name(L.check_string(1)->c_str());
  const size_t dot = name.find('.');
  if (dot == std::string::npos) return 0;
  std::string file;
  if (!find_file(L, name.substr(0, dot), "cpath", &file)) return 1;
  raise_load_error(L, file, kNoCModules);
}

// --- require -------------------------------------------------------------------------

// Asks the searchers in turn for a loader of `name` and leaves the loader
// and its extra value on the stack; if none has one, raises the error that
// lists what each one tried.
void find_loader(ThreadState& L, String* name) {
  const Value searchers = L.index(package_table(L), Value::string(L.interp.intern("searchers")));
  if (!searchers.is_table()) L.error("'package.searchers' must be a table");
  L.push(searchers);  // kept on the stack: a searcher may replace package.searchers
  Table* list = searchers.as_table();
  std::string tried;
  for (int64_t i = 1;; i++) {
    const Value searcher = table_get_int(list, i);
    if (searcher.is_nil()) L.error("module '%s' not found:%s", name->c_str(), tried.c_str());
    Value* call = L.top;
    L.push(searcher);
    L.push(Value::string(name));
    L.call(call, 2);
    if (call[0].is_function()) return;
    if (L.to_string_in_place(&call[0])) tried += "\n\t" + std::string(call[0].as_string()->view());
    L.top = call;
  }
}

int package_require(ThreadState& L) {
  String* name = L.check_string(1);
  L.top = L.args() + 1;
  const Value loaded_table = Value::table(L.interp.loaded);
  const Value key = L.args()[0];
  const Value loaded = L.index(loaded_table, key);
  if (loaded.is_truthy()) {
    L.push(loaded);
    return 1;
  }
  find_loader(L, name);
  Value* loader = L.top - 2;  // the loader, then its extra value
  Value* call = L.top;
  L.push(loader[0]);
  L.push(key);
  L.push(loader[1]);
  L.call(call, 1);
  if (!call[0].is_nil()) L.set_index(loaded_table, key, call[0]);
  L.top = call;
  Value result = L.index(loaded_table, key);
  if (result.is_nil()) {
    result = Value::boolean(true);
    L.set_index(loaded_table, key, result);
  }
  L.push(result);
  L.push(loader[1]);
  return 2;
}

// package.searchpath(name, path [, sep [, rep]]): the first readable file,
// or nil and the list of files tried.
int package_searchpath(ThreadState& L) {
  // Checked last to first: stock Lua passes the checks as the arguments of
  // one C call, which GCC evaluates from right to left.
  const std::string rep(L.opt_string(4, L.interp.intern("/"))->c_str());
  const std::string sep(L.opt_string(3, L.interp.intern("."))->c_str());
  const std::string path(L.check_string(2)->c_str());
  const std::string name(L.check_string(1)->c_str());
  std::string found, tried;
  if (search_path(name, path, sep, rep, &found, &tried)) {
    L.push_string(found);
    return 1;
  }
  L.push(Value());
  L.push_string(tried);
  return 2;
}

// package.loadlib(path, funcname): C libraries cannot be loaded; Lua's
// answer when it is built without dynamic libraries.
int package_loadlib(ThreadState& L) {
  L.check_string(1);
  L.check_string(2);
  L.push(Value());
  L.push_string("gilvm cannot load C libraries (it runs Lua code only)");
  L.push_string("absent");
  return 3;
}

// A native closure whose one upvalue is the package table.
Value with_package(Interpreter& I, NativeFn fn, const char* name, Table* package) {
  NClosure* c = I.new_nclosure(fn, name, 1);
  c->upvalues[0] = Value::table(package);
  return Value::nclosure(c);
}

}  // namespace

void use_default_package_paths(Interpreter& I) {
  const Value package = table_get_str(I.loaded, I.intern("package"));
  if (package.tag != Tag::Table) return;
  I.set_field(package.as_table(), "path", Value::string(I.new_string(kDefaultPath)));
  I.set_field(package.as_table(), "cpath", Value::string(I.new_string(kDefaultCPath)));
}

void open_package_lib(Interpreter& I) {
  ThreadState& L = I.main_thread();
  Table* package =
      I.new_module("package", {{"loadlib", package_loadlib}, {"searchpath", package_searchpath}});
  I.set_field(package, "config", Value::string(I.intern(kConfig)));
  I.set_field(package, "path",
              Value::string(I.new_string(path_from_environment("LUA_PATH", kDefaultPath))));
  I.set_field(package, "cpath",
              Value::string(I.new_string(path_from_environment("LUA_CPATH", kDefaultCPath))));
  I.set_field(package, "loaded", Value::table(I.loaded));
  Table* preload = I.new_table();
  I.set_field(package, "preload", Value::table(preload));
  table_set_str(L, I.registry, I.intern(kPreloadKey), Value::table(preload));

  Table* searchers = I.new_table(4, 0);
  const NativeFn kSearchers[] = {search_preload, search_lua, search_c, search_c_root};
  int64_t index = 1;
  for (NativeFn fn : kSearchers)
    table_set_int(L, searchers, index++, with_package(I, fn, "searcher", package));
  I.set_field(package, "searchers", Value::table(searchers));
  I.set_field(I.globals, "require", with_package(I, package_require, "require", package));
}

}  // namespace gilvm
