-- An uncaught number error is converted to its text; no position is added.
-- expect-error: 42
-- expect-exit: 1
error(42)
