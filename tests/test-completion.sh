#!/bin/bash
# Drives the bash completion of adeptctl and adept-depsim as bash does on Tab, in a
# non-interactive bash: verbs and their sub-words from the programs themselves, options,
# option values, files by kind, and the linked servers' names for --server.
#   test-completion.sh ADEPTCTL ADEPT-DEPSIM ADEPTCTL.bash ADEPT-DEPSIM.bash [--servers]   (TAP)
# --servers links two servers to a simulator first (needs the keyring: suite keyring).
set -u

adeptctl=$(realpath "$1") depsim=$(realpath "$2") ctl_script=$3 sim_script=$4 servers=${5-}

n=0 failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; printf '# %s\n' "$@"; }
check () {  # what expected actual
  if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected: $2" "got:      $3"; fi
}

work=$(mktemp -d "${TMPDIR:-/tmp}/adept-test-completion-XXXXXX")
sim_pid=
sim2_pid=
cleanup () {
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null
  [ -n "$sim2_pid" ] && kill "$sim2_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"

# shellcheck disable=SC1091
source /usr/share/bash-completion/bash_completion
# shellcheck disable=SC1090
source "$ctl_script"
# shellcheck disable=SC1090
source "$sim_script"

# What Tab offers after these words (the last one is the word being completed), sorted,
# on one line. Anything the completion prints goes to $work/noise.
complete_words () {
  local function=$1
  shift
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  "$function" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" \
    >>"$work/noise" 2>&1
  printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}
ctl () { complete_words _adeptctl "$adeptctl" "$@"; }
sim () { complete_words _adept_depsim "$depsim" "$@"; }
sorted () { tr ' ' '\n' | sed '/^$/d' | sort -u | tr '\n' ' ' | sed 's/ $//'; }

check "complete -p adeptctl" "complete -F _adeptctl adeptctl" "$(complete -p adeptctl)"
check "complete -p adept-depsim" "complete -F _adept_depsim adept-depsim" "$(complete -p adept-depsim)"

# ---- adeptctl: verbs from --list-verbs, whatever verbs there are ----
verbs=$("$adeptctl" --list-verbs)
check "adeptctl: the first words of every verb" \
  "$(cut -d ' ' -f 1 <<<"$verbs" | sorted)" "$(ctl "")"
check "adeptctl: a prefix narrows them" \
  "$(cut -d ' ' -f 1 <<<"$verbs" | grep '^to' | sorted)" "$(ctl to)"
for group in $(awk 'NF == 2 { print $1 }' <<<"$verbs" | sort -u); do
  check "adeptctl $group: its verbs" \
    "$(awk -v g="$group" '$1 == g { print $2 }' <<<"$verbs" | sorted)" "$(ctl "$group" "")"
done
check "adeptctl: global options before the verb" \
  "--base-url --demo --help --json --server --version" "$(ctl --)"
check "adeptctl: global options skip to the verb" \
  "$(awk '$1 == "key" { print $2 }' <<<"$verbs" | sorted)" "$(ctl --server lab --json key "")"

# Every verb's options, as its --help lists them.
while read -r verb; do
  # shellcheck disable=SC2086
  help=$(LANGUAGE= LC_ALL=C.UTF-8 "$adeptctl" $verb --help 2>&1) || continue
  expected=$(grep -oE '^ +(-[A-Za-z], )?--[a-z0-9-]+' <<<"$help" | grep -oE -- '--[a-z0-9-]+' | sorted)
  # shellcheck disable=SC2086
  check "adeptctl $verb --: its options" "$expected" "$(ctl $verb --)"
done <<<"$verbs"

# Sub-words and values a verb's texts name.
check "adeptctl nanodep config: get|set" "get set" "$(ctl nanodep config "")"
check "adeptctl nanodep config set --: its options" \
  "--api-key-file --dep-name --help --json --url" "$(ctl nanodep config set --)"
check "adeptctl devices list --status: the statuses" \
  "assigned empty pushed removed" "$(ctl devices list --status "")"
check "adeptctl devices list --status=p" "pushed" "$(ctl devices list --status=p)"
check "adeptctl org devices --filter: the filters (named with explanations)" \
  "other this unassigned waiting" "$(ctl org devices --filter "")"

# Files by kind: tokens, profiles, keys; any file for --from, --out, --api-key-file.
mkdir -p "$work/files/folder"
touch "$work/files/Server_Token_smime.p7m" "$work/files/profile.json" \
      "$work/files/key.pem" "$work/files/serials.txt"
cd "$work/files" || exit 1
check "adeptctl token inspect: server tokens and folders" \
  "Server_Token_smime.p7m folder" "$(ctl token inspect "")"
check "adeptctl token import: server tokens" "Server_Token_smime.p7m" "$(ctl token import S)"
check "adeptctl profiles define: JSON files" "folder profile.json" "$(ctl profiles define "")"
check "adeptctl key import: PEM files, the key then the certificate" \
  "folder key.pem|folder key.pem" "$(ctl key import "")|$(ctl key import key.pem "")"
check "adeptctl key import: nothing after the certificate" "" "$(ctl key import key.pem key.pem "")"
check "adeptctl assign --from: any file" \
  "Server_Token_smime.p7m folder key.pem profile.json serials.txt" "$(ctl assign --from "")"
check "adeptctl assign UUID --from FILE: serial numbers are not files" \
  "" "$(ctl assign UUID --from serials.txt "")"
check "adeptctl key export -o: any file" "serials.txt" "$(ctl key export -o se)"
check "adeptctl nanodep names --api-key-file: any file" "serials.txt" \
  "$(ctl nanodep names --api-key-file se)"
check "adeptctl server add --api-key-file: any file" "serials.txt" \
  "$(ctl server add --nanodep https://dep.example.com --api-key-file se)"
check "adeptctl server add --nanodep: nothing to guess" "" "$(ctl server add --nanodep "")"
check "adeptctl token import FILE --base-url: nothing to guess" "" \
  "$(ctl token import key.pem --base-url "")"
cd - >/dev/null || exit 1

# ---- adept-depsim: verbs and sub-words from its --help ----
check "adept-depsim: every verb" "$("$depsim" --list-verbs | sorted)" "$(sim "")"
check "adept-depsim terms: require|accept" "accept require" "$(sim terms "")"
check "adept-depsim clock: advance" "advance" "$(sim clock "")"
check "adept-depsim --: the serving options" \
  "$(LANGUAGE= LC_ALL=C.UTF-8 "$depsim" --help | grep -oE '^ +(-[a-z], )?--[a-z0-9-]+' |
     grep -oE -- '--[a-z0-9-]+' | sorted)" "$(sim --)"
check "adept-depsim fault --kind: the kinds" "delay drop garbage status" "$(sim fault --kind "")"
cd "$work/files" || exit 1
check "adept-depsim token --cert: PEM files" "folder key.pem" "$(sim token --cert "")"
check "adept-depsim --state: JSON files" "folder profile.json" "$(sim --state "")"
cd - >/dev/null || exit 1

# ---- --server: the names "adeptctl server list" gives ----
if [ "$servers" = --servers ]; then
  # Two servers, each linked to a simulator of its own (two MDM servers in ABM: Adept
  # refuses one MDM server under two names), as an admin links them.
  # A simulator's first line is its address: wait for that line, not for a time.
  exec {sim_out}< <(exec "$depsim" --port 0 --devices 3 --seed 1)
  sim_pid=$!
  read -r -t 60 -u "$sim_out" url || not_ok "the simulator says its address"
  exec {sim2_out}< <(exec "$depsim" --port 0 --devices 3 --seed 2)
  sim2_pid=$!
  read -r -t 60 -u "$sim2_out" url2 || not_ok "the second simulator says its address"
  # Names of their own: the keyring is shared with the tests running beside this one.
  for name in completion-a completion-b; do
    server_url=$url
    [ "$name" = completion-b ] && server_url=$url2
    "$adeptctl" --server "$name" key generate >/dev/null &&
      "$adeptctl" --server "$name" key export --out "$work/$name.pem" 2>/dev/null &&
      "$depsim" token --url "$server_url" --cert "$work/$name.pem" >"$work/$name.p7m" &&
      "$adeptctl" --server "$name" token import "$work/$name.p7m" --base-url "$server_url" >/dev/null ||
      not_ok "link server $name to the simulator at $server_url"
  done
  if grep -qx "server list" <<<"$verbs"; then
    listed=$("$adeptctl" --json server list | sed -nE 's/^ *"server" *: *"([^"]+)".*/\1/p' | sorted)
    check "adeptctl server list lists the linked servers" "yes" \
      "$([[ " $listed " == *" completion-a "* && " $listed " == *" completion-b "* ]] && echo yes)"
    check "adeptctl --server: the names server list gives" "$listed" "$(ctl --server "")"
    check "adeptctl --server completion-: narrowed" "completion-a completion-b" \
      "$(ctl --server completion-)"
  else
    # Until the verb exists the completion offers nothing, quietly.
    check "adeptctl --server: nothing without “server list”" "" "$(ctl --server "")"
  fi
else
  check "adeptctl --server: nothing when no server is linked" "" "$(ctl --server "")"
fi

# Nothing was printed on the terminal while completing.
if [ -s "$work/noise" ]; then
  not_ok "the completion prints nothing" "$(head -n 20 "$work/noise")"
else
  ok "the completion prints nothing"
fi

echo "1..$n"
[ $failed -eq 0 ]
