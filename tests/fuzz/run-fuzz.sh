#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fuzzes the SSE parser + chat decoder for SECONDS on a scratch copy of the
# seed corpus (the checked-in corpus is never modified). Crashing inputs are
# kept in BUILD_DIR/fuzz-artifacts/. Exits non-zero if the fuzzer found one.
#
#   CC=clang meson setup build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false
#   ninja -C build-fuzz && tests/fuzz/run-fuzz.sh build-fuzz 60
set -eu

if [ $# -ne 2 ]; then
  echo "usage: $0 BUILD_DIR SECONDS" >&2
  exit 2
fi

build_dir=$1
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
fuzzer=$build_dir/tests/fuzz/fuzz-sse-decoder

if [ ! -x "$fuzzer" ]; then
  echo "$fuzzer not found: configure with -Dfuzzing=true and CC=clang" >&2
  exit 2
fi

corpus=$(mktemp -d "${TMPDIR:-/tmp}/spark-fuzz-corpus.XXXXXX")
trap 'rm -rf "$corpus"' EXIT INT TERM
cp "$here"/corpus-sse/* "$corpus"/

artifacts=$build_dir/fuzz-artifacts
mkdir -p "$artifacts"

UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
"$fuzzer" \
  -max_total_time="$seconds" \
  -max_len=8192 \
  -timeout=10 \
  -print_final_stats=1 \
  -dict="$here/sse.dict" \
  -artifact_prefix="$artifacts/" \
  "$corpus"
