-- An unknown --gil-policy is a usage error (exit status 2): the script never runs.
-- args: --gil-policy=bogus
-- expect-exit: 2
-- expect-error: unknown GIL policy 'bogus' (expected interval, ticks, fifo or priority)
-- expect-error: usage:
print("never")
