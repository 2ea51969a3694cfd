-- Comments, semicolons and whitespace are all accepted.
;;; local a = 1; local b = 2;;
print(a + b); -- trailing comment
--[[ block
comment ]] print("after block comment")
--[==[ level
2 ]==] print("after level-2 comment")
---[[ not a block comment
print("line comment trick")
--]]
local t = { 1; 2, 3; }
print(#t)
print(  1  ,
  2
  ,   3   )
local s = "--not a comment"
print(s)
