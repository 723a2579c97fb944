#!/usr/bin/env bash
# The non-browser suite on SQLite with the whole process's clock moved to other dates (Python and SQLite alike),
# so a test that only passes on the day it was written fails here first. The dates run side by side, one a core.
# Usage: tools/test-at-dates.sh ["YYYY-MM-DD HH:MM:SS" ...]   (UTC; default: TEST_DATES, else the two below)
set -uo pipefail
cd "$(dirname "$0")/.."

# A year's last evening and a leap day's: month, year and February ends, late enough in the day that a UTC date
# and a UK date could be taken for each other, and early enough that a run does not cross midnight.
DEFAULT_DATES=("2027-12-31 21:30:00" "2028-02-29 21:30:00")
if [ "$#" -gt 0 ]; then
  dates=("$@")
elif [ -n "${TEST_DATES:-}" ]; then
  IFS='|' read -r -a dates <<<"$TEST_DATES"
else
  dates=("${DEFAULT_DATES[@]}")
fi

in_ci() { case "${CI:-}" in 1 | true | TRUE | yes) return 0 ;; *) return 1 ;; esac }

if ! command -v faketime >/dev/null 2>&1; then
  message="faketime is not installed (apt-get install faketime), so the suite was not run at other dates"
  if in_ci; then
    echo "$message; CI=true does not allow skipping this leg" >&2
    exit 1
  fi
  echo "SKIPPED: $message"
  exit 0
fi

run_at() {
  local when=$1 log=$2 started
  started=$(date +%s)
  # The fake clock starts at the date and then runs. Monotonic time stays real so that thread waits keep working
  # (tests/conftest.py mends time.sleep for that case).
  TZ=UTC FAKETIME_DONT_FAKE_MONOTONIC=1 DHR_ENV=test \
    faketime -f "@${when}" .venv/bin/python -m pytest -m "not browser" -q --db=sqlite -p no:cacheprovider >"$log" 2>&1
  echo "$? $(($(date +%s) - started))" >"$log.status"
}

workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
echo "Running the SQLite suite at these dates (UTC, under faketime): $(printf '%s; ' "${dates[@]}")"
for i in "${!dates[@]}"; do
  run_at "${dates[$i]}" "$workdir/$i.log" &
done
wait

status=0
for i in "${!dates[@]}"; do
  read -r code seconds <"$workdir/$i.log.status"
  echo ""
  echo "=== The SQLite suite at ${dates[$i]} UTC"
  cat "$workdir/$i.log"
  echo "=== At ${dates[$i]} UTC: exit ${code} in ${seconds} s"
  [ "$code" -eq 0 ] || status=1
done
exit "$status"
