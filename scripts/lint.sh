#!/usr/bin/env bash
# Runs clang-tidy (the checks in .clang-tidy) on the project's own sources in ledger/ reports/ api/
# config/, using the compile commands of build/ (or of the build directory given as $1; the
# build writes them). Exits non-zero on any finding. Also checks that the commit subjects since
# the habit began are at most 72 characters. scripts/test.sh runs it after the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
[ -f "$build/compile_commands.json" ] || { echo "lint: run scripts/build.sh first" >&2; exit 2; }
files=$(find ledger reports api config -name '*.cpp' | sort)
echo "lint: clang-tidy on $(echo "$files" | wc -l) files"
echo "$files" | xargs -P 2 -n 4 clang-tidy -p "$build" --quiet --extra-arg=-Wno-unknown-warning-option 2>/dev/null
# Commit subjects: at most 72 characters, for every commit since this script was added (skipped
# where the tree is not a git checkout).
since=""
if command -v git > /dev/null && git rev-parse --git-dir > /dev/null 2>&1; then
  since=$(git log -1 --format=%cI --diff-filter=A -- scripts/lint.sh 2>/dev/null || true)
fi
if [ -n "$since" ]; then
  long=$(git log --no-merges --since="$since" --format=%s | awk 'length > 72')
  [ -z "$long" ] || { echo "lint: commit subjects over 72 characters:"; echo "$long"; exit 1; }
fi
echo "lint ok"
