#!/usr/bin/env python3
"""proofup colours its PASS/FAIL lines on a terminal and nowhere else.

Runs one scenario four times: under a pseudo-terminal (ANSI colour codes must
appear), under a pseudo-terminal with --no-color and with NO_COLOR=1 (none may
appear), and with stdout piped (none may appear).
  tests/e2e/color_test.py <build dir> <source dir>
"""
import os
import re
import subprocess
import sys
import tempfile

build, source = sys.argv[1], sys.argv[2]
SCENARIO = "scenarios/wrong-password.yaml"
ESC = b"\x1b["
COLOUR = re.compile(rb"\x1b\[[0-9;]*m")  # SGR; the progress line's ESC[K is no colour


def run(extra_args, env_extra, on_tty):
    """proofup's combined output, bytes; exits the test on a non-zero exit code."""
    with tempfile.TemporaryDirectory() as reports:
        argv = [os.path.join(build, "proofup"), "run", SCENARIO, "--reports", reports] + extra_args
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        env.update(env_extra)
        if not on_tty:
            done = subprocess.run(argv, cwd=source, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, timeout=60)
            output, code = done.stdout, done.returncode
        else:
            master, slave = os.openpty()
            child = subprocess.Popen(argv, cwd=source, env=env, stdin=slave, stdout=slave,
                                     stderr=slave, close_fds=True)
            os.close(slave)
            chunks = []
            while True:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not data:
                    break
                chunks.append(data)
            os.close(master)
            code = child.wait(timeout=60)
            output = b"".join(chunks)
    if code != 0:
        sys.exit(f"color test: proofup {' '.join(extra_args)} exited {code}:\n{output.decode(errors='replace')}")
    if b"PASS" not in output:
        sys.exit(f"color test: no PASS line in:\n{output.decode(errors='replace')}")
    return output


failures = []
if not COLOUR.search(run([], {}, on_tty=True)):
    failures.append("no green PASS on a terminal")
for label, args, env in [("--no-color", ["--no-color"], {}), ("NO_COLOR=1", [], {"NO_COLOR": "1"})]:
    out = run(args, env, on_tty=True)
    if COLOUR.search(out):
        failures.append(f"colour codes on a terminal with {label}: {out[:300]!r}")
if ESC in run([], {}, on_tty=False):
    failures.append("escape codes in piped output")
if failures:
    sys.exit("color test: " + "; ".join(failures))
print("color test: OK")
