#!/usr/bin/env lua5.4
-- A "#!" first line is skipped; the error names line 3.
print(pcall(error, "x"))
error("line four")
