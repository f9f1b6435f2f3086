#!/usr/bin/env bash
# Installs, idempotently, everything a fresh Debian 12 machine needs to build and test kerasm:
#   - Debian's Rust (rustc-web, cargo-web): it has the wasm32 target and, with rust-web-src, the
#     std sources that -Zbuild-std needs for threads; rustup's toolchains here have neither.
#   - lld-22 (wasm-ld for LLVM 22).
#   - gdb, with which scripts/stress-threads.mjs dumps a stalled engine's threads.
#   - wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock.
#   - the npm dev dependencies (tsup, jest, ...).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$cargo_bin:$PATH"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

have_debian_rust() {
  [ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ] &&
    /usr/bin/rustc --print target-list | grep -qx wasm32-unknown-unknown &&
    [ -d "$(/usr/bin/rustc --print sysroot)/lib/rustlib/src/rust/library" ] &&
    command -v wasm-ld-22 >/dev/null
}
if ! have_debian_rust; then
  echo "setup: installing Debian's Rust for wasm32 (rustc-web cargo-web rust-web-src lld-22)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq rustc-web cargo-web rust-web-src lld-22 >/dev/null
fi
echo "setup: $(/usr/bin/rustc --version)"

if ! command -v gdb >/dev/null; then
  echo "setup: installing gdb (thread dumps of a stalled engine in scripts/stress-threads.mjs)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq gdb >/dev/null
fi
echo "setup: $(gdb --version | head -1)"

wanted=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wanted" ]; then
  echo "setup: building wasm-bindgen-cli $wanted (a few minutes)"
  /usr/bin/cargo install --quiet --force wasm-bindgen-cli --version "$wanted"
fi
echo "setup: $(wasm-bindgen --version)"

npm ci --no-audit --no-fund
