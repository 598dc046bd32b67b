# tap.sh — TAP lines for the shell tests (sourced: . "$(dirname "$0")/tap.sh")
#   ok "what holds"; not_ok "what does not"; tap_end (prints the plan, exits 1 on a failure)
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; fail=1; }
tap_end() { echo "1..$n"; exit $fail; }
