#!/usr/bin/env bash
# The audit export over HTTP: the peak memory of `poolbook serve` (VmHWM) while curl downloads
# GET /api/v1/exports/audit from a large ledger, the rows per second of the download, and a check
# that the manifest's sha256 is the SHA-256 of the file received. See bench/README.md.
#
#   bench/run-report-bench.sh --keep --db report-bench.db --runs 1 --no-tools --export-runs 1 --cold-runs 1
#   bench/run-export-api-bench.sh report-bench.db
#
# The first line builds a ledger of about a million postings (once; a few minutes). This script
# builds `poolbook` (Release) into build/ (BUILD_DIR=... picks another), adds a user with the role
# auditor to the ledger (disabled again at the end), serves the ledger and downloads the export.
# Each download writes one access-log record per person to the ledger, as any export does.
# Environment: PORT (default 18080); SLOW_RATE (default 20M): a second download limited to that
# many bytes a second (curl --limit-rate), to show a slow client costs no more memory (empty: skip).
set -euo pipefail

db=$(realpath "${1:?usage: bench/run-export-api-bench.sh LEDGER.db}")
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
port=${PORT:-18080}
slow=${SLOW_RATE-20M}
[ -f "$db" ] || { echo "no ledger $db" >&2; exit 2; }
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target poolbook >/dev/null
P="$build/bin/poolbook"

work=$(mktemp -d)
user="export-bench-$$"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  "$P" --db "$db" user disable "$user" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

token=$("$P" --db "$db" user add "$user" auditor | grep -o 'pbt_[0-9a-f]*_[0-9a-f]*' | head -1)
"$P" --db "$db" serve --port "$port" >"$work/serve.out" 2>"$work/requests.log" &
pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 600); do
  curl -sf "$base/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -sf "$base/readyz" >/dev/null

hwm() { awk '/^VmHWM/ {print $2}' "/proc/$pid/status"; }  # kB
rss() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }
echo "poolbook serve (pid $pid) on $db; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "before: VmRSS $(rss) kB, VmHWM $(hwm) kB"

auth="Authorization: Bearer $token"
read -r first secs bytes < <(curl -sS --fail -D "$work/headers" -o "$work/audit.csv" -H "$auth" \
  -w '%{time_starttransfer} %{time_total} %{size_download}\n' "$base/api/v1/exports/audit")
through=$(tr -d '\r' <"$work/headers" | awk -F': ' 'tolower($1) == "poolbook-through-entry" {print $2}')
echo "after the download: VmRSS $(rss) kB, VmHWM $(hwm) kB"

curl -sS --fail -H "$auth" "$base/api/v1/exports/audit/manifest?through=$through" >"$work/manifest.json"
echo "after the manifest: VmRSS $(rss) kB, VmHWM $(hwm) kB"
rows=$(grep -o '"rows":[0-9]*' "$work/manifest.json" | cut -d: -f2)
want=$(grep -o '"sha256":"[0-9a-f]*"' "$work/manifest.json" | cut -d'"' -f4)
got=$(sha256sum "$work/audit.csv" | cut -d' ' -f1)
echo "through entry $through: $rows rows, $bytes bytes in $secs s (first byte after $first s):" \
  "$(awk -v r="$rows" -v s="$secs" 'BEGIN {printf "%.0f", r / s}') rows/s"
if [ "$got" = "$want" ]; then echo "sha256 matches the manifest: $got"; else
  echo "sha256 DIFFERS: file $got, manifest $want" >&2
  exit 1
fi

if [ -n "$slow" ]; then
  read -r secs bytes < <(curl -sS --fail -o /dev/null -H "$auth" --limit-rate "$slow" \
    -w '%{time_total} %{size_download}\n' "$base/api/v1/exports/audit?through=$through")
  echo "a slow client (--limit-rate $slow): $bytes bytes in $secs s; VmRSS $(rss) kB, VmHWM $(hwm) kB"
fi
grep -h '"path":"/api/v1/exports' "$work/requests.log" || true
