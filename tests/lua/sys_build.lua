-- sys.build names the build: "gil" or "free-threaded".
print(type(sys))                                          -- expect: table
print(type(sys.build))                                    -- expect: string
print(sys.build == "gil" or sys.build == "free-threaded") -- expect: true
