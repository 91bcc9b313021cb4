#!/usr/bin/env bash
# Rewrites the golden files (tests/golden/expected/) from what the code renders now, checks that
# the test then passes, and shows what changed. Review that diff like code before committing it:
# every changed line is a change of output that users, auditors and hledger will see.
#
#   scripts/update-golden.sh            (BUILD_DIR=build by default; configured if it is not yet)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${BUILD_DIR:-build}"
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build" -j2 --target golden_test
POOLBOOK_UPDATE_GOLDEN=1 "$build/bin/golden_test" --gtest_brief=1
"$build/bin/golden_test" --gtest_brief=1
git status --short -- tests/golden/expected
git diff --stat -- tests/golden/expected
