#!/usr/bin/env bash
# The one entry point: installs what is missing, builds, and runs Taxa.
#
#   packaging/taxa.sh demo            build and open the GUI on a demo project
#                                     (a command-line tour when there is no display)
#   packaging/taxa.sh test [ARGS]     AddressSanitizer build and the whole test suite;
#                                     ARGS go to ctest (e.g. -R Taxonomy)
#   packaging/taxa.sh bench [ARGS]    release build and the benchmarks; ARGS go to
#                                     taxa_bench (e.g. --only sync --property-seeds 50)
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
  -h | --help | help) usage 0 ;;
  *) usage ;;
esac
