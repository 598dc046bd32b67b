#!/bin/sh
# po/POTFILES.in lists every source with translatable strings, and only files that exist; no
# translatable string is glued to a macro, which xgettext would cut off there (the runtime
# string then never matches its translation).
#   test-potfiles.sh SRCDIR
set -u

. "$(dirname "$0")/tap.sh"
cd "$1" || exit 1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

grep -v '^#' po/POTFILES.in | grep -v '^[[:space:]]*$' | sort > "$work/listed"

# C sources calling a gettext function or macro, .ui files with translatable properties,
# and the data files intltool-style merging translates.
{
  grep -rlE '(^|[^A-Za-z0-9_])(N?_|C_|NC_|ngettext|g_dngettext|g_dpgettext2)[[:space:]]*\(' \
    --include='*.c' src
  grep -rl 'translatable="yes"' --include='*.ui' src
  ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml
} | sort -u > "$work/needed"

missing=$(comm -23 "$work/needed" "$work/listed")
if [ -z "$missing" ]; then
  ok "every source with translatable strings is in POTFILES.in"
else
  echo "$missing" | sed 's/^/# not in POTFILES.in: /'
  not_ok "every source with translatable strings is in POTFILES.in"
fi

gone=$(while read -r f; do [ -f "$f" ] || echo "$f"; done < "$work/listed")
if [ -z "$gone" ]; then
  ok "every file POTFILES.in lists exists"
else
  echo "$gone" | sed 's/^/# listed but missing: /'
  not_ok "every file POTFILES.in lists exists"
fi

dups=$(uniq -d "$work/listed")
if [ -z "$dups" ]; then
  ok "POTFILES.in lists each file once"
else
  echo "$dups" | sed 's/^/# listed twice: /'
  not_ok "POTFILES.in lists each file once"
fi

# _("… %" G_GINT64_FORMAT " …") or N_("… " SOME_DEFAULT "…"): a literal followed by a name.
glued=$(grep -rnE '(^|[^A-Za-z0-9_])(N?_|C_|NC_|ngettext|g_dngettext)[[:space:]]*\((.*,)?[[:space:]]*"([^"\\]|\\.)*"[[:space:]]+[A-Za-z_]' \
          --include='*.c' src)
if [ -z "$glued" ]; then
  ok "no translatable string is glued to a macro"
else
  echo "$glued" | sed 's/^/# /'
  not_ok "no translatable string is glued to a macro"
fi

tap_end
