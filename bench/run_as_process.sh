#!/usr/bin/env bash
# Times `proofup run` of one scenario as a whole process, N times, and splits
# each run into the scenario itself (its duration_ms in report.json) and
# everything outside it (start-up, loading, mock-idp start, report writing).
# Prints medians (a shared machine makes means jumpy) and the min..max range.
#   bench/run_as_process.sh [build dir] [scenario] [runs]
# Exits 1 when the median time outside the scenario exceeds the time in it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
scenario=${2:-scenarios/enrollment-nl.yaml}
runs=${3:-15}
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
cd "$root"
samples=$reports/samples
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$build/proofup" run "$scenario" --reports "$reports" >/dev/null 2>&1
  end=$(date +%s%N)
  # One line per run: whole-process ms, then the scenario's own ms.
  python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))
print((int(sys.argv[2]) - int(sys.argv[3])) / 1e6, sum(s["duration_ms"] for s in r["scenarios"]))' \
    "$reports/latest/report.json" "$end" "$start" >>"$samples"
  rm -rf "$reports"/2*  # keep the reports folder from growing between runs
done
python3 - "$samples" "$scenario" "$runs" <<'EOF'
import statistics, sys
rows = [tuple(map(float, line.split())) for line in open(sys.argv[1])]
whole = [w for w, _ in rows]
inside = [i for _, i in rows]
outside = [w - i for w, i in rows]
def line(label, xs, note=""):
    print(f"  {label:<15} {statistics.median(xs):6.1f} ms  ({min(xs):.1f}..{max(xs):.1f}){note}")
print(f"proofup run {sys.argv[2]}, median of {sys.argv[3]} runs:")
line("whole process", whole)
line("scenario", inside)
line("outside it", outside, "  start-up, loading, mock-idp, reports")
ok = statistics.median(outside) <= statistics.median(inside)
print("  target (outside <= scenario):", "met" if ok else "NOT met")
sys.exit(0 if ok else 1)
EOF
