-- Chunk names in error messages: "=" names verbatim, "@" names files,
-- anything else is shown as [string "..."], cut to a line and a length.
local function err(src, name)
  local f = load(src, name)
  local ok, msg = pcall(f)
  print(msg)
end
err("error('x')", "=custom")
err("error('x')", "@some/file.lua")
err("error('x')", "plain name")
err("error('x')", "first line\nsecond line")
err("error('x')", string.rep("long", 30))
err("error('x')")
err("\n\nerror('x')", "=three")
err("local t = nil; return t.x", "=field")
