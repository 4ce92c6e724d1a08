#!/bin/sh
# fuzz.sh: builds the libFuzzer targets of tests/fuzz with clang (their own
# build folder; the gcc build is untouched) and runs each for a bounded time
# from its committed seed corpus. Fails when a target crashes, leaks, hangs
# or runs out of memory; prints executions and coverage for each.
#   build-aux/fuzz.sh [SECONDS [TARGET...]]    default: 20 s each, every target
# New inputs the fuzzer finds go to a scratch folder, never into the seeds.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

seconds=${1:-20}
[ $# -gt 0 ] && shift
targets=${*:-image video video-seek csv pairs labels}

top=$(cd "$(dirname "$0")/.." && pwd)
build=${SIGHTLINE_FUZZ_BUILD_DIR:-$top/build-fuzz}
say () { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

say "Building the fuzz targets in $build (clang, libFuzzer, ASan, UBSan)"
if [ ! -f "$build/build.ninja" ]; then
  CC=clang CXX=clang++ meson setup "$build" "$top" -Dfuzz=true -Dtests=false -Dgui=disabled \
    -Dbuildtype=debugoptimized >/dev/null
fi
ninja -C "$build"

# The decoders' own limits, as sightline and sightline-cli set them.
export OPENCV_IO_MAX_IMAGE_PIXELS=120000000
export OPENCV_IO_MAX_IMAGE_WIDTH=65535
export OPENCV_IO_MAX_IMAGE_HEIGHT=65535
export OPENCV_LOG_LEVEL=SILENT
export OPENCV_FFMPEG_LOGLEVEL=-8
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1

scratch=$(mktemp -d "${TMPDIR:-/tmp}/sl-fuzz-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
status=0
summary=""
for t in $targets; do
  say "Fuzzing $t for $seconds s"
  mkdir -p "$scratch/$t"
  log="$scratch/$t.log"
  if (cd "$scratch" && "$build/tests/fuzz/fuzz-$t" -max_total_time="$seconds" -timeout=25 \
        -rss_limit_mb=2560 -max_len=65536 -print_final_stats=1 -close_fd_mask=3 \
        -artifact_prefix="$scratch/$t-" "$scratch/$t" "$top/tests/fuzz/corpus/$t") >"$log" 2>&1; then
    result=ok
  else
    result=FAILED
    status=1
    grep -v '^#[0-9]' "$log" | tail -n 60 >&2
    for a in "$scratch/$t"-*; do
      [ -e "$a" ] && cp "$a" "$top/" && echo "reproducer kept: $top/$(basename "$a")" >&2
    done
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  line=$(printf '%-7s %-6s executions %-9s cov %-6s ft %s' "$t" "$result" "${runs:-?}" "${cov:-?}" "${ft:-?}")
  summary="$summary$line
"
done
say "Fuzzing summary"
printf '%s' "$summary"
exit $status
