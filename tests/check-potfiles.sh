#!/bin/sh
# Fails when a source file with translatable strings is missing from
# po/POTFILES.in, or POTFILES.in names a file that doesn't exist.
#   check-potfiles.sh SRCDIR
set -u
src="${1:?usage: check-potfiles.sh SRCDIR}"
cd "$src" || exit 2
status=0

# C files using _() / N_() / C_(), .ui files with translatable properties,
# and the data files that carry translatable text.
{
  grep -rlE '(^|[^A-Za-z0-9_])(N_|C_|_) ?\(' --include='*.c' src
  grep -rl 'translatable="yes"' --include='*.ui' resources
  ls data/*.desktop.in.in data/*.metainfo.xml.in.in data/*.gschema.xml.in
} | sort -u > /tmp/potfiles-want.$$

grep -vE '^\s*(#|$)' po/POTFILES.in | sort -u > /tmp/potfiles-have.$$

missing=$(comm -23 /tmp/potfiles-want.$$ /tmp/potfiles-have.$$)
if [ -n "$missing" ]; then
  echo "Translatable files missing from po/POTFILES.in:"
  echo "$missing" | sed 's/^/  /'
  status=1
fi
while read -r f; do
  if [ ! -f "$f" ]; then
    echo "po/POTFILES.in names a file that doesn't exist: $f"
    status=1
  fi
done < /tmp/potfiles-have.$$
rm -f /tmp/potfiles-want.$$ /tmp/potfiles-have.$$
exit $status
