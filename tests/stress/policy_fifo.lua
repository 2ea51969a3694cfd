-- The mixed workload of mixed_workload.inc under the fifo policy.
-- args: --gil-policy=fifo --switch-interval=0.002
-- The GIL at work: gilvm-ft runs this with its GIL turned on.
-- args: --gil=on
print(gil.policy()) -- expect: fifo
dofile(arg[0]:gsub("[^/]*$", "") .. "mixed_workload.inc")
-- expect: lock count	true
-- expect: round trips	true	true
-- expect: everyone progressed	true
