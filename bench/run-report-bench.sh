#!/usr/bin/env bash
# Builds report_bench and the poolbook binary (Release) into build/ and runs report_bench; every
# argument is passed to it.
#   bench/run-report-bench.sh --keep --db report-bench.db    # builds the ~1,000,000-posting ledger once, keeps it
#   bench/run-report-bench.sh --db report-bench.db           # later runs reuse it
#   bench/run-report-bench.sh --people 300 --runs 3 --tool-runs 1   # quick check
# BUILD_DIR=other-dir overrides the build directory (default build).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${BUILD_DIR:-build}"
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" -j2 --target report_bench
if ! cmake --build "$build_dir" -j2 --target poolbook; then
  echo "run-report-bench: the poolbook binary did not build; an older one in $build_dir/bin (if any) is timed" >&2
fi
exec "$build_dir/bin/report_bench" "$@"
