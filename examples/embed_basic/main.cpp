// embed_basic — a host program that runs a Lua script, trades values with it
// and lets it call back into C++: the first steps of docs/embedding.md.
//
//   embed_basic                 runs the built-in script
//   embed_basic script.lua      runs that file instead (with the same host API)
#include <gilvm/gilvm.h>

#include <cstdio>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace lua = gilvm::embed;

namespace {

// The script: it reads the host's configuration, calls the host's
// functions and gives the host a function to call.
constexpr const char* kScript = R"(
  local inventory = require('inventory')

  -- A function the host calls with a list and a table of prices.
  function total(items, prices)
    local sum = 0
    for _, item in ipairs(items) do
      sum = sum + (prices[item] or error('no price for ' .. item))
    end
    return sum, #items
  end

  log(('%s, %d slots, %s build'):format(config.title, config.slots, inventory.build))
  inventory.add('sword', 2)
  inventory.add('shield')
  return inventory.count('sword'), inventory.count('shield')
)";

}  // namespace

int main(int argc, char** argv) {
  lua::Interpreter vm;

  // Values into Lua: a table made from a std::map, a callable as a function.
  vm.set("config", std::map<std::string, lua::Value>{{"title", "Embedded"}, {"slots", 8}});
  vm.set("log", [](std::string line) { std::printf("[lua] %s\n", line.c_str()); });

  // A module that `require` finds, backed by C++ state.
  std::map<std::string, int> items;
  lua::Module inventory;
  inventory
      .function("add", [&items](std::string name,
                                std::optional<int> count) { items[name] += count.value_or(1); })
      .function("count", [&items](const std::string& name) { return items[name]; })
      .value("build", std::string(lua::Interpreter::build()));
  vm.add_module("inventory", std::move(inventory));

  // Run the script; errors come back as lua::Error with Lua's traceback.
  try {
    const lua::Results r = argc > 1 ? vm.run_file(argv[1]) : vm.run(kScript, "=script");
    std::printf("script returned %zu values: swords %s, shields %s\n", r.size(),
                r[0].to_string().c_str(), r[1].to_string().c_str());
  } catch (const lua::Error& e) {
    std::fprintf(stderr, "%s\n", e.report().c_str());
    return 1;
  }

  // Values out of Lua: call a Lua function with C++ values, take two results.
  lua::Function total = vm.get<lua::Function>("total");
  std::map<std::string, double> prices{{"sword", 12.5}, {"shield", 7}};
  auto [sum, n] =
      total.call<std::tuple<double, int>>(std::vector<std::string>{"sword", "shield"}, prices);
  std::printf("total of %d items: %.2f\n", n, sum);

  // An error as a result instead of an exception: the host's choice.
  lua::Result<double> bad = total.try_call<double>(std::vector<std::string>{"bow"}, prices);
  if (!bad) std::printf("as expected: %s\n", bad.error().message().c_str());

  // A C++ exception thrown by a callback reaches Lua as an error (pcall sees
  // it) and, uncaught, comes back to the host as lua::Error.
  vm.set("check_level", [](int level) {
    if (level > 10) throw std::out_of_range("level " + std::to_string(level) + " is too high");
    return level;
  });
  const lua::Results caught = vm.run("return pcall(check_level, 11)");
  std::printf("pcall caught: %s\n", caught[1].to_string().c_str());
  try {
    vm.run("check_level(12)", "=levels");
  } catch (const lua::Error& e) {
    std::printf("host caught: %s\n", e.message().c_str());
  }
  return 0;
}
