#!/usr/bin/env bash
# Times `proofup run` of one scenario as a whole process, N times, and splits
# each run into the scenario itself (its duration_ms in report.json) and
# everything outside it (start-up, loading, mock-idp start, report writing).
# Two cases, interleaved run by run:
#   bundled  proofup starts its own mock-idp (the default `proofup run`)
#   target   `--target URL` of a mock-idp this script started once, as a QA
#            user's own portal is (no portal start in the run)
# Prints medians (a shared machine makes means jumpy) with the min..max range,
# and the CPU time of proofup (and its mock-idp when bundled), per case.
#   bench/run_as_process.sh [build dir] [scenario] [runs] [baseline build dir]
# A baseline build (e.g. /work/main/build) is run interleaved with the first.
# Exits 1 when, for the first build, outside > scenario in either case.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
scenario=${2:-scenarios/enrollment-nl.yaml}
runs=${3:-15}
baseline=${4:-}
cd "$root"
exec python3 - "$scenario" "$runs" "$build" $baseline <<'EOF'
import json, os, resource, secrets, shutil, statistics, subprocess, sys, tempfile, time

scenario, runs, builds = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
reports = tempfile.mkdtemp()
token = secrets.token_hex(16)
# The long-running portal of the `target` case: the first build's mock-idp.
portal = subprocess.Popen(
    [os.path.join(builds[0], "mock-idp", "mock-idp"), "--port", "0", "--users",
     "fixtures/users.yaml", "--quiet"],
    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    env=dict(os.environ, MOCK_IDP_ADMIN_TOKEN=token))
url = portal.stdout.readline().strip()
url = url[url.find("http"):].rstrip("/")
cases = [("bundled", []), ("target", ["--target", url])]
figures = {}  # (build, case) -> {"whole": [], "inside": [], "cpu": []}
loads = []

def one_run(build, extra):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    subprocess.run([os.path.join(build, "proofup"), "run", scenario, "--reports", reports] + extra,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=dict(os.environ, PROOFUP_ADMIN_TOKEN=token))
    whole = (time.monotonic() - start) * 1000
    # A bundled mock-idp is reaped by proofup, so its CPU time is in proofup's children too.
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000
    with open(os.path.join(reports, "latest", "report.json")) as f:
        report = json.load(f)
    if report["scenarios"][0]["outcome"] != "passed":
        sys.exit(f"{build}: {scenario} did not pass ({' '.join(extra) or 'bundled'})")
    return whole, sum(s["duration_ms"] for s in report["scenarios"]), cpu

try:
    for _ in range(runs):
        for build in builds:
            for name, extra in cases:
                whole, inside, cpu = one_run(build, extra)
                f = figures.setdefault((build, name), {"whole": [], "inside": [], "cpu": []})
                f["whole"].append(whole)
                f["inside"].append(inside)
                f["cpu"].append(cpu)
        loads.append(os.getloadavg()[0])
        # Run folders stay until the end, as they do for a user: deleting them
        # between runs makes ext4 search its recently freed inodes on every create.
finally:
    portal.kill()
    portal.wait()
    shutil.rmtree(reports)

def line(label, xs, note=""):
    print(f"    {label:<15} {statistics.median(xs):6.1f} ms  ({min(xs):.1f}..{max(xs):.1f}){note}")

print(f"proofup run {scenario}, median of {runs} runs, load {min(loads):.1f}..{max(loads):.1f}")
ok = True
for build in builds:
    print(f"{build}:")
    for name, _ in cases:
        f = figures[(build, name)]
        outside = [w - i for w, i in zip(f["whole"], f["inside"])]
        met = statistics.median(outside) <= statistics.median(f["inside"])
        if build == builds[0]:
            ok = ok and met
        print(f"  {name}" + (" (proofup starts mock-idp)" if name == "bundled" else
                             " (--target of a running mock-idp)") + ":")
        line("whole process", f["whole"])
        line("scenario", f["inside"])
        line("outside it", outside, "  start-up, loading, " +
             ("mock-idp, " if name == "bundled" else "") + "reports")
        line("CPU time", f["cpu"], "  proofup" + (" + mock-idp" if name == "bundled" else "") +
             ", user + system")
        print("    target (outside <= scenario):", "met" if met else "NOT met")
sys.exit(0 if ok else 1)
EOF
