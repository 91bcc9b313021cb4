#!/usr/bin/env bash
# Quick start 2: set up, build, and run the whole test suite through ctest. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j2
