#!/usr/bin/env bash
# The whole test suite, several times in a row, on a fresh clone of this checkout's last
# commit, while busy loops keep every core of the machine busy: a newcomer's `make test`
# must pass on a loaded machine, and no test may depend on its speed. The first run
# includes creating the virtualenv and installing. Not part of `make bench` (it takes
# tens of minutes).
#
# Usage: bench/suite_under_load.sh [RUNS]   (default 3)
set -euo pipefail
runs=${1:-3}
source_dir=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
pids=()
cleanup() {
  if [ ${#pids[@]} -gt 0 ]; then kill "${pids[@]}" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
git clone -q "$source_dir" "$work/shakewise"
for _ in $(seq "$(nproc)"); do
  python3 -c 'while True: pass' &
  pids+=($!)
done
echo "$(nproc) busy loops running; ${runs} runs of make test on a fresh clone"
cd "$work/shakewise"
for i in $(seq "$runs"); do
  start=$(date +%s)
  if make test > "$work/run$i.log" 2>&1; then result=passed; else result=FAILED; fi
  echo "run $i: $result in $(( $(date +%s) - start )) s: $(tail -n 1 "$work/run$i.log")"
  if [ "$result" != passed ]; then tail -n 60 "$work/run$i.log"; exit 1; fi
done
