#!/usr/bin/env python3
"""`proofup run --shard i/n` and `proofup merge-reports` end to end.

Runs scenarios/ once unsharded, then as n = 1, 2, 4, 7 shards (real proofup
processes, each with its own bundled mock-idp, run side by side), and checks:
every scenario is in exactly one shard, the merged report.json equals the
unsharded one (statuses, steps, messages, screens; times, run ids, ports and
the random matching numbers left out), the merged junit.xml is valid against
the JUnit schema, and the refusals and usage errors say what is wrong.
  tests/shard/shard_merge_test.py <build dir> <source dir>
"""
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

build, source = sys.argv[1], sys.argv[2]
PROOFUP = os.path.join(build, "proofup")
XSD = os.path.join(source, "harness/report/testdata/junit.xsd")
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what, flush=True)


def start(args):
    return subprocess.Popen([PROOFUP] + args, cwd=source, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish(proc):
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err


def proofup(args):
    return finish(start(args))


def run_folder(reports):
    return os.path.realpath(os.path.join(reports, "latest"))


def report(folder):
    with open(os.path.join(folder, "report.json"), encoding="utf-8") as f:
        return json.load(f)


def normalised(rep):
    """What must not depend on how the run was split."""
    port = re.compile(r"https?://127\.0\.0\.1:\d+")
    digits = re.compile(r"\d+")
    token = re.compile(r"[0-9a-f]{16,}")  # the portal's csrf tokens
    rep = copy.deepcopy(rep)
    for key in ("run_id", "started_at", "duration_ms", "target"):
        rep.pop(key, None)
    for s in rep["scenarios"]:
        s.pop("duration_ms", None)
        for step in s["steps"]:
            step.pop("duration_ms", None)
            step["requests"] = [(r["method"], token.sub("#", port.sub("", r["url"])), r["status"])
                                for r in step["requests"]]
            # number matching shows a random number: the text is compared without digits
            step["observed_text"] = digits.sub("#", step["observed_text"])
    return rep


def run_shards(tmp, label, n, extra=()):
    """The n shards side by side, as n CI jobs; returns their run folders."""
    procs = []
    for i in range(1, n + 1):
        reports = os.path.join(tmp, f"{label}-{i}")
        procs.append((reports, start(["run", "scenarios", "--shard", f"{i}/{n}", "--reports",
                                      reports, *extra])))
    folders = []
    for reports, proc in procs:
        code, out, err = finish(proc)
        check(code == 0, f"{label}: shard of {n} exit {code}: {out}{err}")
        folders.append(run_folder(reports))
    return folders


def main():
    began = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="proofup-shard-")
    try:
        whole_reports = os.path.join(tmp, "whole")
        code, out, err = proofup(["run", "scenarios", "--reports", whole_reports])
        check(code == 0, f"unsharded run exit {code}: {out}{err}")
        whole = run_folder(whole_reports)
        whole_rep = report(whole)
        names = [(s["file"], s["name"]) for s in whole_rep["scenarios"]]
        timings = os.path.join(whole, "timings.json")
        check(os.path.isfile(timings), "the unsharded run wrote timings.json")

        for n in (1, 2, 4, 7):
            # n = 2 without timings (balanced by steps), the others by the unsharded run's
            extra = () if n == 2 else ("--shard-timings", timings)
            folders = run_shards(tmp, f"n{n}", n, extra)
            seen = [(s["file"], s["name"]) for f in folders for s in report(f)["scenarios"]]
            check(sorted(seen) == sorted(names), f"n={n}: the shards hold every scenario once")
            merged = os.path.join(tmp, f"merged-{n}")
            code, out, err = proofup(["merge-reports", *folders, "--out", merged])
            check(code == 0, f"n={n}: merge exit {code}: {out}{err}")
            check(normalised(report(merged)) == normalised(whole_rep),
                  f"n={n}: the merged report equals the unsharded one")
            for shot in (st["screen_file"] for s in report(merged)["scenarios"]
                         for st in s["steps"] if st["screen_file"]):
                check(os.path.isfile(os.path.join(merged, shot)), f"n={n}: {shot} copied")
            lint = subprocess.run(["xmllint", "--noout", "--schema", XSD,
                                   os.path.join(merged, "junit.xml")], capture_output=True,
                                  text=True)
            check(lint.returncode == 0, f"n={n}: junit.xml valid: {lint.stderr}")
            check(os.path.isfile(os.path.join(merged, "manual.json")),
                  f"n={n}: the manual check ran over the merged results")
            check("manual: ms-authenticator.nl.yaml matches" in out, f"n={n}: manual: {out}")
            with open(os.path.join(merged, "timings.json"), encoding="utf-8") as f:
                t = json.load(f)
            check(t["fingerprint"]["merged_from"] == n and len(t["scenarios"]) == len(names),
                  f"n={n}: merged timings.json")

        print(f"n = 1, 2, 4, 7: {time.monotonic() - began:.1f} s", flush=True)
        four = [run_folder(os.path.join(tmp, f"n4-{i}")) for i in range(1, 5)]
        refusals(tmp, four, timings)
        print(f"refusals: {time.monotonic() - began:.1f} s", flush=True)
        usage_errors(tmp, timings)
        print(f"usage errors: {time.monotonic() - began:.1f} s", flush=True)
        empty_shard_and_retry(tmp)
        print(f"empty shard, retry: {time.monotonic() - began:.1f} s", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print("all shard and merge checks passed")


def refused(args, message, what):
    code, out, err = proofup(["merge-reports", *args])
    check(code == 2 and message in err, f"{what}: exit {code}, want 2 and '{message}': {err}")


def refusals(tmp, four, timings):
    out = os.path.join(tmp, "refused")
    refused([*four[:3], "--out", out], "shard 4/4 missing", "a missing shard")
    refused([four[0], four[2], "--out", out], "shards 2/4, 4/4 missing", "two missing shards")
    other = os.path.join(tmp, "other-version")
    shutil.copytree(four[3], other)
    with open(os.path.join(other, "timings.json"), encoding="utf-8") as f:
        t = json.load(f)
    t["fingerprint"]["proofup_version"] = "0.0.1-old"
    with open(os.path.join(other, "timings.json"), "w", encoding="utf-8") as f:
        json.dump(t, f)
    refused([*four[:3], other, "--out", out], "different proofup versions", "another version")
    # Another selection (--grep) is another scenario set.
    grep = os.path.join(tmp, "grep")
    code, _, err = proofup(["run", "scenarios", "--grep", "sms", "--shard", "4/4", "--reports",
                            grep])
    check(code == 0, f"grep shard: {err}")
    refused([*four[:3], run_folder(grep), "--out", out], "different scenario sets",
            "another scenario set")
    # Shards split by different timing files overlap: one scenario made huge in each.
    with open(timings, encoding="utf-8") as f:
        base = json.load(f)
    splits = []
    for k, huge in enumerate((0, 1)):
        forged = copy.deepcopy(base)
        forged["scenarios"][huge]["duration_ms"] = 1e9
        path = os.path.join(tmp, f"forged-{k}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(forged, f)
        reports = os.path.join(tmp, f"overlap-{k}")
        code, _, err = proofup(["run", "scenarios", "--shard", f"{k + 1}/2", "--shard-timings",
                                path, "--reports", reports])
        check(code == 0, f"forged shard {k + 1}/2: {err}")
        splits.append(run_folder(reports))
    refused([*splits, "--out", out], "overlapping shards", "overlapping shards")
    refused([four[0], four[0], "--out", four[0]], "is one of the run folders", "--out an input")
    check(not os.path.exists(out), "nothing written by a refused merge")


def usage_error(args, message, what):
    code, out, err = proofup(["run", "scenarios", *args])
    check(code == 2 and message in err, f"{what}: exit {code}, want 2 and '{message}': {err}")


def usage_errors(tmp, timings):
    usage_error(["--shard", "5/4"], "i must be between 1 and n (4)", "i out of range")
    usage_error(["--shard", "two"], "expected i/n such as 2/4", "bad format")
    usage_error(["--shard", "1/2", "--shard-timings", os.path.join(tmp, "nope.json")],
                "cannot read timing file", "unreadable timing file")
    bad = os.path.join(tmp, "bad-timings.json")
    with open(bad, "w", encoding="utf-8") as f:
        f.write('{"format": "proofup-timings", "format_version": 1,\n "fingerprint": {},\n')
    usage_error(["--shard", "1/2", "--shard-timings", bad], bad + ":3:1:", "bad timing file")
    usage_error(["--shard-timings", timings], "--shard-timings needs --shard", "timings alone")
    code, out, _ = proofup(["run", "scenarios", "--shard", "2/7", "--shard-timings", timings,
                            "--list"])
    lines = [l for l in out.splitlines() if l.startswith("scenarios/")]
    check(code == 0 and "shard 2/7:" in out and f"{len(lines)} scenario" in out
          and 0 < len(lines) < 10, f"--list shows the shard's scenarios: {out}")


def empty_shard_and_retry(tmp):
    # Two scenarios over three shards: one shard is empty, passes and still reports.
    grep = ["--grep", "^Verkeerde sms-code$|^Eerst een verkeerd wachtwoord$"]
    folders = []
    for i in (1, 2, 3):
        reports = os.path.join(tmp, f"small-{i}")
        code, out, err = proofup(["run", "scenarios", *grep, "--shard", f"{i}/3", "--reports",
                                  reports])
        check(code == 0, f"small shard {i}/3: {out}{err}")
        if "nothing to run in this shard, which passes" in out:
            check(os.path.isfile(os.path.join(run_folder(reports), "timings.json")),
                  "an empty shard writes its timing file")
        folders.append(run_folder(reports))
    check(sum(len(report(f)["scenarios"]) for f in folders) == 2, "two scenarios in the shards")
    check(any(not report(f)["scenarios"] for f in folders), "one shard is empty")
    # A retry of shard 1/3 (a later run of the same shard) joins it: attempts add up.
    retry = os.path.join(tmp, "small-1")
    code, _, err = proofup(["run", "scenarios", *grep, "--shard", "1/3", "--reports", retry])
    check(code == 0, f"retry of shard 1/3: {err}")
    merged = os.path.join(tmp, "small-merged")
    code, out, err = proofup(["merge-reports", retry, *folders[1:], "--out", merged])
    check(code == 0, f"merge with a retry: {out}{err}")
    rep = report(merged)
    check(len(rep["scenarios"]) == 2, f"merged: two scenarios: {out}")
    attempts = sorted(s["attempts"] for s in rep["scenarios"])
    check(attempts[-1] == 2, f"the retried scenario has 2 attempts: {attempts}")


if __name__ == "__main__":
    main()
