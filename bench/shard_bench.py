#!/usr/bin/env python3
"""One process vs `proofup run --shard i/n` as n processes then merged (issue 14).

  bench/shard_bench.py [--build build] [--copies 8] [--runs 5] [--shards 4]
                       [--browser http|chromium] [--side-by-side]

Run from the repository root. The scenario set is `--copies` copies of scenarios/
(each scenario resets its user first, so copies run one after another in one
process). Per round:
  1. the whole set in one process: its timings.json is "the previous run";
  2. the n shards one after another, each balanced by those timings: each shard's
     time as if it had a machine of its own (this machine has 2 cores, so n
     side-by-side shards would slow each other down);
  3. with --side-by-side, the n shards side by side, then merge-reports.
Every figure is taken per round; the summary prints the median over the rounds
and the spread (min..max), so one noisy round cannot decide the verdict.
"run" times are inside proofup (report.json's duration_ms), "process" times
wall times of the processes, "CPU" the CPU time of proofup and the children it
waited for (its mock-idp; Chromium with --browser chromium), "work" the sum of
the shard's scenario durations (the run without start-up and reports).
The target (issue 14): the slowest shard within 15% of 1/n of the whole, taken on
the processes' wall times (what a CI job waits for: start-up, mock-idp, Chromium
launch and stop, reports included); the same ratio of the run times inside proofup
is printed beside it.
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
    """CPU seconds of the process and the children it waited for."""
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


def positions_of(folder):
    with open(os.path.join(folder, "timings.json"), encoding="utf-8") as f:
        return {s["position"]: s["duration_ms"] for s in json.load(f)["scenarios"]}


def over_share(values, n):
    """The largest value over 1/n of their sum (1.0: perfectly even)."""
    return max(values) / (sum(values) / n)


def one_round(a, tmp, r, common, figures):
    n = a.shards
    load = os.getloadavg()[0]
    whole_reports = os.path.join(tmp, f"whole-{r}")
    wall, cpu = proofup(a.build, ["run", *common, "--reports", whole_reports])
    whole, rep = latest(whole_reports)
    whole_run = rep["duration_ms"] / 1000
    timings = os.path.join(whole, "timings.json")
    known = positions_of(whole)

    runs, procs, cpus, planned, work = [], [], [], [], []
    for i in range(1, n + 1):  # one after another: a machine each
        reports = os.path.join(tmp, f"seq-{r}-{i}")
        s_wall, s_cpu = proofup(a.build, ["run", *common, "--shard", f"{i}/{n}",
                                          "--shard-timings", timings, "--reports", reports])
        folder, shard_rep = latest(reports)
        procs.append(s_wall)
        cpus.append(s_cpu)
        runs.append(shard_rep["duration_ms"] / 1000)
        mine = positions_of(folder)
        planned.append(sum(known[p] for p in mine) / 1000)
        work.append(sum(mine.values()) / 1000)
    f = {
        "load": load, "scenarios": len(rep["scenarios"]), "whole_run": whole_run, "whole_proc": wall, "whole_cpu": cpu,
        "slowest_run": max(runs), "slowest_proc": max(procs), "slowest_cpu": max(cpus),
        "target": max(procs) / (wall / n),  # the figure: process walls
        "run_target": max(runs) / (whole_run / n),  # the same inside proofup's runs
        "run_balance": max(runs) / min(runs),
        "cpu_balance": max(cpus) / min(cpus),
        "cpu_vs_share": max(cpus) / (cpu / n),
        "planned": over_share(planned, n),
        "work": over_share(work, n),
        # How far the shard that was planned heaviest ran from its plan.
        "plan_error": runs[planned.index(max(planned))] / max(planned),
        "fixed": statistics.median(x - w for x, w in zip(runs, work)),
    }
    if a.side_by_side:
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
        folders = [os.path.realpath(os.path.join(tmp, f"par-{r}-{i}", "latest"))
                   for i in range(1, n + 1)]
        merge, _ = proofup(a.build, ["merge-reports", *folders, "--out",
                                     os.path.join(tmp, f"merged-{r}")])
        f.update({"par_slowest_proc": max(ends), "merge": merge})
    for k, v in f.items():
        figures.setdefault(k, []).append(v)
    print(f"round {r + 1}: load {load:.1f}, whole run {whole_run:.2f} s, shards run "
          f"{' '.join(f'{x:.2f}' for x in runs)} s, CPU {' '.join(f'{x:.2f}' for x in cpus)} s, "
          f"processes {' '.join(f'{x:.2f}' for x in procs)} s (whole {wall:.2f} s), "
          f"slowest process/(1/{n}) {f['target']:.3f}, run {f['run_target']:.3f}, "
          f"planned {f['planned']:.3f}", flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default="build")
    p.add_argument("--copies", type=int, default=8)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--shards", type=int, default=4)
    p.add_argument("--browser", default="http", choices=["http", "chromium"])
    p.add_argument("--side-by-side", action="store_true",
                   help="also run the shards side by side on this machine, then merge")
    a = p.parse_args()
    n = a.shards
    figures = {}
    # Under reports/ (git-ignored): the scenarios' manual is found from there.
    os.makedirs("reports", exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="shard-bench-", dir="reports")
    try:
        sets = os.path.join(tmp, "scenarios")
        for k in range(1, a.copies + 1):
            shutil.copytree("scenarios", os.path.join(sets, f"copy{k}"))
        common = [sets, "--browser", a.browser]
        for r in range(a.runs):
            one_round(a, tmp, r, common, figures)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    def fig(k, unit="", digits=2):
        v = figures[k]
        return (f"{statistics.median(v):.{digits}f}{unit} "
                f"({min(v):.{digits}f}..{max(v):.{digits}f})")

    count = figures["scenarios"][0]
    print(f"\n{count} scenarios ({a.copies} copies of scenarios/), --browser {a.browser}, "
          f"{n} shards, {a.runs} rounds, {os.cpu_count()} cores, load {fig('load', '', 1)}")
    print("median (min..max) over the rounds:")
    print(f"  one process:               run {fig('whole_run', ' s')}, process "
          f"{fig('whole_proc', ' s')}, CPU {fig('whole_cpu', ' s')}")
    print(f"  slowest shard (a machine each): run {fig('slowest_run', ' s')}, process "
          f"{fig('slowest_proc', ' s')}, CPU {fig('slowest_cpu', ' s')}")
    print(f"  a shard's fixed cost inside its run (run - its scenarios): {fig('fixed', ' s')}")
    if a.side_by_side:
        print(f"  {n} side by side here: slowest process {fig('par_slowest_proc', ' s')}, "
              f"merge {fig('merge', ' s')}")
    print(f"  planned balance (the previous run's timings): slowest {fig('planned', '', 3)} x 1/{n}")
    print(f"  measured, scenarios only:  slowest {fig('work', '', 3)} x 1/{n} of the shards' work")
    print(f"  planned-heaviest shard ran {fig('plan_error', '', 3)} x its plan")
    print(f"  balance slowest/fastest:   run {fig('run_balance', '', 3)}, "
          f"CPU {fig('cpu_balance', '', 3)}")
    print(f"  slowest shard CPU / (1/{n} of one process's CPU): {fig('cpu_vs_share', '', 3)}")
    print(f"  slowest shard run / (1/{n} of the whole run), inside proofup: "
          f"{fig('run_target', '', 3)}")
    target = figures["target"]
    med = statistics.median(target)
    within = sum(1 for t in target if t <= 1.15)
    print(f"  TARGET slowest shard process / (1/{n} of one process), wall: {fig('target', '', 3)} -> "
          f"median {'within' if med <= 1.15 else 'NOT within'} 15% "
          f"({within} of {len(target)} rounds within)")


if __name__ == "__main__":
    main()
