#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, ASan + UBSan; the `fuzz` preset, in build/fuzz) when
# needed and runs each for SECONDS with its seed corpus and dictionary.
#
#   tests/fuzz/run.sh [-j JOBS] SECONDS [HARNESS...]      e.g. tests/fuzz/run.sh 600 fuzz_sse
#
# JOBS harnesses run at a time (default 1; the build uses 2 compile jobs). New inputs go to a
# work corpus under build/fuzz/corpus/<harness>/; the committed seeds in tests/fuzz/corpus/ are
# only read. One line per harness: name, executions, exec/s, corpus (inputs/bytes), result; a crash, leak,
# timeout or failed invariant keeps its input under build/fuzz/artifacts/<harness>/, prints the
# path and makes the exit status 1. ASSAY_FUZZ_BUILD_DIR overrides build/fuzz.
set -euo pipefail

jobs=1
if [ "${1:-}" = "-j" ]; then
  jobs=$2
  shift 2
fi
if [ $# -lt 1 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
  echo "usage: $0 [-j JOBS] SECONDS [HARNESS...]" >&2
  exit 2
fi
seconds=$1
shift

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${ASSAY_FUZZ_BUILD_DIR:-$root/build/fuzz}"

# Configure and build, one build at a time per build directory (ctest and a developer may both
# start this script).
mkdir -p "$build"
(
  flock 9
  if [ ! -f "$build/CMakeCache.txt" ]; then
    launcher=()
    if command -v ccache > /dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
    cmake --preset fuzz -S "$root" -B "$build" "${launcher[@]}" > "$build/configure.log" 2>&1 \
      || { cat "$build/configure.log"; exit 1; }
  fi
  cmake --build "$build" -j 2 > "$build/build.log" 2>&1 || { tail -50 "$build/build.log"; exit 1; }
) 9> "$build/.lock"

if [ $# -gt 0 ]; then
  harnesses=("$@")
else
  harnesses=()
  for src in "$here"/fuzz_*.cpp; do harnesses+=("$(basename "$src" .cpp)"); done
fi

# The longest input each may try: a few times the largest realistic file it reads.
max_len() {
  case $1 in
    fuzz_timestamp) echo 128 ;;
    fuzz_judgereply | fuzz_template | fuzz_mapping | fuzz_promptfile) echo 4096 ;;
    *) echo 16384 ;;
  esac
}
dict() {
  case $1 in
    fuzz_anthropic | fuzz_openai | fuzz_gemini) echo providers.dict ;;
    *) echo "${1#fuzz_}.dict" ;;
  esac
}

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:check_initialization_order=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
export QT_QPA_PLATFORM=offscreen

run_one() {
  local h=$1 log="$build/logs/$1.log" work="$build/corpus/$1" artifacts="$build/artifacts/$1/"
  mkdir -p "$work" "$artifacts" "$build/logs"
  local args=(-max_total_time="$seconds" -max_len="$(max_len "$h")" -timeout=25 -rss_limit_mb=2048
              -print_final_stats=1 -artifact_prefix="$artifacts")
  local d="$here/dict/$(dict "$h")"
  [ -f "$d" ] && args+=(-dict="$d")
  local seeds=()
  [ -d "$here/corpus/$h" ] && seeds=("$here/corpus/$h")
  # The first corpus directory is the one libFuzzer writes to: the work copy, never the seeds.
  set +e
  "$build/tests/fuzz/$h" "${args[@]}" "$work" "${seeds[@]}" > "$log" 2>&1
  local rc=$?
  set -e
  local execs rate corp result
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  # libFuzzer's own count of the inputs it keeps (the work directory also holds superseded ones).
  corp=$(grep -oE 'corp: [0-9]+/[0-9A-Za-z]+' "$log" | tail -1 | cut -d' ' -f2)
  if [ $rc -eq 0 ]; then
    result=ok
  else
    local artifact
    artifact=$(sed -n "s/.*Test unit written to \(.*\)$/\1/p" "$log" | tail -1)
    local kind
    kind=$(grep -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer): [a-z-]+|runtime error|invariant failed|qFatal|ERROR: libFuzzer: [a-z-]+' "$log" || true)
    result="FAILED (${kind:-exit $rc}) ${artifact:-no artifact}; log $log"
  fi
  printf '%-18s execs %-10s exec/s %-7s corpus %-12s %s\n' "$h" "${execs:-?}" "${rate:-?}" "${corp:-?}" "$result" \
    > "$build/logs/$h.result"
  [ $rc -eq 0 ]
}

failed=0
pids=()
names=()
for h in "${harnesses[@]}"; do
  if [ ! -x "$build/tests/fuzz/$h" ]; then
    echo "no harness $h in $build/tests/fuzz" >&2
    exit 2
  fi
  run_one "$h" &
  pids+=($!)
  names+=("$h")
  # At most `jobs` at a time: wait for the oldest before starting another.
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}" || failed=1
    cat "$build/logs/${names[0]}.result"
    pids=("${pids[@]:1}")
    names=("${names[@]:1}")
  fi
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || failed=1
  cat "$build/logs/${names[$i]}.result"
done
exit $failed
