#!/usr/bin/env bash
# Quick start 1: set up, build, and run Poolbook on its embedded SQLite default: build the demo
# pooled fund (2025-26 signed off, 2026-27 through November; 3,000 people) in demo.db, print its
# figures and verify it, then serve it over HTTP, printing the address, a token for each role and
# a curl example. Ctrl-C (or SIGTERM) stops the server. Safe to run again: a ledger that already
# holds the fund is left as it is, and the demo tokens are issued afresh. POOLBOOK_PORT changes
# the port (default 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
build/bin/poolbook --db demo.db demo
build/bin/poolbook --db demo.db verify
build/bin/poolbook --db demo.db user demo
exec build/bin/poolbook --db demo.db serve
