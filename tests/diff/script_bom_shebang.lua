#!/usr/bin/env lua5.4
-- A byte order mark then a "#!" line: both skipped, line numbers kept.
print("bom and shebang")
error("line four")
