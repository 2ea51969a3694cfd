// The Catch2 (v2) runner for gilvm's unit tests: this file only provides
// main(); the tests live in tests/test_*.cpp, one file per module.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
