// main.cpp: doctest's entry point for the core unit tests (native and wasm under node).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
