-- %% and literal text around conversions; many arguments.
print(string.format("100%%"), string.format("%%d"), string.format("%d%%", 50))
print(string.format("a%sb%sc%sd", 1, 2, 3), string.format("no conversions"), string.format(""))
print(string.format("%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12))
print(string.format("%5s%%%-5s|", "a", "b"), string.format("extra args ignored %d", 1, 2, 3))
print(("%d-%d"):format(1, 2), ("%s"):rep(3, " "):format("a", "b", "c"))
