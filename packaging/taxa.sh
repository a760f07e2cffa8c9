#!/usr/bin/env bash
# The one entry point: installs what is missing, builds, and runs Taxa.
#
#   packaging/taxa.sh demo            build and open the GUI on a demo project
#                                     (a command-line tour when there is no display)
#   packaging/taxa.sh test [ARGS]     AddressSanitizer build and the whole test suite;
#                                     ARGS go to ctest (e.g. -R Taxonomy)
#   packaging/taxa.sh bench [ARGS]    release build and the benchmarks; ARGS go to
#                                     taxa_bench (e.g. --only sync --property-seeds 50)
#   packaging/taxa.sh fuzz [SECONDS] [TARGET...]
#                                     clang build of the decoders' libFuzzer targets
#                                     (tests/fuzz), each run SECONDS (default 60) from a
#                                     copy of its kept corpus; prints a table
set -euo pipefail

cd -P "$(dirname "${BASH_SOURCE[0]}")/.."

usage() {
  local code="${1:-2}"
  (( code == 0 )) || exec >&2
  cat <<'USAGE'
usage: packaging/taxa.sh COMMAND [ARGS...]

commands:
  demo          build (release) and open the GUI on a demo project;
                without a display, show the command line instead
  test [ARGS]   build with AddressSanitizer and run the tests (ARGS go to ctest)
  bench [ARGS]  build (release) and run the benchmarks (ARGS go to taxa_bench)
  fuzz [SECONDS] [TARGET...]
                build the libFuzzer targets of the decoders (clang, ASan, UBSan;
                tests/fuzz/TARGET_fuzz.cpp) and run each for SECONDS (default 60)
                from a copy of its kept corpus tests/fuzz/corpus/TARGET; prints
                executions, corpus size and new crashes per target, and exits 1
                when a target crashed (the input is kept under build/fuzz/run)
USAGE
  exit "$code"
}

build_release() {
  ./packaging/install-deps.sh
  cmake --preset release
  cmake --build --preset release -j2
}

# Prints a command as the user would type it, then runs it.
tour() {
  echo
  echo "\$ taxa $*"
  build/release/taxa "$@"
}

demo() {
  build_release
  if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]]; then
    exec build/release/taxa gui --demo
  fi
  echo "taxa: no display found; showing the command line instead (run on a desktop for the GUI)"
  build/release/taxa --help
  demo_tmp="$(mktemp -d "${TMPDIR:-/tmp}/taxa-demo.XXXXXX")"
  trap 'rm -rf -- "$demo_tmp"' EXIT
  tour demo "$demo_tmp/project"
  tour -C "$demo_tmp/project" status
  tour -C "$demo_tmp/project" taxonomy show
}

run_tests() {
  ./packaging/install-deps.sh
  cmake --preset asan
  cmake --build --preset asan -j2
  exec ctest --preset asan -j2 "$@"
}

bench() {
  build_release
  if [[ ! -x build/release/taxa_bench ]]; then
    echo "taxa: build/release/taxa_bench was not built (is TAXA_BUILD_BENCH on?)" >&2
    exit 1
  fi
  exec build/release/taxa_bench "$@"
}

# Runs the fuzz targets; see usage. Each works on a copy of its kept corpus
# under build/fuzz/run/TARGET, so the repository changes only when someone
# merges finds into tests/fuzz/corpus on purpose (the command is printed).
fuzz() {
  local seconds=60
  if (( $# > 0 )) && [[ "$1" =~ ^[0-9]+$ ]]; then
    seconds="$1"
    shift
  fi
  (( seconds > 0 )) || usage
  local targets=("$@") source
  if (( ${#targets[@]} == 0 )); then
    for source in tests/fuzz/*_fuzz.cpp; do
      targets+=("$(basename "$source" _fuzz.cpp)")
    done
  fi
  local target
  for target in "${targets[@]}"; do
    if [[ ! -f "tests/fuzz/${target}_fuzz.cpp" ]]; then
      echo "taxa: no fuzz target \"$target\" (tests/fuzz/${target}_fuzz.cpp)" >&2
      exit 2
    fi
  done

  ./packaging/install-deps.sh fuzz
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz -j2 --target fuzz_all

  # Files the targets write (the journal, bundles) go to memory when it can.
  local base="${TMPDIR:-/tmp}"
  [[ -d /dev/shm && -w /dev/shm ]] && base=/dev/shm
  fuzz_scratch="$(mktemp -d "$base/taxa-fuzz-run.XXXXXX")"
  trap 'rm -rf -- "$fuzz_scratch"' EXIT

  local run=build/fuzz/run
  rm -rf -- "$run"
  local rows=() found=() total_execs=0 total_crashes=0
  for target in "${targets[@]}"; do
    local dir="$run/$target"
    mkdir -p "$dir/corpus" "$dir/crashes"
    if [[ -d "tests/fuzz/corpus/$target" ]]; then
      cp -R "tests/fuzz/corpus/$target/." "$dir/corpus/"
    fi
    local extra=()
    # Bundle headers have 4 KiB lines; let inputs run past one.
    [[ "$target" == bundle_header ]] && extra=(-max_len=8192)
    echo "taxa: fuzzing $target for ${seconds}s" >&2
    local rc=0
    TAXA_FUZZ_SCRATCH="$fuzz_scratch" "build/fuzz/fuzz_$target" -max_total_time="$seconds" \
      -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$dir/crashes/" \
      "${extra[@]}" "$dir/corpus" >"$dir/log" 2>&1 || rc=$?
    local execs rate files kib crashes=()
    execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -n 1)"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/log" | tail -n 1)"
    files="$(find "$dir/corpus" -type f | wc -l)"
    kib="$(( ($(du -sb "$dir/corpus" | cut -f1) + 1023) / 1024 ))"
    mapfile -t crashes < <(find "$dir/crashes" -type f | sort)
    if (( rc != 0 && ${#crashes[@]} == 0 )); then
      echo "taxa: fuzz_$target failed without a crash input (exit $rc); see $dir/log" >&2
      tail -n 20 "$dir/log" >&2
      exit 1
    fi
    total_execs=$(( total_execs + ${execs:-0} ))
    total_crashes=$(( total_crashes + ${#crashes[@]} ))
    rows+=("$(printf '%-18s %12s %8s %7s %8s %6s' "$target" "${execs:-0}" "${rate:-0}" \
      "$files" "$kib" "${#crashes[@]}")")
    found+=("${crashes[@]}")
  done

  echo
  printf '%-18s %12s %8s %7s %8s %6s\n' target executions exec/s inputs KiB crashes
  printf '%s\n' "${rows[@]}"
  printf '%-18s %12s %8s %7s %8s %6s\n' total "$total_execs" "" "" "" "$total_crashes"
  echo
  echo "Logs and working corpora: $run/TARGET (the kept corpus is untouched)."
  echo "To keep what a run found, minimized, in the kept corpus:"
  echo "  build/fuzz/fuzz_TARGET -merge=1 tests/fuzz/corpus/TARGET $run/TARGET/corpus"
  if (( total_crashes > 0 )); then
    echo
    echo "New crashes (reproduce: build/fuzz/fuzz_TARGET FILE; once fixed, keep the"
    echo "input in tests/fuzz/crashes/TARGET/ so the test suite replays it):"
    printf '  %s\n' "${found[@]}"
    exit 1
  fi
}

(( $# >= 1 )) || usage
command="$1"
shift
case "$command" in
  demo)
    (( $# == 0 )) || usage
    demo
    ;;
  test) run_tests "$@" ;;
  bench) bench "$@" ;;
  fuzz) fuzz "$@" ;;
  -h | --help | help) usage 0 ;;
  *) usage ;;
esac
