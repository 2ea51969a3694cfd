-- --switch-interval has an upper bound (exit status 2 beyond it).
-- args: --switch-interval=1e9
-- expect-exit: 2
-- expect-error: bad switch interval '1e9'
print("never")
