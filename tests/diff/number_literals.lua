-- Numeric literal forms: decimal, hex, exponents, hex floats, big integers.
print(0, 00, 123, 0x10, 0XfF, 0xA.8p0, 0x.1p4, 0x1p-2, 0x1P+10)
print(1e2, 1E-2, .5, 5., 3.14159, 1e+308, 1e-320 > 0, 2e-324)
print(math.type(1e2), math.type(0x10), math.type(0x1p4))
print(0xffffffffffffffff, 0x7fffffffffffffff, 0x8000000000000000, 0x1ffffffffffffffff)
print(18446744073709551615, 18446744073709551616, 9223372036854775807, 9223372036854775808)
print(1e15, 1e14, 123456789012345, 1234567890123456789, 12345678901234567890)
print(0x0.1, 0xA, 0Xa, 0x.8, 3e0, 0e0, 0.0e10)
print(100000000000000, 1e100, 0.1, 0.25e1)
