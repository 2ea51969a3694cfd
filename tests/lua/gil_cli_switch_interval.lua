-- --switch-interval=SEC sets the interval that gil.switchinterval() reports.
-- args: --switch-interval=0.02
print(gil.switchinterval()) -- expect: 0.02
