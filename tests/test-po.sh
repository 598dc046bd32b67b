#!/bin/sh
# The translations: each catalog in po/LINGUAS passes `msgfmt --check` (formats, header,
# plural forms) and keeps the mnemonics of its messages, and translates every message the
# sources have today (none untranslated, none fuzzy).
#   test-po.sh SRCDIR
set -u

srcdir=$1
podir=$srcdir/po
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

. "$(dirname "$0")/tap.sh"

# The messages of today's sources, extracted as meson's adept-pot target does (preset glib).
grep -v '^#' "$podir/POTFILES.in" | grep -v '^$' > "$work/files"
if (cd "$srcdir" && xgettext --package-name=adept --from-code=UTF-8 --add-comments \
      --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dcgettext:2 \
      --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
      --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
      --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
      --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
      --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
      --flag=g_markup_printf_escaped:1:c-format --flag=g_printf:1:c-format \
      --flag=g_fprintf:2:c-format --flag=g_snprintf:3:c-format \
      --files-from="$work/files" -o "$work/adept.pot" 2> "$work/xgettext.log"); then
  ok "xgettext reads every file of POTFILES.in"
else
  sed 's/^/# /' "$work/xgettext.log"
  not_ok "xgettext reads every file of POTFILES.in"
fi

languages=$(cat "$podir/LINGUAS")
if [ -n "$languages" ]; then
  ok "LINGUAS names languages: $languages"
else
  not_ok "LINGUAS names languages"
fi

for lang in $languages; do
  po=$podir/$lang.po
  if msgfmt --check --check-accelerators=_ -o /dev/null "$po" 2> "$work/msgfmt.log"; then
    ok "$lang: msgfmt --check --check-accelerators"
  else
    sed 's/^/# /' "$work/msgfmt.log"
    not_ok "$lang: msgfmt --check --check-accelerators"
  fi

  # Against today's sources: what msgmerge would leave untranslated or fuzzy.
  msgmerge --quiet --no-fuzzy-matching -o "$work/$lang.po" "$po" "$work/adept.pot"
  untranslated=$(msgattrib --untranslated --no-obsolete "$work/$lang.po" | grep -c '^msgid ' || true)
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po" | grep -c '^msgid ' || true)
  # The header counts as one message when there is any.
  untranslated=$((untranslated > 0 ? untranslated - 1 : 0))
  fuzzy=$((fuzzy > 0 ? fuzzy - 1 : 0))
  if [ "$untranslated" -eq 0 ] && [ "$fuzzy" -eq 0 ]; then
    ok "$lang: every message of the sources is translated"
  else
    msgattrib --untranslated --no-obsolete "$work/$lang.po" | grep '^msgid ' | sed 1d | head -20 | sed 's/^/# untranslated: /'
    not_ok "$lang: $untranslated untranslated and $fuzzy fuzzy messages (run the adept-update-po target, then translate)"
  fi
done

tap_end
