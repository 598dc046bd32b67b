#!/bin/bash
# The manual pages render without a warning, and they keep up with the programs: every
# verb "adeptctl --help" and "adept-depsim --help" list has an entry in its page, every
# option a verb takes is named in that entry, and every exit status is explained.
#   test-man.sh ADEPTCTL ADEPT-DEPSIM adept.1 adeptctl.1 adept-depsim.1   (TAP)
set -u

adeptctl=$1 depsim=$2
shift 2
pages=("$@")

# The programs' English texts, whatever the caller's language.
export LANGUAGE= LC_ALL=C.UTF-8 MANWIDTH=200
work=$(mktemp -d "${TMPDIR:-/tmp}/adept-test-man-XXXXXX")
trap 'rm -rf "$work"' EXIT

n=0 failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; printf '# %s\n' "$@"; }

# man --warnings prints groff's warnings on stderr and still exits 0: any output fails.
for page in "${pages[@]}"; do
  name=$(basename "$page")
  man --warnings --nh --nj -l "$page" >"$work/$name.txt" 2>"$work/$name.err"
  status=$?
  if [ $status -ne 0 ] || [ -s "$work/$name.err" ] || [ ! -s "$work/$name.txt" ]; then
    not_ok "$name renders without warnings" "man exited $status" "$(cat "$work/$name.err")"
  else
    ok "$name renders without warnings"
  fi
done

# The entry of a verb: its line (the verb at the start of a line, after the indent) and
# the lines indented deeper below it. Prints nothing when the page has no such entry.
entry () {
  awk -v verb="$2" '
    function indent(s) { match(s, /^ */); return RLENGTH }
    inside && $0 !~ /^ *$/ && indent($0) <= level { exit }
    inside { print; next }
    { text = substr($0, indent($0) + 1) }
    index(text, verb) == 1 && (length(text) == length(verb) || substr(text, length(verb) + 1, 1) == " ") {
      inside = 1; level = indent($0); print
    }' "$1"
}

# A section of a page, from its heading to the next one.
section () {
  awk -v name="$2" '$0 == name { inside = 1; next } inside && /^[A-Z]/ { exit } inside' "$1"
}

# The long options a --help output lists, but --help and --json (global, documented once).
help_options () {
  grep -oE '^ +(-[A-Za-z], )?--[a-z0-9-]+' | grep -oE -- '--[a-z0-9-]+' |
    grep -vxE -- '--help|--json' | sort -u
}

check_options () {  # page-text entry-text what options…
  local what=$1 missing=""
  shift
  for option in "$@"; do
    grep -qE -- "(^|[^a-z0-9-])$option([^a-z0-9-]|$)" "$work/entry" || missing="$missing $option"
  done
  if [ -n "$missing" ]; then
    not_ok "$what names its options" "missing:$missing"
  else
    ok "$what names its options"
  fi
}

# ---- adeptctl ----
ctl_page="$work/adeptctl.1.txt"
"$adeptctl" --help >"$work/ctl-help"
# The verbs of --help: the lines under "Verbs:", each the verb, two spaces, the summary.
awk '/^Verbs:$/ { inside = 1; next } inside && /^$/ { exit } inside' "$work/ctl-help" |
  sed -E 's/^  //; s/  .*//' >"$work/ctl-verbs"
"$adeptctl" --list-verbs >"$work/ctl-table"
if [ -s "$work/ctl-verbs" ] && diff -u "$work/ctl-table" "$work/ctl-verbs" >"$work/diff"; then
  ok "adeptctl --help lists every verb of its table"
else
  not_ok "adeptctl --help lists every verb of its table" "$(cat "$work/diff")"
fi

section "$ctl_page" VERBS >"$work/ctl-verbs-section"
while read -r verb; do
  entry "$work/ctl-verbs-section" "$verb" >"$work/entry"
  if [ ! -s "$work/entry" ]; then
    not_ok "adeptctl(1) has an entry for “$verb”" \
      "add “*$verb* ARGS” and its description under VERBS in docs/man/adeptctl.1.scd"
    continue
  fi
  ok "adeptctl(1) has an entry for “$verb”"

  # A verb with sub-words (get|set) says so instead of showing help: take each one's.
  # shellcheck disable=SC2086
  if "$adeptctl" $verb --help >"$work/verb-help" 2>&1; then
    help_options <"$work/verb-help" >"$work/options"
  else
    : >"$work/options"
    for word in $(grep -oE "adeptctl $verb [a-z-]+(\|[a-z-]+)+" "$work/verb-help" | head -n 1 |
                  sed "s/^adeptctl $verb //" | tr '|' ' '); do
      # shellcheck disable=SC2086
      "$adeptctl" $verb "$word" --help | help_options >>"$work/options"
    done
    if [ ! -s "$work/options" ] && ! grep -qE "^ +--" "$work/verb-help"; then
      not_ok "adeptctl $verb --help works" "$(cat "$work/verb-help")"
      continue
    fi
  fi
  # shellcheck disable=SC2046
  check_options "adeptctl(1)’s “$verb”" $(sort -u "$work/options")
done <"$work/ctl-verbs"

# Global options of the usage line, in GLOBAL OPTIONS.
section "$ctl_page" "GLOBAL OPTIONS" >"$work/entry"
# shellcheck disable=SC2046
check_options "adeptctl(1)’s GLOBAL OPTIONS" \
  $(head -n 1 "$work/ctl-help" | grep -oE -- '--[a-z0-9-]+' | sort -u)

# Every exit status of --help ("Exit codes: 0 success, 1 failure, …") has its entry.
section "$ctl_page" "EXIT STATUS" | sed -E 's/^ +//' >"$work/exit-section"
codes=$(awk '/^Exit codes:/ { inside = 1 } inside && /^$/ { exit } inside' "$work/ctl-help" |
        grep -oE '(^|[ :,])[0-9]+ [a-z]' | grep -oE '[0-9]+')
missing=""
for code in $codes; do
  grep -qx "$code" "$work/exit-section" || missing="$missing $code"
done
if [ -n "$codes" ] && [ -z "$missing" ]; then
  ok "adeptctl(1) explains every exit status ($(echo $codes | tr ' ' ','))"
else
  not_ok "adeptctl(1) explains every exit status" "found in --help: $codes" "missing:$missing"
fi

# ---- adept-depsim ----
sim_page="$work/adept-depsim.1.txt"
"$depsim" --help >"$work/sim-help"
# "Verbs drive a running simulator: token, devices add, …, state. Run …" as one item a line.
tr '\n' ' ' <"$work/sim-help" | sed -nE 's/.*Verbs drive a running simulator: *(.*)\. +Run .*/\1/p' |
  sed -E 's/, */\n/g; s/ +$//' >"$work/sim-verbs"
"$depsim" --list-verbs >"$work/sim-table"
missing=""
while read -r verb; do
  grep -qE "^$verb( |$)" "$work/sim-verbs" || missing="$missing $verb"
done <"$work/sim-table"
if [ -s "$work/sim-verbs" ] && [ -z "$missing" ]; then
  ok "adept-depsim --help lists every verb of its table"
else
  not_ok "adept-depsim --help lists every verb of its table" "missing:$missing"
fi

section "$sim_page" VERBS >"$work/sim-verbs-section"
while read -r verb; do
  entry "$work/sim-verbs-section" "$verb" >"$work/entry"
  if [ -s "$work/entry" ]; then
    ok "adept-depsim(1) has an entry for “$verb”"
  else
    not_ok "adept-depsim(1) has an entry for “$verb”" \
      "add “*$verb* --url _BASE_ …” under VERBS in docs/man/adept-depsim.1.scd"
  fi
done <"$work/sim-verbs"

# The serving options in OPTIONS; the verbs share one set of options, named under VERBS.
section "$sim_page" "OPTIONS" >"$work/entry"
# shellcheck disable=SC2046
check_options "adept-depsim(1)’s OPTIONS" $(help_options <"$work/sim-help")
section "$sim_page" "VERBS" >"$work/entry"
# shellcheck disable=SC2046
check_options "adept-depsim(1)’s VERBS" \
  $("$depsim" "$(head -n 1 "$work/sim-table")" --help | help_options)

echo "1..$n"
[ $failed -eq 0 ]
