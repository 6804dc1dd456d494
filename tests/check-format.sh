#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails, listing them, when .c/.h files under src/ and tests/ are not formatted
# as .clang-format says. Test data and fuzz corpora are not code and are skipped.
# Usage: check-format.sh SRCDIR   (CLANG_FORMAT may name the binary)
# Exit 77 (skipped) when clang-format is missing or older than 14.

srcdir=${1:?usage: check-format.sh SRCDIR}
cf=${CLANG_FORMAT:-clang-format}

if ! command -v "$cf" >/dev/null 2>&1; then
  echo "SKIP: $cf not found"
  exit 77
fi

major=$("$cf" --version | sed -n 's/.*clang-format version \([0-9][0-9]*\).*/\1/p')
if [ -z "$major" ] || [ "$major" -lt 14 ]; then
  echo "SKIP: $cf is version '${major:-unknown}', .clang-format needs 14 or later"
  exit 77
fi

cd "$srcdir" || exit 1
if [ ! -f .clang-format ]; then
  echo "FAIL: no .clang-format in $srcdir"
  exit 1
fi

list=$(mktemp) || exit 1
trap 'rm -f "$list"' EXIT

# Generated sources live in the build dir, but a build dir placed inside
# src/ or tests/ (or a stray generated file) must not be checked either.
find src tests \
  \( -path tests/data -o -path 'tests/fuzz/*corpus*' -o -path 'tests/fuzz/*corpora*' \
     -o -name 'meson-private' -o -name '*.p' \) -prune \
  -o -type f \( -name '*.c' -o -name '*.h' \) \
  ! -name '*-enums.[ch]' ! -name '*-resources.[ch]' ! -name 'config.h' \
  -print | LC_ALL=C sort >"$list"

checked=0
bad=0
while IFS= read -r f; do
  checked=$((checked + 1))
  if ! out=$("$cf" --style=file --dry-run --Werror "$f" 2>&1); then
    if [ "$bad" -eq 0 ]; then
      echo "Not clang-format clean:"
    fi
    echo "  $f"
    # The first complaints say where; the fix command below does the rest.
    printf '%s\n' "$out" | grep -E ': error: ' | head -n 5 | sed 's/^/      /'
    bad=$((bad + 1))
  fi
done <"$list"

if [ "$bad" -ne 0 ]; then
  echo "$bad of $checked files need formatting. Fix with:"
  echo "  cd $srcdir && $cf -i <files above>"
  echo "and show what would change with: $cf --dry-run <file>"
  exit 1
fi
echo "$checked files are clang-format clean"
exit 0
