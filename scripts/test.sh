#!/usr/bin/env bash
# Quick start 2: set up, build, run the whole test suite through ctest, then the lint (clang-tidy
# and commit subjects, scripts/lint.sh). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j2
bash scripts/lint.sh
