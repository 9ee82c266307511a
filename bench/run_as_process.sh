#!/usr/bin/env bash
# Times `proofup run` of one scenario as a whole process, N times, and splits
# each run into the scenario itself (its duration_ms in report.json) and
# everything outside it (start-up, loading, mock-idp start, report writing).
# Prints medians (a shared machine makes means jumpy) with the min..max range,
# and the CPU time of proofup and its mock-idp together (less load-dependent).
#   bench/run_as_process.sh [build dir] [scenario] [runs]
# Exits 1 when the median time outside the scenario exceeds the time in it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
scenario=${2:-scenarios/enrollment-nl.yaml}
runs=${3:-15}
cd "$root"
exec python3 - "$build/proofup" "$scenario" "$runs" <<'EOF'
import json, os, resource, shutil, statistics, subprocess, sys, tempfile, time

proofup, scenario, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
reports = tempfile.mkdtemp()
whole, inside, cpu = [], [], []
try:
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.monotonic()
        subprocess.run([proofup, "run", scenario, "--reports", reports],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        whole.append((time.monotonic() - start) * 1000)
        # mock-idp is reaped by proofup, so its CPU time is in proofup's children too.
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000)
        with open(os.path.join(reports, "latest", "report.json")) as f:
            inside.append(sum(s["duration_ms"] for s in json.load(f)["scenarios"]))
        # Run folders stay until the end, as they do for a user: deleting them
        # between runs makes ext4 search its recently freed inodes on every create.
finally:
    shutil.rmtree(reports)
outside = [w - i for w, i in zip(whole, inside)]

def line(label, xs, note=""):
    print(f"  {label:<15} {statistics.median(xs):6.1f} ms  ({min(xs):.1f}..{max(xs):.1f}){note}")

print(f"proofup run {scenario}, median of {runs} runs (load {os.getloadavg()[0]:.1f}):")
line("whole process", whole)
line("scenario", inside)
line("outside it", outside, "  start-up, loading, mock-idp, reports")
line("CPU time", cpu, "  proofup + mock-idp, user + system")
ok = statistics.median(outside) <= statistics.median(inside)
print("  target (outside <= scenario):", "met" if ok else "NOT met")
sys.exit(0 if ok else 1)
EOF
