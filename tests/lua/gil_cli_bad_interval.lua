-- --switch-interval must be a positive number of seconds (exit status 2).
-- args: --switch-interval=0
-- expect-exit: 2
-- expect-error: bad switch interval '0'
print("never")
