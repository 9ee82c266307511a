#!/usr/bin/env python3
"""Runs a CI example of docs/ci/ locally, the way its CI would, with n processes.

  tests/ci/ci_example_test.py gitlab|github <build dir> <source dir>

gitlab: docs/ci/gitlab-ci.yml; every `parallel: N` job runs its `script:` lines
in one bash per node (CI_NODE_INDEX, CI_NODE_TOTAL), side by side; artifacts
and the cache are folders. github: docs/ci/github-actions.yml; the matrix jobs
run their `run:` steps side by side (${{ matrix.* }}, ${{ github.* }} and env
filled in); upload/download-artifact and cache/restore/save are folder copies
(an upload follows symlinks and honours `!` exclusions, as the action does).
"Build" steps and before_script are skipped: proofup comes from <build dir>.
Each example runs twice, like two nightly pipelines: the first balances by step
count, the second by the timings the first one's merge left in the cache. Both
must merge every scenario of scenarios/ exactly once into a valid junit.xml.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

kind, build, source = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
XSD = os.path.join(source, "harness/report/testdata/junit.xsd")
failures = []
outputs = []  # of every bash run, to check what the shards said


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what, flush=True)


def workspace(tmp, name):
    """A fresh checkout: the repository's scenarios and fixtures, nothing else."""
    ws = os.path.join(tmp, name)
    os.makedirs(ws)
    for d in ("scenarios", "fixtures"):
        os.symlink(os.path.join(source, d), os.path.join(ws, d))
    return ws


def bash(script, cwd, env):
    full = dict(os.environ, PROOFUP=os.path.join(build, "proofup"))
    full.update({k: str(v) for k, v in env.items() if k != "PROOFUP"})
    return subprocess.Popen(["bash", "-eo", "pipefail", "-c", script], cwd=cwd, env=full,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_all(procs, what):
    """Exit codes; every output is printed and kept in `outputs`."""
    codes = []
    for name, proc in procs:
        out, _ = proc.communicate(timeout=240)
        print(f"--- {what} {name}: exit {proc.returncode}\n{out}", flush=True)
        outputs.append(out)
        codes.append(proc.returncode)
    return codes


def copy_tree(src, dst, excluded=()):
    """Like an artifact upload: symlinks followed, excluded paths left out."""
    excluded = {os.path.normpath(e) for e in excluded}

    def ignore(folder, names):
        return [n for n in names if os.path.normpath(os.path.join(folder, n)) in excluded]

    shutil.copytree(src, dst, symlinks=False, ignore=ignore, dirs_exist_ok=True)


# ---- GitLab CI ---------------------------------------------------------------------------

def gitlab_pipeline(doc, tmp, cache, label):
    shard_job = next(j for j in doc.values() if isinstance(j, dict) and "parallel" in j)
    merge_job = next(j for j in doc.values() if isinstance(j, dict) and "needs" in j)
    n = shard_job["parallel"]
    procs, spaces = [], []
    for i in range(1, n + 1):
        ws = workspace(tmp, f"{label}-node{i}")
        if os.path.isdir(cache):  # policy: pull
            copy_tree(cache, os.path.join(ws, "timings"))
        env = dict(doc.get("variables", {}), CI_NODE_INDEX=i, CI_NODE_TOTAL=n)
        procs.append((f"node {i}/{n}", bash("\n".join(shard_job["script"]), ws, env)))
        spaces.append(ws)
    codes = wait_all(procs, label)
    check(codes == [0] * n, f"{label}: shard jobs exit {codes}")
    merge_ws = workspace(tmp, label + "-merge")
    # GitLab keeps symlinks in artifacts: the link comes along as a link.
    for ws in spaces:
        shutil.copytree(os.path.join(ws, "reports"), os.path.join(merge_ws, "reports"),
                        symlinks=True, dirs_exist_ok=True)
    proc = bash("\n".join(merge_job["script"]), merge_ws, doc.get("variables", {}))
    [code] = wait_all([("merge", proc)], label)
    check(code == 0, f"{label}: merge job exit {code}")
    shutil.rmtree(cache, ignore_errors=True)  # policy: push
    copy_tree(os.path.join(merge_ws, "timings"), cache)
    return merge_ws, spaces


# ---- GitHub Actions ----------------------------------------------------------------------

def expand(text, matrix, env):
    def value(m):
        key = m.group(1).strip()
        if key.startswith("matrix."):
            return str(matrix[key[len("matrix."):]])
        if key.startswith("env."):
            return str(env[key[len("env."):]])
        if key == "github.run_id":
            return "1"
        raise KeyError(f"no value for ${{{{ {key} }}}} in this test")

    return re.sub(r"\$\{\{(.*?)\}\}", value, text)


def github_job(job, ws, matrix, env, store, name):
    """Runs the steps of one job; returns the exit code of its last `run:` step that failed."""
    code = 0
    for step in job["steps"]:
        uses = step.get("uses", "")
        w = {k: expand(str(v), matrix, env) for k, v in step.get("with", {}).items()}
        if step.get("name") == "Build" or uses.startswith("actions/checkout"):
            continue
        if uses.startswith("actions/cache/restore"):
            if os.path.isdir(store["cache"]):
                copy_tree(store["cache"], os.path.join(ws, w["path"]))
        elif uses.startswith("actions/cache/save"):
            shutil.rmtree(store["cache"], ignore_errors=True)
            copy_tree(os.path.join(ws, w["path"]), store["cache"])
        elif uses.startswith("actions/upload-artifact"):
            lines = [l.strip() for l in w["path"].splitlines() if l.strip()]
            keep = [l for l in lines if not l.startswith("!")]
            drop = [os.path.join(ws, l[1:]) for l in lines if l.startswith("!")]
            for path in keep:
                copy_tree(os.path.join(ws, path), os.path.join(store["artifacts"], w["name"]),
                          excluded=drop)
        elif uses.startswith("actions/download-artifact"):
            pattern = re.compile(w["pattern"].replace("*", ".*") + "$")
            for art in sorted(os.listdir(store["artifacts"])):
                if pattern.match(art):
                    copy_tree(os.path.join(store["artifacts"], art),
                              os.path.join(ws, w["path"], art))
        elif "run" in step:
            [c] = wait_all([(f"{name}: {step.get('name')}",
                             bash(expand(step["run"], matrix, env), ws, env))], "")
            code = code or c
        else:
            raise ValueError(f"step {step} is not simulated by this test")
    return code


def github_pipeline(doc, tmp, cache, label):
    env = doc.get("env", {})
    store = {"cache": cache, "artifacts": os.path.join(tmp, label + "-artifacts")}
    os.makedirs(store["artifacts"])
    shard_job, merge_job = doc["jobs"]["shard"], doc["jobs"]["merge"]
    [(key, values)] = shard_job["strategy"]["matrix"].items()
    # The matrix jobs side by side: each in its own thread of bash processes.
    import concurrent.futures
    with concurrent.futures.ThreadPoolExecutor(len(values)) as pool:
        futures = [pool.submit(github_job, shard_job, workspace(tmp, f"{label}-{key}{v}"),
                               {key: v}, env, store, f"shard {v}") for v in values]
        codes = [f.result() for f in futures]
    check(codes == [0] * len(values), f"{label}: shard jobs exit {codes}")
    merge_ws = workspace(tmp, label + "-merge")
    code = github_job(merge_job, merge_ws, {}, env, store, "merge")
    check(code == 0, f"{label}: merge job exit {code}")
    return merge_ws, None


def main():
    doc_path = os.path.join(source, "docs/ci",
                            {"gitlab": "gitlab-ci.yml", "github": "github-actions.yml"}[kind])
    with open(doc_path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    pipeline = gitlab_pipeline if kind == "gitlab" else github_pipeline
    expected = len([f for f in os.listdir(os.path.join(source, "scenarios"))
                    if f.endswith(".yaml")])
    tmp = tempfile.mkdtemp(prefix=f"proofup-ci-{kind}-")
    try:
        cache = os.path.join(tmp, "cache")
        for label in ("first", "second"):
            outputs.clear()
            merge_ws, _ = pipeline(doc, tmp, cache, label)
            how = "balanced by step count" if label == "first" else "balanced by the timings"
            check(sum(how in out for out in outputs) == 4, f"{label}: every shard {how}")
            merged = os.path.join(merge_ws, "reports/merged")
            with open(os.path.join(merged, "report.json"), encoding="utf-8") as f:
                rep = json.load(f)
            keys = [(s["file"], s["name"]) for s in rep["scenarios"]]
            check(len(keys) == len(set(keys)) == expected,
                  f"{label}: {len(keys)} merged scenarios, want {expected} once each")
            check(all(s["outcome"] == "passed" and s["attempts"] == 1 for s in rep["scenarios"]),
                  f"{label}: every scenario passed on its first attempt")
            lint = subprocess.run(["xmllint", "--noout", "--schema", XSD,
                                   os.path.join(merged, "junit.xml")], capture_output=True,
                                  text=True)
            check(lint.returncode == 0, f"{label}: junit.xml valid: {lint.stderr}")
            check(os.path.isfile(os.path.join(cache, "timings.json")),
                  f"{label}: the merge left timings.json in the cache")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print(f"the {kind} example ran and merged")


if __name__ == "__main__":
    main()
