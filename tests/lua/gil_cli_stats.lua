-- --gil-stats prints a table of GIL statistics on stderr at exit: a header,
-- a row per thread (the ones that finished too) and the totals.
-- args: --gil-stats --gil-policy=fifo --switch-interval=0.002
-- expect-stderr: GIL statistics: policy fifo, switch interval 2.000 ms,
-- expect-stderr: acquisitions   switches   forced     hold s     wait s longest wait ms
-- expect-stderr: 1    main
-- expect-stderr: 2    thread 2
-- expect-stderr: total
-- The GIL at work: gilvm-ft runs this with its GIL turned on.
-- args: --gil=on
local h = thread.spawn(function() return 1 end)
h:join()
print("done") -- expect: done
