#!/usr/bin/env bash
# Installs the Debian packages Taxa needs to build, test and run, and only the ones
# that are missing. Prints nothing when everything is already installed.
#
#   packaging/install-deps.sh         what building, testing and running need
#   packaging/install-deps.sh fuzz    also clang and libFuzzer (packaging/taxa.sh fuzz)
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libsqlite3-dev sqlite3 libzstd-dev zstd libgit2-dev git libssl-dev
  libglfw3-dev libimgui-dev libgl-dev
  nlohmann-json3-dev libcli11-dev libgtest-dev libbenchmark-dev
  xvfb xauth xdotool imagemagick python3
  python3-nltk python3-statsmodels python3-sklearn
  nginx-light fcgiwrap openssh-server
  libcpp-httplib-dev libjs-chart.js chromium chromium-driver python3-selenium python3-jsonschema
  libcmark-gfm-dev libserd-dev python3-rdflib openssh-client
)
# Only for the fuzz targets (tests/fuzz): clang and its libFuzzer runtime.
fuzz_packages=(clang libclang-rt-14-dev)

case "${1:-}" in
  "") ;;
  fuzz) packages+=("${fuzz_packages[@]}") ;;
  *)
    echo "usage: packaging/install-deps.sh [fuzz]" >&2
    exit 2
    ;;
esac

missing=()
for package in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$package")
  fi
done

if (( ${#missing[@]} == 0 )); then
  exit 0
fi

sudo=()
if (( EUID != 0 )); then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "taxa: missing packages (${missing[*]}) and no sudo; install them as root" >&2
    exit 1
  fi
  sudo=(sudo)
fi

echo "taxa: installing ${missing[*]}" >&2
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  "${missing[@]}"
