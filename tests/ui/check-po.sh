#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every translatable string of the files in locale/POTFILES.in has a translation, neither
# missing nor fuzzy, in each catalogue of locale/LINGUAS; and each catalogue compiles cleanly.
# Usage: check-po.sh SOURCE_ROOT
set -eu
top=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The keywords of meson's i18n.gettext (preset: 'glib').
xgettext --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --package-name=muscat-kiosk \
  -D "$top" -f "$top/locale/POTFILES.in" -o "$tmp/muscat-kiosk.pot"

status=0
for lang in $(sed 's/#.*//' "$top/locale/LINGUAS"); do
  po="$top/locale/$lang.po"
  if ! msgcmp "$po" "$tmp/muscat-kiosk.pot"; then
    echo "$lang.po lacks translations of the strings above" >&2
    status=1
  fi
  if ! msgfmt --check --statistics -o /dev/null "$po" 2>"$tmp/stats"; then
    cat "$tmp/stats" >&2
    status=1
  elif grep -qE 'untranslated|fuzzy' "$tmp/stats"; then
    echo "$lang.po: $(cat "$tmp/stats")" >&2
    status=1
  fi
done
exit $status
