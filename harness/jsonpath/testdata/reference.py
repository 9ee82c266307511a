#!/usr/bin/python3
"""Reference for jsonpath_test: evaluates every case of a cases file with
Debian's python3-jsonpath-rw and prints one JSON line per case: the list of
selected values in order."""
import json
import sys

from jsonpath_rw import parse

with open(sys.argv[1], encoding="utf-8") as f:
    cases = json.load(f)
documents = cases["documents"]
for case in cases["cases"]:
    document = documents[case["document"]]
    print(json.dumps([m.value for m in parse(case["path"]).find(document)], separators=(",", ":")))
