#!/usr/bin/env bash
# Times `proofup run` of one scenario as a whole process, N times, and splits
# each run into the scenario itself (report.json's duration_ms) and everything
# outside it (start-up, loading, mock-idp start, report writing).
#   bench/run_as_process.sh [build dir] [scenario] [runs]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
scenario=${2:-scenarios/enrollment-nl.yaml}
runs=${3:-10}
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
cd "$root"
total=0 inside=0
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$build/proofup" run "$scenario" --reports "$reports" >/dev/null 2>&1
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  in=$(python3 -c 'import json,sys; print(int(json.load(open(sys.argv[1]))["duration_ms"]))' \
       "$reports/latest/report.json")
  total=$((total + ms)) inside=$((inside + in))
done
echo "proofup run $scenario, mean of $runs runs:"
echo "  whole process   $((total / runs)) ms"
echo "  scenario        $((inside / runs)) ms"
echo "  outside it      $(((total - inside) / runs)) ms (start-up, loading, mock-idp, reports)"
