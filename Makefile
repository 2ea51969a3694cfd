# The front door. `make demo` builds both interpreters and runs the tour
# (`make demo QUICK=1`: the short version);
# `make test` builds the GIL, free-threaded and sanitizer builds and runs
# their test suites. The builds themselves are CMake presets
# (CMakePresets.json), one directory each under build/.

JOBS ?= $(shell nproc)

# Each preset build is a CMake-driven make of its own with its own -j; keep
# this make's flags and job server out of it, and run these recipes in order.
unexport MAKEFLAGS MFLAGS
.NOTPARALLEL:

PRESET_BUILDS := build-gil build-ft build-asan build-tsan
.PHONY: all setup demo test format-check bench bench-ft bench-ft-scaling bench-gil bench-http bench-loop bench-pools plots plots-draw format clean $(PRESET_BUILDS)

all: build-gil

setup:
	@tools/setup.sh

# Configuring again is cheap and picks up changes to CMakePresets.json.
$(PRESET_BUILDS): build-%: setup
	cmake --preset $* >/dev/null
	cmake --build --preset $* -j $(JOBS)

# The tour: one table of the ways to run Lua work, measured here with both
# interpreters (bench/tour.py runs scripts/tour.lua under each; docs/tour.md
# explains the rows). QUICK=1: a version of about 15 s.
demo: build-gil build-ft
	bench/tour.py $(if $(filter-out 0,$(QUICK)),--quick)

# Everything in the GIL and free-threaded builds and in the ASan+UBSan build
# (there with the stress scripts scaled down); in the ThreadSanitizer build
# (free-threaded), the labels chosen by its test preset: the GIL's unit tests,
# the script tests, the trace check and the stress scripts. Then the
# formatting check (format-check). All of them run even when one fails, so
# one run shows every failure.
test: build-gil build-ft build-asan build-tsan
	@status=0; \
	for preset in gil ft asan tsan; do \
	  echo "== ctest --preset $$preset"; \
	  ctest --preset $$preset || status=1; \
	done; \
	echo "== clang-format --dry-run --Werror"; \
	$(FORMAT_FILES) | xargs -0 -r clang-format --dry-run --Werror || status=1; \
	exit $$status

bench: build-gil
	bench/run.py

# The single-thread cost of free threading: the GIL build against gilvm-ft.
bench-ft: build-gil build-ft
	bench/run.py --a build/gil/gilvm --b build/ft/gilvm-ft --no-peer

# Threads with and without the GIL: scaling, contention, single-thread cost
# (docs/free-threading.md).
bench-ft-scaling: build-gil build-ft
	bench/ft_run.py --write

# The GIL experiments, gilvm's policies beside CPython (docs/gil.md).
bench-gil: build-gil
	bench/gil_run.py --write

# The event-loop experiments beside CPython's asyncio (docs/event-loop.md).
bench-loop: build-gil
	bench/loop_run.py --write

# The HTTP service demo under load, gilvm beside the seed's FastAPI app
# (docs/http.md).
bench-http: build-gil build-ft
	bench/http_run.py --write

# Worker processes and subinterpreters beside threads and CPython's pools
# (docs/interpreters.md).
bench-pools: build-gil
	bench/pools_run.py --write

# The pictures in docs/img (docs/plots.md): run the bench programs behind
# them and keep their results in docs/img/data, then draw. plots-draw only
# draws again from the kept results.
plots: build-gil build-ft
	tools/plot_collect.py
	tools/plot_draw.py

plots-draw: setup
	tools/plot_draw.py

# The C++ sources clang-format keeps formatted (.clang-format at the top).
FORMAT_FILES = find $(wildcard interp gil fiber loop program embed include examples tests bench) \( -name '*.cpp' -o -name '*.h' \) -print0

format:
	$(FORMAT_FILES) | xargs -0 -r clang-format -i

# Fails, naming each place, where a file differs from clang-format's output.
format-check:
	@$(FORMAT_FILES) | xargs -0 -r clang-format --dry-run --Werror

clean:
	rm -rf build
