#!/usr/bin/env python3
"""Checks docs/scenario.schema.json against every file in scenarios/ and
tests/django-otp/scenarios/ (they must
pass and start with the yaml-language-server line) and against a misspelt step
(it must fail). Debian: python3-jsonschema, python3-yaml."""
import glob, json, os, sys

import jsonschema
import yaml

source = sys.argv[1]
schema = json.load(open(os.path.join(source, "docs/scenario.schema.json")))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
problems = 0
files = sorted(glob.glob(os.path.join(source, "scenarios/**/*.yaml"), recursive=True) +
               glob.glob(os.path.join(source, "tests/django-otp/scenarios/**/*.yaml"),
                         recursive=True))
# Examples under tests/ that show step kinds the manual's scenarios do not use.
files += [os.path.join(source, "tests/e2e/cases/request-steps/scenario.yaml")]
for path in files:
    with open(path) as f:
        first = f.readline()
    depth = os.path.relpath(os.path.join(source, "docs"), os.path.dirname(path))
    want = "# yaml-language-server: $schema=" + depth + "/scenario.schema.json"
    if first.strip() != want:
        print(f"{path}:1: first line should be '{want}'")
        problems += 1
    for e in validator.iter_errors(yaml.safe_load(open(path))):
        print(f"{path}: {list(e.absolute_path)}: {e.message[:300]}")
        problems += 1
typo = yaml.safe_load(open(os.path.join(source, "tests/e2e/cases/broken-yaml/scenario.yaml")))
if validator.is_valid(typo):
    print("the schema accepts the misspelt key \"clik\" of tests/e2e/cases/broken-yaml")
    problems += 1
print(f"{len(files)} scenario files checked, {problems} problem(s)")
sys.exit(1 if problems or not files else 0)
