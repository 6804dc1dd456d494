#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fuzzes Spark's libFuzzer targets for SECONDS in all, shared evenly between
# them (or the TARGETs named), each on a scratch copy of its seed corpus
# (the checked-in corpora are never modified). Crashing inputs are kept in
# BUILD_DIR/fuzz-artifacts/. Exits non-zero if any target found one.
#   sse-decoder  SSE parser + chat decoder (corpus-sse, sse.dict)
#   markdown     markdown → block model, pieces and streaming updates
#                (corpus-markdown, markdown.dict)
#
#   CC=clang meson setup build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false
#   ninja -C build-fuzz && tests/fuzz/run-fuzz.sh build-fuzz 60 [TARGET...]
set -eu

if [ $# -lt 2 ]; then
  echo "usage: $0 BUILD_DIR SECONDS [sse-decoder|markdown ...]" >&2
  exit 2
fi

build_dir=$1
seconds=$2
shift 2
targets=${*:-sse-decoder markdown}
here=$(cd "$(dirname "$0")" && pwd)

count=0
for target in $targets; do
  case "$target" in
    sse-decoder | markdown) ;;
    *)
      echo "unknown fuzz target: $target" >&2
      exit 2
      ;;
  esac
  if [ ! -x "$build_dir/tests/fuzz/fuzz-$target" ]; then
    echo "$build_dir/tests/fuzz/fuzz-$target not found: configure with -Dfuzzing=true and CC=clang" >&2
    exit 2
  fi
  count=$((count + 1))
done

each=$((seconds / count))
[ "$each" -ge 1 ] || each=1

artifacts=$build_dir/fuzz-artifacts
mkdir -p "$artifacts"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/spark-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM

status=0
for target in $targets; do
  case "$target" in
    sse-decoder)
      seeds=corpus-sse dict=sse.dict max_len=8192
      ;;
    markdown)
      # Each input is re-parsed at up to 24 prefixes: keep them short.
      seeds=corpus-markdown dict=markdown.dict max_len=4096
      ;;
  esac
  corpus=$scratch/$target
  mkdir -p "$corpus"
  cp "$here/$seeds"/* "$corpus"/

  echo "fuzz-$target: $each s"
  if ! UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
    "$build_dir/tests/fuzz/fuzz-$target" \
    -max_total_time="$each" \
    -max_len="$max_len" \
    -timeout=10 \
    -print_final_stats=1 \
    -dict="$here/$dict" \
    -artifact_prefix="$artifacts/$target-" \
    "$corpus"; then
    echo "fuzz-$target: FAILED (inputs in $artifacts/)" >&2
    status=1
  fi
done
exit $status
