#!/usr/bin/env bash
# The quick start's `run` builds only what it runs: proofup and mock-idp, and
# nothing of the test suite or the benchmarks (issue 13: the first result must
# not wait for them). Reads the targets from `scripts/quickstart --print-targets
# run` (the same list its `run` builds) and their transitive inputs from ninja.
#   tests/e2e/quickstart_targets_test.sh <source dir> <build dir>
set -euo pipefail
source_dir=$1
build=$2
fail() { echo "quickstart targets test: $*" >&2; exit 1; }
mapfile -t targets < <("$source_dir/scripts/quickstart" --print-targets run)
[ "${targets[*]}" = "proofup mock-idp" ] || fail "run builds '${targets[*]}', want 'proofup mock-idp'"
[ "$("$source_dir/scripts/quickstart" --print-targets test)" = all ] || fail "test does not build all"
command -v ninja >/dev/null || fail "needs ninja (the quick start's generator)"
[ -f "$build/build.ninja" ] || fail "$build is not a Ninja build folder"
for t in "${targets[@]}"; do
  ninja -C "$build" -t query "$t" >/dev/null || fail "no build target $t"
done
inputs=$(ninja -C "$build" -t inputs "${targets[@]}")
# Every test executable and benchmark the build defines, by its output path.
mapfile -t heavy < <(ninja -C "$build" -t targets all | sed -n 's/: \(phony\|CXX_EXECUTABLE_LINKER__.*\)$//p' |
  grep -v '^/' | grep -E '(^|/)[^/]*_test$|(^|/)bench/|(^|/)fuzz/' | sort -u)
[ ${#heavy[@]} -gt 10 ] || fail "found only ${#heavy[@]} test/bench targets; the pattern is stale"
for h in "${heavy[@]}"; do
  if grep -qxF "$h" <<<"$inputs"; then fail "run builds $h"; fi
done
if grep -E '/lib(gtest|gmock|benchmark)' <<<"$inputs"; then fail "run links a test library"; fi
echo "quickstart run builds ${targets[*]}: ${#heavy[@]} test/bench targets left out"
