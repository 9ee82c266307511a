#!/bin/sh
# A stand-in for a real portal's "reset the test user" script (tests only):
# prints a one-time sign-in pass for the user in $1, as JSON or as key=value
# lines ($2), and appends what proofup handed it to $HOOK_LOG when set.
user="${1:-nobody}"
if [ -n "$HOOK_LOG" ]; then
  echo "$PROOFUP_HOOK user=$PROOFUP_USER scenario=$PROOFUP_SCENARIO outcome=$PROOFUP_OUTCOME dir=$(pwd)" >>"$HOOK_LOG"
fi
case "$2" in
  json) printf '{"sign_in_pass": "PASS-%s-7319", "user_id": 42}\n' "$user" ;;
  lines) printf '# issued for %s\ncode=C0DE-%s-5521\n\nnote = two words\n' "$user" "$user" ;;
  fail) echo "reset of $user failed: HTTP 500 from the admin API" >&2; exit 3 ;;
  garbage) echo "this is not JSON"; echo "nor key value" ;;
esac
