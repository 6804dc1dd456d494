#!/bin/sh
# Fails when a translation has fuzzy or untranslated messages against the
# strings the sources hold right now, not against a stale spark.pot.
#   check-complete.sh SRCDIR BUILDDIR LANG...
# The template is extracted afresh into BUILDDIR with the same xgettext
# arguments as the `spark-pot` target (i18n.gettext preset 'glib'; compare
# `grep -A1 'build meson-internal__spark-pot' BUILDDIR/build.ninja`).
# To bring a translation up to date: ninja -C BUILDDIR spark-update-po
set -u
src="${1:?usage: check-complete.sh SRCDIR BUILDDIR LANG...}"
build="${2:?usage: check-complete.sh SRCDIR BUILDDIR LANG...}"
shift 2
[ $# -gt 0 ] || { echo "usage: check-complete.sh SRCDIR BUILDDIR LANG..."; exit 2; }

for tool in xgettext msgmerge msgattrib msgfmt; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool is not installed"
    exit 77
  fi
done

work=$(mktemp -d "$build/check-complete.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM

if ! xgettext --package-name=spark -f "$src/po/POTFILES.in" -D "$src" \
       -o "$work/spark.pot" -k_ \
       --from-code=UTF-8 --add-comments \
       --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
       --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
       --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
       --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
       --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
       --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
       --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
       --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
       --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format; then
  echo "xgettext failed"
  exit 1
fi

# msgattrib prints entries in PO syntax; list just their msgids.
list_msgids ()
{
  sed -n 's/^msgid "\(..*\)"$/  \1/p; s/^msgid ""$/  (multi-line message)/p' "$1" | sed 1d
}

status=0
for lang in "$@"; do
  po="$src/po/$lang.po"
  if [ ! -f "$po" ]; then
    echo "$lang: $po doesn't exist"
    status=1
    continue
  fi
  if ! grep -qx "$lang" "$src/po/LINGUAS"; then
    echo "$lang: not listed in po/LINGUAS, so it is never built"
    status=1
  fi

  merged="$work/$lang.po"
  if ! msgmerge --quiet --no-wrap -o "$merged" "$po" "$work/spark.pot"; then
    echo "$lang: msgmerge failed"
    status=1
    continue
  fi
  # Placeholders, accelerators and the header must still be right.
  if ! msgfmt --check --check-accelerators=_ -o /dev/null "$merged"; then
    echo "$lang: msgfmt --check failed"
    status=1
  fi

  msgattrib --untranslated --no-obsolete --no-wrap -o "$work/$lang.untranslated" "$merged"
  msgattrib --only-fuzzy --no-obsolete --no-wrap -o "$work/$lang.fuzzy" "$merged"
  for kind in untranslated fuzzy; do
    if [ -s "$work/$lang.$kind" ]; then
      n=$(list_msgids "$work/$lang.$kind" | wc -l)
      echo "$lang: $n $kind message(s):"
      list_msgids "$work/$lang.$kind"
      status=1
    fi
  done
  if [ $status -eq 0 ]; then
    msgfmt --statistics -o /dev/null "$merged" 2>&1 | sed "s/^/$lang: /"
  fi
done

if [ $status -ne 0 ]; then
  echo "Update with: ninja -C BUILDDIR spark-update-po, then translate the new messages."
fi
exit $status
