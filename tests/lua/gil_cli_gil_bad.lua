-- --gil takes on or off.
-- args: --gil=maybe
-- expect-exit: 2
-- expect-error: bad value 'maybe' for --gil (expected on or off)
print("never")
