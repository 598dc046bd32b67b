#!/bin/sh
# adeptctl and adept-depsim in German and French (LANGUAGE over C.UTF-8, the catalogs built
# in the tree): every verb summary of `adeptctl --help` is the catalog's translation of the
# English one, and an error sentence comes out translated too.
#   test-cli-i18n.sh ADEPTCTL ADEPT_DEPSIM   (ADEPT_LOCALEDIR set by the test environment)
set -u

adeptctl=$1
depsim=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
export LC_ALL=C.UTF-8

. "$(dirname "$0")/tap.sh"

# The catalog's translation of one message, as the programs would look it up.
tr_msg() {
  TEXTDOMAINDIR=$ADEPT_LOCALEDIR LANGUAGE=$1 gettext -d adept -- "$2"
}

LANGUAGE= "$adeptctl" --help > "$work/help.en" 2>&1
# "  key generate               Make the MDM key pair (…)": the verb, then its summary.
grep -E '^  [a-z]' "$work/help.en" | sed -E 's/^  ([a-z-]+( [a-z-]+)?) +(.*)$/\1\t\3/' > "$work/verbs"
[ -s "$work/verbs" ] || { echo "Bail out! no verbs in adeptctl --help"; exit 1; }

for lang in de fr; do
  LANGUAGE=$lang "$adeptctl" --help > "$work/help.$lang" 2>&1

  bad=0
  while IFS="$(printf '\t')" read -r verb summary; do
    translated=$(tr_msg "$lang" "$summary")
    if [ "$translated" = "$summary" ]; then
      echo "# $lang: no translation of “$summary”"
      bad=1
    elif ! grep -qF "  $verb " "$work/help.$lang" || ! grep -qF "$translated" "$work/help.$lang"; then
      echo "# $lang: “$verb” is not summarized as “$translated”"
      bad=1
    fi
  done < "$work/verbs"
  if [ $bad -eq 0 ]; then
    ok "$lang: adeptctl --help summarizes every verb in the translation"
  else
    not_ok "$lang: adeptctl --help summarizes every verb in the translation"
  fi

  expected=$(tr_msg "$lang" "Verbs:")
  if [ "$expected" != "Verbs:" ] && grep -qxF "$expected" "$work/help.$lang"; then
    ok "$lang: adeptctl --help heads its verbs “$expected”"
  else
    not_ok "$lang: adeptctl --help heads its verbs in the translation"
  fi

  # An error sentence from core: a server name adeptctl refuses before it touches anything.
  LANGUAGE=$lang "$adeptctl" --server 'Not A Name' server list > /dev/null 2> "$work/err.$lang"
  expected=$(tr_msg "$lang" "A server name uses lowercase letters, digits, “.”, “_” and “-”.")
  if grep -qF "$expected" "$work/err.$lang"; then
    ok "$lang: adeptctl says what is wrong in the translation"
  else
    sed 's/^/# /' "$work/err.$lang"
    not_ok "$lang: adeptctl says what is wrong in the translation (“$expected”)"
  fi

  LANGUAGE=$lang "$depsim" --help > "$work/depsim.$lang" 2>&1
  expected=$(tr_msg "$lang" "Devices on the MDM server at start")
  if [ "$expected" != "Devices on the MDM server at start" ] && grep -qF "$expected" "$work/depsim.$lang"; then
    ok "$lang: adept-depsim --help is translated"
  else
    not_ok "$lang: adept-depsim --help is translated"
  fi
done

tap_end
