#!/usr/bin/env bash
# ReLU Lab dependency setup. Idempotent: every step checks before it acts, so a second run is quick.
#
#   scripts/setup.sh            native + web + browser-test dependencies
#   scripts/setup.sh --peers    also the benchmark peers (libtorch, TensorFlow.js)
#   scripts/setup.sh --fuzz     also clang's libFuzzer runtime
#
# Everything arrives from Debian's archive (binary or source packages) or npm. Third-party sources
# (Dear ImGui 1.86, SDL2 for WebAssembly) are unpacked and built in a cache outside the tree:
#   ${RELULAB_CACHE:-$HOME/.cache/relulab}
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cache=${RELULAB_CACHE:-$HOME/.cache/relulab}
want_peers=0; want_fuzz=0; want_web=1
for a in "$@"; do
  case $a in
    --peers) want_peers=1 ;;
    --fuzz) want_fuzz=1 ;;
    --native-only) want_web=0 ;;
    -h|--help) sed -n 2,12p "$0"; exit 0 ;;
    *) echo "setup: unknown option '$a' (try --help)" >&2; exit 2 ;;
  esac
done

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || die "not root and no sudo: run 'sudo $0' or install the packages listed in $0"
  sudo_cmd=(sudo)
fi

# ---- Debian packages ----------------------------------------------------------------------------
pkgs=(cmake make g++ pkg-config dpkg-dev
      libeigen3-dev doctest-dev libsdl2-dev nlohmann-json3-dev libcli11-dev libhwy-dev libstb-dev
      fonts-dejavu-core fonttools fonts-wqy-microhei  # the UI fonts, cut to the glyphs they need (ui/CMakeLists.txt)
      xvfb xauth xdotool libgl1-mesa-dri libglx-mesa0 mesa-utils)
if ((want_web)); then
  pkgs+=(emscripten chromium)
  # node and npm: Debian's, unless the machine already has a node with npm (nodesource's bundles it)
  command -v node >/dev/null && command -v npm >/dev/null || pkgs+=(nodejs npm)
fi
if ((want_peers)); then pkgs+=(libtorch-dev); fi
if ((want_fuzz)); then pkgs+=(clang libclang-rt-14-dev); fi

mkdir -p "$cache"
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >"$cache.apt.log" 2>&1; then
    "${sudo_cmd[@]}" apt-get update >/dev/null 2>&1 || true
    "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}" \
      || die "could not install: ${missing[*]}. Install them with: apt-get install ${missing[*]}"
  fi
fi
mkdir -p "$cache"

# ---- deb-src entry, for the source packages -----------------------------------------------------
ensure_deb_src() {
  if grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null; then
    return
  fi
  log "adding a deb-src entry for Debian source packages"
  local src=/etc/apt/sources.list.d/relulab-src.sources
  if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
    # copy the first stanza (the main archive) with Types: deb-src
    awk 'BEGIN{RS=""; ORS="\n\n"} NR==1{sub(/Types: deb/, "Types: deb-src"); print}' \
      /etc/apt/sources.list.d/debian.sources | "${sudo_cmd[@]}" tee "$src" >/dev/null
  else
    grep -E '^deb ' /etc/apt/sources.list | head -1 | sed 's/^deb /deb-src /' \
      | "${sudo_cmd[@]}" tee /etc/apt/sources.list.d/relulab-src.list >/dev/null
  fi
  "${sudo_cmd[@]}" apt-get update >/dev/null
}

# fetch_source PKG DEST: unpack Debian source package PKG into DEST (once).
fetch_source() {
  local pkg=$1 dest=$2
  [[ -f $dest/.complete ]] && return
  ensure_deb_src
  local tmp; tmp=$(mktemp -d "$cache/src.XXXXXX")
  log "fetching Debian source package $pkg"
  (cd "$tmp" && apt-get source --download-only "$pkg" >/dev/null 2>&1 \
     || { "${sudo_cmd[@]}" apt-get update >/dev/null; apt-get source --download-only "$pkg" >/dev/null; }) \
    || die "apt-get source $pkg failed (is a deb-src entry configured?)"
  (cd "$tmp" && dpkg-source -x --skip-patches ./*.dsc src >/dev/null 2>&1 || dpkg-source -x ./*.dsc src >/dev/null) \
    || die "dpkg-source could not unpack $pkg"
  rm -rf "$dest"; mv "$tmp/src" "$dest"; rm -rf "$tmp"
  touch "$dest/.complete"
}

# ---- Dear ImGui 1.86 from Debian's source package -----------------------------------------------
imgui_dir=$cache/imgui-1.86
fetch_source imgui "$imgui_dir"
[[ -f $imgui_dir/imgui.h && -f $imgui_dir/backends/imgui_impl_sdl.cpp ]] \
  || die "$imgui_dir does not look like Dear ImGui 1.86 (imgui.h, backends/imgui_impl_sdl.cpp)"

# ---- SDL2 compiled for WebAssembly, keyed by version --------------------------------------------
if ((want_web)); then
  export NODE_PATH=/usr/share/nodejs   # Debian's emscripten optimizer needs acorn from here
  sdl_ver=$(dpkg-query -W -f='${Version}' libsdl2-dev | sed 's/[+~].*//')
  sdl_wasm=$cache/sdl2-wasm-$sdl_ver
  if [[ ! -f $sdl_wasm/.complete ]]; then
    sdl_src=$cache/libsdl2-src-$sdl_ver
    fetch_source libsdl2 "$sdl_src"
    log "building SDL2 $sdl_ver for WebAssembly (once per machine, several minutes)"
    rm -rf "$sdl_src/build-wasm"
    emcmake cmake -S "$sdl_src" -B "$sdl_src/build-wasm" -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_INSTALL_PREFIX="$sdl_wasm" -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF \
      -DSDL_PTHREADS=OFF -DSDL_THREADS=OFF >"$cache/sdl2-wasm.log" 2>&1 \
      || die "configuring SDL2 for wasm failed; see $cache/sdl2-wasm.log"
    cmake --build "$sdl_src/build-wasm" -j"$(nproc)" >>"$cache/sdl2-wasm.log" 2>&1 \
      || die "building SDL2 for wasm failed; see $cache/sdl2-wasm.log"
    cmake --install "$sdl_src/build-wasm" >>"$cache/sdl2-wasm.log" 2>&1 \
      || die "installing SDL2 for wasm failed; see $cache/sdl2-wasm.log"
    touch "$sdl_wasm/.complete"
  fi
  ln -sfn "$sdl_wasm" "$cache/sdl2-wasm"

  # ---- npm: playwright-core for the browser tests ---------------------------------------------
  if [[ -f $here/tests/e2e/package-lock.json && ! -d $here/tests/e2e/node_modules/playwright-core ]]; then
    log "installing playwright-core (npm ci in tests/e2e)"
    (cd "$here/tests/e2e" && npm ci --no-audit --no-fund >/dev/null) || die "npm ci in tests/e2e failed"
  fi
fi

if ((want_peers)) && [[ -f $here/bench/peers/package-lock.json && ! -d $here/bench/peers/node_modules/@tensorflow ]]; then
  log "installing TensorFlow.js (npm ci in bench/peers)"
  (cd "$here/bench/peers" && npm ci --no-audit --no-fund >/dev/null) || die "npm ci in bench/peers failed"
fi

log "dependencies ready (cache: $cache)"
