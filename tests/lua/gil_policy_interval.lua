-- --gil-policy=interval: the policy in force, and threads that share work under it
-- (the body is gil_policy.inc).
-- args: --gil-policy=interval
-- The GIL at work: gilvm-ft runs this with its GIL turned on.
-- args: --gil=on
print(gil.policy(), gil.enabled()) -- expect: interval	true
dofile(arg[0]:gsub("[^/]*$", "") .. "gil_policy.inc")
-- expect: 800040000	80
-- expect: 5	true
