#!/usr/bin/env bash
# Makes sure the Debian packages gilvm builds and tests with are installed.
#
# Fast when nothing is missing: one dpkg-query, no apt-get. When packages are
# missing it installs them as root, and otherwise prints the exact command to
# run and fails, so `make demo` / `make test` stop with a clear instruction.
set -euo pipefail

required_packages=(
  cmake g++ pkg-config python3    # the build and the test drivers
  time                            # GNU time: peak memory in bench/run.py
  liblua5.4-dev                   # the front end: Lua's compiler and lua_dump
  lua5.4                          # the oracle for the differential tests and benchmarks
  luajit                          # the second baseline of bench/run.py (luajit -joff)
  libboost-context-dev            # fibers for the event loop
  libfmt-dev
  catch2                          # unit tests (Catch2 v2)
  python3-fastapi uvicorn         # the HTTP demo's peer, the seed's FastAPI app (bench/peers)
  python3-matplotlib              # make plots: the pictures in docs/img (for /usr/bin/python3)
)

# One dpkg-query for all packages; it lists only those it knows about (and
# exits non-zero if any is unknown, which just means "missing" here).
installed=" $(dpkg-query -W -f='${Package}:${db:Status-Status} ' "${required_packages[@]}" 2>/dev/null || true)"
missing=()
for package in "${required_packages[@]}"; do
  if [[ "$installed" != *" $package:installed "* ]]; then
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "gilvm needs these Debian packages: ${missing[*]}" >&2
  echo "Install them with:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "Installing missing packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y "${missing[@]}"
