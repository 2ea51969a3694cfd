#!/usr/bin/env python3
"""Installs gilvm into a temporary prefix and builds the example hosts
against it, as outside projects do.

usage: check_embed_install.py --build DIR [--other-build DIR] --source DIR [--cxx COMPILER]

  --build DIR        the build tree to install (built: its library and program)
  --other-build DIR  the other flavour's build tree (the ft build beside the GIL
                     build, or the other way round); installed into the same
                     prefix when it has been built, to show both side by side
  --source DIR       the source tree (for examples/)
  --cxx COMPILER     the C++ compiler to build the examples with (default: c++)

Checks, in order:
  1. `cmake --install` puts the program, the headers, the library, the CMake
     package (config, version and targets files) and the pkg-config file in
     place; the installed headers compile alone (check_embed_headers.py).
  2. examples/embed_basic and examples/embed_game_loop configure with
     find_package(gilvm), build against gilvm::gilvm (gilvm::gilvm_ft for the
     free-threaded build) and run: embed_basic's output is checked line by
     line, embed_game_loop's table for its rows (its figures are printed,
     never judged: they depend on the machine and its load).
  3. embed_basic also builds with nothing but `pkg-config --cflags --libs`.
  4. With the other flavour installed too, embed_basic builds against it from
     the same prefix.
Exit status 0 when all hold, 1 otherwise.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = 600  # seconds, per command: compiles are slow on a loaded machine

BASIC_EXPECTED = [
    "[lua] Embedded, 8 slots, {build} build",
    "script returned 2 values: swords 2, shields 1",
    "total of 2 items: 19.50",
    "as expected: script:8: no price for bow",
    "pcall caught: level 11 is too high",
    "host caught: levels:1: level 12 is too high",
]


class Failure(Exception):
    pass


def run(command, **kwargs):
    print("$ " + " ".join(command), flush=True)
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, **kwargs)
    if result.returncode != 0:
        raise Failure(f"exit status {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result.stdout


def flavour_of(build_dir):
    """gilvm or gilvm_ft, from the library the build made; None if not built."""
    for flavour in ("gilvm_ft", "gilvm"):
        if os.path.exists(os.path.join(build_dir, f"lib{flavour}.a")):
            return flavour
    return None


def install(build_dir, prefix):
    run(["cmake", "--install", build_dir, "--prefix", prefix])


def check_files(prefix, flavour):
    program = "gilvm-ft" if flavour == "gilvm_ft" else "gilvm"
    pc = "gilvm-ft" if flavour == "gilvm_ft" else "gilvm"
    expected = [
        f"bin/{program}",
        "include/gilvm/gilvm.h",
        f"lib/lib{flavour}.a",
        "lib/cmake/gilvm/gilvmConfig.cmake",
        "lib/cmake/gilvm/gilvmConfigVersion.cmake",
        f"lib/cmake/gilvm/{flavour}Targets.cmake",
        f"lib/pkgconfig/{pc}.pc",
    ]
    missing = [f for f in expected if not os.path.exists(os.path.join(prefix, f))]
    if missing:
        raise Failure("not installed: " + ", ".join(missing))


def build_example(source, name, prefix, flavour, work, cxx):
    build = os.path.join(work, f"{name}-{flavour}")
    run(["cmake", "-S", os.path.join(source, "examples", name), "-B", build,
         f"-DCMAKE_PREFIX_PATH={prefix}", f"-DGILVM_FLAVOUR={flavour}",
         f"-DCMAKE_CXX_COMPILER={cxx}", "-DCMAKE_BUILD_TYPE=RelWithDebInfo"])
    run(["cmake", "--build", build])
    return os.path.join(build, name)


def check_basic(program, flavour):
    out = run([program])
    build = "free-threaded" if flavour == "gilvm_ft" else "gil"
    lines = out.splitlines()
    expected = [line.format(build=build) for line in BASIC_EXPECTED]
    if lines != expected:
        raise Failure("embed_basic printed:\n" + out + "\nexpected:\n" + "\n".join(expected))


def check_game_loop(program, flavour):
    out = run([program, "0.3", "2"])
    print(out, end="")
    rows = ["interval", "priority", "frame-budget"] + (["no GIL"] if flavour == "gilvm_ft" else [])
    for row in rows:
        if not any(line.startswith(row) for line in out.splitlines()):
            raise Failure(f"embed_game_loop printed no row for {row}:\n{out}")


def check_pkg_config(source, prefix, flavour, work, cxx):
    pc = "gilvm-ft" if flavour == "gilvm_ft" else "gilvm"
    env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(prefix, "lib", "pkgconfig"))
    flags = run(["pkg-config", "--cflags", "--libs", pc], env=env).split()
    program = os.path.join(work, f"embed_basic-pkgconfig-{flavour}")
    run([cxx, "-O1", os.path.join(source, "examples", "embed_basic", "main.cpp"), "-o",
         program] + flags)
    check_basic(program, flavour)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", required=True)
    parser.add_argument("--other-build")
    parser.add_argument("--source", required=True)
    parser.add_argument("--cxx", default="c++")
    args = parser.parse_args()
    cxx = args.cxx

    flavour = flavour_of(args.build)
    if not flavour:
        print(f"{args.build} has no gilvm library: build it first", file=sys.stderr)
        return 1
    work = tempfile.mkdtemp(prefix="gilvm_install_")
    prefix = os.path.join(work, "prefix")
    try:
        install(args.build, prefix)
        check_files(prefix, flavour)
        run([sys.executable, os.path.join(HERE, "check_embed_headers.py"), cxx,
             os.path.join(prefix, "include")])
        check_basic(build_example(args.source, "embed_basic", prefix, flavour, work, cxx), flavour)
        check_game_loop(
            build_example(args.source, "embed_game_loop", prefix, flavour, work, cxx), flavour)
        check_pkg_config(args.source, prefix, flavour, work, cxx)

        other = flavour_of(args.other_build) if args.other_build else None
        if other and other != flavour:
            install(args.other_build, prefix)
            check_files(prefix, other)
            check_files(prefix, flavour)  # still there beside it
            check_basic(build_example(args.source, "embed_basic", prefix, other, work, cxx), other)
            print(f"both builds installed side by side: gilvm::{flavour} and gilvm::{other}")
        else:
            print("the other build is not built: side by side not checked")
    except (Failure, subprocess.TimeoutExpired) as e:
        print(f"FAILED: {e}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("installed package: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
