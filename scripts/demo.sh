#!/usr/bin/env bash
# Quick start 1: set up, build, and run Poolbook on its embedded SQLite default: write a small
# sample ledger to demo.db and print its trial balance. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
build/bin/poolbook --db demo.db demo
build/bin/poolbook --db demo.db verify
