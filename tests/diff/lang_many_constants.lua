-- A function with more than 2^17 constants (the LOADKX + EXTRAARG path).
local fl = { "return {" }
for i = 1, 132000 do fl[#fl + 1] = (i + 0.5) .. "," end
fl[#fl + 1] = "}"
local ft = load(table.concat(fl))()
print(#ft, ft[1], ft[131071], ft[131072], ft[132000])
