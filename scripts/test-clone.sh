#!/usr/bin/env bash
# The README's test command, twice (.ci/run's last step):
#  1. in a fresh clone of HEAD placed where no data folder exists beside it, after `npm ci`: it must
#     pass, with the full-data suites reported as skipped (committed files only are tested);
#  2. here, with the data folder ($KERASM_DATA, else ../shared/data beside this checkout), where a
#     skipped test is an error (tests/helpers/real_data_reporter.cjs). With no data folder this run
#     is itself skipped, and says so.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { echo; echo "== $* ($(date -u +%H:%M:%S))"; }

step "npm test in a fresh clone with no data folder"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git clone --quiet --no-hardlinks "$PWD" "$tmp/kerasm"
echo "cloned $(git -C "$tmp/kerasm" rev-parse --short HEAD) into $tmp/kerasm (no $tmp/shared/data)"
(
  cd "$tmp/kerasm"
  started=$SECONDS
  npm ci --no-audit --no-fund --loglevel=error
  echo "npm ci: $((SECONDS - started)) s"
  started=$SECONDS
  env -u KERASM_DATA npm test 2>&1 | tee "$tmp/no-data.log"
  echo "npm test without data: $((SECONDS - started)) s"
)
if ! grep -q '^Skipped [0-9]* tests that need the full data sets' "$tmp/no-data.log"; then
  echo "expected the one-line notice of the skipped full-data suites in the output above" >&2
  exit 1
fi

step "npm test with the data"
data="${KERASM_DATA:-}"
if [ -z "$data" ] && [ -d ../shared/data ]; then data="$(cd ../shared/data && pwd)"; fi
if [ -z "$data" ]; then
  echo "SKIPPED: no data folder (KERASM_DATA is unset and there is no ../shared/data beside $PWD), so the full-data suites cannot run here"
  exit 0
fi
started=$SECONDS
KERASM_DATA="$data" npm test
echo "npm test with KERASM_DATA=$data: $((SECONDS - started)) s"
