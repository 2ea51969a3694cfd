-- The gil module: is a GIL active, which policy, the switch interval.
-- The GIL at work: gilvm-ft runs this with its GIL turned on.
-- args: --gil=on
print(gil.enabled(), gil.policy()) -- expect: true	interval
print(gil.switchinterval()) -- expect: 0.005
-- Setting returns the old value, like the getter.
print(gil.switchinterval(0.01)) -- expect: 0.005
print(gil.switchinterval()) -- expect: 0.01
print(gil.switchinterval(1)) -- expect: 0.01
print(gil.switchinterval(nil)) -- expect: 1.0
print(gil.switchinterval(1e-6), gil.switchinterval()) -- expect: 1.0	1e-06
gil.switchinterval(0.005)

for _, bad in ipairs({ 0, -1, 1 / 0, -1 / 0, 0 / 0, 1001 }) do
  print(select(2, pcall(gil.switchinterval, bad)))
end
-- expect: bad argument #1 to 'gil.switchinterval' (switch interval must be more than 0 and at most 1000 seconds)
-- expect: bad argument #1 to 'gil.switchinterval' (switch interval must be more than 0 and at most 1000 seconds)
-- expect: bad argument #1 to 'gil.switchinterval' (switch interval must be more than 0 and at most 1000 seconds)
-- expect: bad argument #1 to 'gil.switchinterval' (switch interval must be more than 0 and at most 1000 seconds)
-- expect: bad argument #1 to 'gil.switchinterval' (switch interval must be more than 0 and at most 1000 seconds)
-- expect: bad argument #1 to 'gil.switchinterval' (switch interval must be more than 0 and at most 1000 seconds)
print(select(2, pcall(gil.switchinterval, "fast"))) -- expect: bad argument #1 to 'gil.switchinterval' (number expected, got string)
print(select(2, pcall(gil.switchinterval, {}))) -- expect: bad argument #1 to 'gil.switchinterval' (number expected, got table)
print(gil.switchinterval(1000), gil.switchinterval()) -- expect: 0.005	1000.0
gil.switchinterval(0.005)
print(gil.switchinterval("0.02"), gil.switchinterval()) -- expect: 0.005	0.02
print(gil.switchinterval()) -- expect: 0.02
