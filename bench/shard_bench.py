#!/usr/bin/env python3
"""One process vs `proofup run --shard i/4` as 4 processes then merged (issue 14).

  bench/shard_bench.py [--build build] [--copies 8] [--runs 3] [--shards 4] [--browser chromium]

Run from the repository root. The scenario set is `--copies` copies of scenarios/
(each scenario resets its user first, so copies run one after another in one
process); 8 copies with the http backend are 200 scenarios. Per round:
  1. the whole set in one process: its timings.json is "the previous run";
  2. the n shards one after another, each balanced by those timings: each shard's
     time as if it had a machine of its own (this machine has 2 cores, so n
     side-by-side shards would slow each other down);
  3. the n shards side by side, then merge-reports: the wall time here.
Prints medians over the rounds: one process, slowest shard + merge, balance
(slowest/fastest shard), and whether the slowest shard is within 15% of a
quarter (1/n) of the whole. "run" times are inside proofup (report.json's
duration_ms); "process" times are wall times of the processes (start-up of
proofup and its mock-idp included).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def start(build, args):
    return subprocess.Popen([os.path.join(build, "proofup"), *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def finish(proc, args):
    """CPU seconds of the process and the children it waited for (its mock-idp)."""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"proofup {' '.join(args)} exited {proc.returncode}")
    return usage.ru_utime + usage.ru_stime


def proofup(build, args):
    """(wall seconds, CPU seconds) of one proofup process."""
    began = time.monotonic()
    cpu = finish(start(build, args), args)
    return time.monotonic() - began, cpu


def latest(reports):
    folder = os.path.realpath(os.path.join(reports, "latest"))
    with open(os.path.join(folder, "report.json"), encoding="utf-8") as f:
        return folder, json.load(f)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default="build")
    p.add_argument("--copies", type=int, default=8)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--shards", type=int, default=4)
    p.add_argument("--browser", default="http", choices=["http", "chromium"])
    a = p.parse_args()
    n = a.shards
    figures = {k: [] for k in ("whole_run", "whole_proc", "whole_cpu", "seq_slowest_run",
                               "seq_fastest_run", "seq_slowest_proc", "seq_slowest_cpu",
                               "seq_fastest_cpu", "par_slowest_proc", "merge", "planned")}
    # Under reports/ (git-ignored): the scenarios' manual is found from there.
    os.makedirs("reports", exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="shard-bench-", dir="reports")
    try:
        sets = os.path.join(tmp, "scenarios")
        for k in range(1, a.copies + 1):
            shutil.copytree("scenarios", os.path.join(sets, f"copy{k}"))
        common = [sets, "--browser", a.browser]
        count = None
        for r in range(a.runs):
            whole_reports = os.path.join(tmp, f"whole-{r}")
            wall, cpu = proofup(a.build, ["run", *common, "--reports", whole_reports])
            figures["whole_proc"].append(wall)
            figures["whole_cpu"].append(cpu)
            whole, rep = latest(whole_reports)
            count = len(rep["scenarios"])
            figures["whole_run"].append(rep["duration_ms"] / 1000)
            timings = os.path.join(whole, "timings.json")
            with open(timings, encoding="utf-8") as f:
                known = {s["position"]: s["duration_ms"] for s in json.load(f)["scenarios"]}

            runs, procs, cpus, planned = [], [], [], []
            for i in range(1, n + 1):  # one after another: a machine each
                reports = os.path.join(tmp, f"seq-{r}-{i}")
                wall, cpu = proofup(a.build, ["run", *common, "--shard", f"{i}/{n}",
                                              "--shard-timings", timings, "--reports", reports])
                procs.append(wall)
                cpus.append(cpu)
                folder, shard_rep = latest(reports)
                runs.append(shard_rep["duration_ms"] / 1000)
                with open(os.path.join(folder, "timings.json"), encoding="utf-8") as f:
                    planned.append(sum(known[s["position"]] for s in json.load(f)["scenarios"]))
            figures["seq_slowest_run"].append(max(runs))
            figures["seq_fastest_run"].append(min(runs))
            figures["seq_slowest_proc"].append(max(procs))
            figures["seq_slowest_cpu"].append(max(cpus))
            figures["seq_fastest_cpu"].append(min(cpus))
            figures["planned"].append(max(planned) / (sum(planned) / n))

            began = time.monotonic()  # side by side, as n CI jobs started together
            jobs = []
            for i in range(1, n + 1):
                args = ["run", *common, "--shard", f"{i}/{n}", "--shard-timings", timings,
                        "--reports", os.path.join(tmp, f"par-{r}-{i}")]
                jobs.append((start(a.build, args), args))
            ends = []
            for job, args in jobs:
                finish(job, args)
                ends.append(time.monotonic() - began)
            figures["par_slowest_proc"].append(max(ends))
            folders = [os.path.realpath(os.path.join(tmp, f"par-{r}-{i}", "latest"))
                       for i in range(1, n + 1)]
            wall, _ = proofup(a.build, ["merge-reports", *folders, "--out",
                                        os.path.join(tmp, f"merged-{r}")])
            figures["merge"].append(wall)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    m = {k: statistics.median(v) for k, v in figures.items()}
    quarter = m["whole_run"] / n
    print(f"{count} scenarios ({a.copies} copies of scenarios/, --browser {a.browser}), "
          f"{n} shards, median of {a.runs} rounds, {os.cpu_count()} cores")
    print(f"one process:                 run {m['whole_run']:.2f} s, process {m['whole_proc']:.2f} s, "
          f"CPU {m['whole_cpu']:.2f} s")
    print(f"{n} shards, a machine each:    slowest run {m['seq_slowest_run']:.2f} s, "
          f"slowest process {m['seq_slowest_proc']:.2f} s, + merge {m['merge']:.2f} s = "
          f"{m['seq_slowest_proc'] + m['merge']:.2f} s")
    print(f"{n} shards side by side here:  slowest process {m['par_slowest_proc']:.2f} s + merge "
          f"{m['merge']:.2f} s = {m['par_slowest_proc'] + m['merge']:.2f} s")
    print(f"balance slowest/fastest shard (run): "
          f"{m['seq_slowest_run'] / m['seq_fastest_run']:.2f}; planned from the timings: "
          f"slowest {m['planned']:.3f} x a 1/{n}")
    print(f"balance slowest/fastest shard (CPU of proofup + mock-idp): "
          f"{m['seq_slowest_cpu'] / m['seq_fastest_cpu']:.2f}; slowest "
          f"{m['seq_slowest_cpu']:.2f} s vs 1/{n} of one process {m['whole_cpu'] / n:.2f} s = "
          f"{m['seq_slowest_cpu'] / (m['whole_cpu'] / n):.2f}x")
    within = m["seq_slowest_run"] <= 1.15 * quarter
    print(f"slowest shard vs 1/{n} of the whole (run): {m['seq_slowest_run']:.2f} s vs "
          f"{quarter:.2f} s = {m['seq_slowest_run'] / quarter:.2f}x -> "
          f"{'within' if within else 'NOT within'} 15%")


if __name__ == "__main__":
    main()
