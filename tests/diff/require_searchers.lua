-- package.preload and package.searchers: preloaded loaders get ":preload:"
-- as their data; custom searchers can find loaders or explain themselves;
-- the message of a failed require lists every searcher's explanation.
package.path = "./no_such_dir_here/?.lua"
package.cpath = "./no_such_dir_here/?.so"
package.preload.pre = function(...) print("preload loader", ...) return "pre value" end
print(require("pre"))
print(require("pre"))
package.preload.pre_table = {}
print(pcall(require, "pre_table"))
print(pcall(require, "nothing"))
print(pcall(require, "nothing.deeper"))

local searchers = package.searchers
print(#searchers, type(searchers[1]), type(searchers[4]))
table.insert(searchers, 2, function(name)
  if name == "custom" then
    return function(n, extra) return "custom module " .. n .. " " .. tostring(extra) end, "extra"
  end
  return "\n\tcustom searcher: not " .. name
end)
print(require("custom"))
print(pcall(require, "absent"))
searchers[2] = function() return 42 end
print(pcall(require, "absent2"))
searchers[2] = function() end
print(pcall(require, "absent3"))

-- Replacing package.preload or package.loaded changes nothing.
package.preload = {late = function() return "never" end}
print(pcall(require, "late"))
local loaded = package.loaded
package.loaded = {}
print(require("pre"), package.loaded.pre, loaded.pre)
package.loaded = loaded

package.path = 42
print(pcall(require, "x"))
package.path = {}
print(pcall(require, "x"))
package.path = "./?.lua"
package.cpath = nil
print(pcall(require, "x"))
package.cpath = ""
package.searchers = "none"
print(pcall(require, "x"))
package.searchers = searchers
print(require("custom"))
