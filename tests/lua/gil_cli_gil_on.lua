-- --gil=on: a GIL is active (in the free-threaded build it re-enables it).
-- args: --gil=on
print(gil.enabled(), gil.policy()) -- expect: true	interval
