#!/usr/bin/env bash
# Installs the build into a temporary prefix and runs proofup from another
# folder: the bundled mock-idp, its catalogs and templates and the users file
# must all come from <prefix>/share/proofup, found from the executable.
#   tests/e2e/install_test.sh <build dir>
set -euo pipefail
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
mkdir "$tmp/work"
cd "$tmp/work"
cat > sign-in.yaml <<'YAML'
name: Aanmelden vanuit een andere map
user: anna@voorbeeld.nl
steps:
  - go to: /
  - expect screen: Aanmelden
YAML
fail() { echo "install test: $*" >&2; exit 1; }
out=$("$tmp/prefix/bin/proofup" run sign-in.yaml --reports reports) || fail "own scenario: $out"
grep -q "1 scenario: 1 passed" <<<"$out" || fail "own scenario: $out"
# The shipped scenarios are the default when ./scenarios does not exist.
out=$("$tmp/prefix/bin/proofup" run -g 'verkeerd wachtwoord' --reports reports) || fail "$out"
grep -q "share/proofup/scenarios/wrong-password.yaml" <<<"$out" || fail "shipped scenario: $out"
[ -f reports/latest/junit.xml ] || fail "no reports/latest/junit.xml"
# A relative default that is not there fails with a hint, exit 2.
set +e
err=$("$tmp/prefix/bin/proofup" run sign-in.yaml --users missing.yaml 2>&1 >/dev/null)
code=$?
set -e
[ "$code" = 2 ] || fail "missing users file: exit $code"
grep -q "hint: the users file is read from the current folder" <<<"$err" || fail "no hint: $err"
# proofup(1) is installed, rendered from the option table.
man=$tmp/prefix/share/man/man1/proofup.1
[ -s "$man" ] || fail "no $man"
grep -q -- '\\-\\-workers' "$man" || fail "man page lacks --workers"
# proofup init: a starter that validates and passes against the bundled mock-idp, whose
# comments point at the installed schema, syntax reference and users file format.
"$tmp/prefix/bin/proofup" init portal --target https://portal.example >/dev/null || fail "init"
for f in docs/scenario.schema.json docs/scenarios.md mock-idp/PROTOCOL.md; do
  grep -rqF "$tmp/prefix/share/proofup/$f" portal || fail "init's files do not name $f"
  [ -s "$tmp/prefix/share/proofup/$f" ] || fail "$f is not installed"
done
(cd portal && "$tmp/prefix/bin/proofup" validate scenarios/ >/dev/null) || fail "init: validate"
out=$(cd portal && "$tmp/prefix/bin/proofup" run --reports reports) || fail "init: run: $out"
grep -q "1 scenario: 1 passed" <<<"$out" || fail "init: run: $out"
echo "install test: OK"
