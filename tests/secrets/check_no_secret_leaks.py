#!/usr/bin/env python3
"""Runs every scenario in scenarios/ against a mock-idp started here and proves that
no secret the run used appears in any report file, saved screen or console line.

The secrets are collected from outside proofup: the users file (passwords, TOTP
secrets, push tokens of enrolled users) and the mock's record of everything it
handed out (GET /__control/issued-secrets: activation codes and ids, TOTP
secrets, push tokens, SMS codes). A positive control runs one scenario with
--show-secrets and must find its secrets, so the search itself can fail.

usage: check_no_secret_leaks.py SOURCE_DIR BINARY_DIR
"""
import json
import os
import secrets
import subprocess
import sys
import tempfile
import urllib.request

import yaml

MIN_LENGTH = 6  # shorter values (e.g. a two-digit number) would match by chance


def start_mock(binary_dir, source_dir, token):
    env = dict(os.environ, MOCK_IDP_ADMIN_TOKEN=token)
    proc = subprocess.Popen(
        [os.path.join(binary_dir, "mock-idp", "mock-idp"), "--port", "0", "--quiet",
         "--users", os.path.join(source_dir, "fixtures", "users.yaml")],
        cwd=source_dir, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = proc.stdout.readline().strip()
    if not url.startswith("http"):
        proc.kill()
        sys.exit("mock-idp did not start: %r" % url)
    return proc, url


def issued_secrets(url, token):
    req = urllib.request.Request(url + "/__control/issued-secrets",
                                 headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(req, timeout=10) as r:
        return [s["value"] for s in json.load(r)["secrets"]]


def fixture_secrets(source_dir):
    with open(os.path.join(source_dir, "fixtures", "users.yaml")) as f:
        data = yaml.safe_load(f)
    found = []

    def walk(node):  # iterative would be overkill: the fixture is a few levels deep
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("password", "totp_secret", "push_token") and isinstance(v, str):
                    found.append(v)
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(data)
    return found


def run_proofup(binary_dir, source_dir, url, token, reports, args):
    cmd = [os.path.join(binary_dir, "proofup"), "run", "--target", url, "--admin-token", token,
           "--reports", reports, "--workers", "2"] + args
    p = subprocess.run(cmd, cwd=source_dir, capture_output=True, text=True, timeout=600)
    return p.returncode, p.stdout + p.stderr


def leaks(values, reports, console):
    texts = [("console", console)]
    for folder, _, files in os.walk(reports):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                texts.append((path, f.read().decode("utf-8", "replace")))
    found = []
    for value in values:
        for where, text in texts:
            if value in text:
                found.append((value[:3] + "…", where))
    return found, len(texts)


def main():
    source_dir, binary_dir = sys.argv[1], sys.argv[2]
    token = secrets.token_hex(16)
    proc, url = start_mock(binary_dir, source_dir, token)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            code, console = run_proofup(binary_dir, source_dir, url, token,
                                        os.path.join(tmp, "all"), ["scenarios/"])
            if code != 0:
                print(console)
                sys.exit("proofup run scenarios/ exited %d" % code)
            values = {v for v in issued_secrets(url, token) + fixture_secrets(source_dir)
                      if len(v) >= MIN_LENGTH}
            kinds_needed = 20
            if len(values) < kinds_needed:
                sys.exit("only %d secrets collected: the check would prove nothing" % len(values))
            found, files = leaks(values, os.path.join(tmp, "all"), console)
            if found:
                sys.exit("secrets found in the reports: %s" % found[:20])
            print("%d secrets, none in %d report files or the console" % (len(values), files))

            # Positive control: with --show-secrets the same search must find them.
            before = set(issued_secrets(url, token))
            code, console = run_proofup(binary_dir, source_dir, url, token,
                                        os.path.join(tmp, "shown"),
                                        ["--show-secrets", "scenarios/cant-scan-qr.yaml"])
            shown = {v for v in set(issued_secrets(url, token)) - before if len(v) >= MIN_LENGTH}
            found, _ = leaks(shown, os.path.join(tmp, "shown"), console)
            if code != 0 or not found:
                sys.exit("positive control failed: exit %d, %d of %d shown secrets found"
                         % (code, len(found), len(shown)))
            print("control: --show-secrets reveals %d of %d secrets" % (len(found), len(shown)))
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
