-- --gil-policy=fifo: the policy in force, and threads that share work under it
-- (the body is gil_policy.inc).
-- args: --gil-policy=fifo
-- The GIL at work: gilvm-ft runs this with its GIL turned on.
-- args: --gil=on
print(gil.policy(), gil.enabled()) -- expect: fifo	true
dofile(arg[0]:gsub("[^/]*$", "") .. "gil_policy.inc")
-- expect: 800040000	80
-- expect: 5	true
