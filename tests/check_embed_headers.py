#!/usr/bin/env python3
"""Checks that the embedding API's public headers stand alone.

usage: check_embed_headers.py COMPILER INCLUDE_DIR

Every header under INCLUDE_DIR/gilvm/ must:
  - include only the C++ standard library (<name>, no folder, no ".h") and
    other public headers ("gilvm/..."): nothing of the tree (interp/, gil/,
    fiber/, loop/, embed/) and no third-party library (fmt, Boost, Lua);
  - compile alone, as the first and only include of a translation unit,
    with nothing but INCLUDE_DIR on the include path and every warning an
    error (-Wall -Wextra -Wpedantic -Werror, C++20).
A host program compiles against these headers only, so what they show is
the whole contract: no VM internals (Value layouts, stack indices) leak.
"""
import os
import re
import subprocess
import sys
import tempfile

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def check_includes(path, rel):
    problems = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            kind, name = m.groups()
            if kind == '"':
                if not name.startswith("gilvm/"):
                    problems.append(f"{rel}:{number}: includes \"{name}\", not a public header")
            elif "/" in name or "." in name:
                problems.append(f"{rel}:{number}: includes <{name}>, not the standard library")
    return problems


def check_compiles(compiler, include_dir, rel):
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "alone.cpp")
        with open(source, "w", encoding="utf-8") as f:
            f.write(f'#include "{rel}"\nint main() {{ return 0; }}\n')
        command = [compiler, "-std=c++20", "-fsyntax-only", "-Wall", "-Wextra", "-Wpedantic",
                   "-Werror", "-I" + include_dir, source]
        # Only INCLUDE_DIR: the tree's top is not on the path, so an include of
        # "interp/..." would fail here even if the textual check missed it.
        result = subprocess.run(command, capture_output=True, text=True, cwd=tmp)
        if result.returncode != 0:
            return [f"{rel} does not compile alone:\n{result.stderr.strip()}"]
    return []


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    compiler, include_dir = sys.argv[1], os.path.abspath(sys.argv[2])
    headers = sorted(
        os.path.join("gilvm", name)
        for name in os.listdir(os.path.join(include_dir, "gilvm"))
        if name.endswith(".h"))
    if not headers:
        print(f"no headers in {include_dir}/gilvm", file=sys.stderr)
        return 1
    problems = []
    for rel in headers:
        path = os.path.join(include_dir, rel)
        problems += check_includes(path, rel)
        problems += check_compiles(compiler, include_dir, rel)
    for p in problems:
        print(p)
    print(f"{len(headers)} public headers checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
