#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a .c file under src/ or tests/ is named in no meson.build: such a
# file is never compiled, so it rots unnoticed while looking like live code.
#
# A file counts as built when its path, relative to a meson.build in its own
# directory or in a parent directory, appears as a quoted string in that
# meson.build ('spark-window.c' in src/ui/meson.build, or 'ui/spark-window.c'
# in src/meson.build). Commented-out names do not count. Names built at
# configure time ('test-' + name + '.c') cannot be seen: list such files
# explicitly, e.g. in a files() call.
# Usage: check-sources-in-meson.sh SRCDIR

srcdir=${1:?usage: check-sources-in-meson.sh SRCDIR}
cd "$srcdir" || exit 1

# Prints every string literal of a meson.build, one per line, skipping
# comments. Meson strings are single-quoted; a backslash escapes a character.
strings_of ()
{
  awk '
    {
      s = ""; in_str = 0; n = length ($0)
      for (i = 1; i <= n; i++)
        {
          c = substr ($0, i, 1)
          if (in_str)
            {
              if (c == "\\") { s = s substr ($0, i + 1, 1); i++; continue }
              if (c == "\x27") { print s; s = ""; in_str = 0; continue }
              s = s c
            }
          else if (c == "#")
            break
          else if (c == "\x27")
            in_str = 1
        }
    }' "$1"
}

list=$(mktemp) || exit 1
trap 'rm -f "$list"' EXIT

find src tests \
  \( -path tests/data -o -path 'tests/fuzz/*corpus*' -o -path 'tests/fuzz/*corpora*' \
     -o -name 'meson-private' -o -name '*.p' \) -prune \
  -o -type f -name '*.c' -print | LC_ALL=C sort >"$list"

checked=0
bad=0
while IFS= read -r f; do
  checked=$((checked + 1))
  found=0
  dir=$(dirname "$f")
  while :; do
    if [ -f "$dir/meson.build" ]; then
      if [ "$dir" = . ]; then rel=$f; else rel=${f#"$dir"/}; fi
      if strings_of "$dir/meson.build" | grep -qxF -- "$rel"; then
        found=1
        break
      fi
    fi
    [ "$dir" = . ] && break
    dir=$(dirname "$dir")
  done
  if [ "$found" -eq 0 ]; then
    if [ "$bad" -eq 0 ]; then
      echo "Not named in any meson.build (never compiled):"
    fi
    echo "  $f"
    bad=$((bad + 1))
  fi
done <"$list"

if [ "$bad" -ne 0 ]; then
  echo "$bad of $checked .c files are in no meson source list:" \
       "add them to the meson.build next to them, or delete them."
  exit 1
fi
echo "all $checked .c files are named in a meson.build"
exit 0
