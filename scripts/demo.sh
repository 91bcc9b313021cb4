#!/usr/bin/env bash
# Quick start 1: set up, build, and run Poolbook on its embedded SQLite default: build the demo
# pooled fund (FY 2025-26, 3,000 people) in demo.db, print its figures and verify it. Safe to run
# again: a ledger that already holds the fund is left as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
build/bin/poolbook --db demo.db demo
build/bin/poolbook --db demo.db verify
