#!/usr/bin/env bash
# Builds import_bench (Release) into build/ and runs it; every argument is passed to it.
#   bench/run-import-bench.sh                         # full size: 500,000 entries, 60,000 accounts, 3 reps
#   bench/run-import-bench.sh --entries 50000 --accounts 6000 --reps 1
#   bench/run-import-bench.sh --json results.json
# BUILD_DIR=other-dir overrides the build directory (default build).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${BUILD_DIR:-build}"
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" -j2 --target import_bench
exec "$build_dir/bin/import_bench" "$@"
