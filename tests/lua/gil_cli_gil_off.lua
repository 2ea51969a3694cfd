-- The GIL build cannot run without its GIL: --gil=off is a usage error.
-- build: gil
-- args: --gil=off
-- expect-exit: 2
-- expect-error: --gil=off: the GIL build cannot run without its GIL (use gilvm-ft)
print("never")
