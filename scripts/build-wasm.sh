#!/usr/bin/env bash
# Builds pkg/ from crates/: two wasm-bindgen outputs of kerasm-wasm,
#   pkg/threads/  simd128 + atomics/shared memory (rayon on host workers)
#   pkg/single/   simd128 only, for hosts without SharedArrayBuffer
# Reproducible: absolute paths are remapped out of the binary, so the same sources give
# byte-identical files on any machine. Needs the toolchain that scripts/setup.sh installs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# Debian's rustc has the wasm32 target and std sources; rustup's (first in PATH) has neither.
export RUSTC=/usr/bin/rustc
cargo=/usr/bin/cargo
export RUSTC_BOOTSTRAP=1 # -Zbuild-std: std must be rebuilt with atomics for shared memory
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
sysroot=$("$RUSTC" --print sysroot)
cargo_home=${CARGO_HOME:-$HOME/.cargo}
remap="--remap-path-prefix=$root=/kerasm --remap-path-prefix=$cargo_home=/cargo --remap-path-prefix=$sysroot=/rustc"
# 4 GiB of linear memory: a dense IMDB input alone is 1 GB.
link="-C link-arg=--max-memory=4294967296"

build() { # name, target features, extra link args
  local name=$1 features=$2 extra=${3:-}
  RUSTFLAGS="-C target-feature=$features $link $extra $remap" \
    "$cargo" build --quiet --release --locked -p kerasm-wasm --target wasm32-unknown-unknown \
    -Zbuild-std=std,panic_abort \
    --target-dir "$CARGO_TARGET_DIR/$name"
  rm -rf "pkg/$name"
  # --weak-refs: handles a user drops are freed by the GC too (dispose() frees them at once).
  wasm-bindgen --target web --weak-refs --out-dir "pkg/$name" --out-name kerasm \
    "$CARGO_TARGET_DIR/$name/wasm32-unknown-unknown/release/kerasm_wasm.wasm"
  rm -f "pkg/$name/.gitignore" "pkg/$name/package.json"
}

# Since Rust 1.92 atomics no longer imply shared memory (rust-lang/rust#147225): ask the linker.
build threads +atomics,+bulk-memory,+mutable-globals,+simd128 \
  "-C link-arg=--shared-memory -C link-arg=--import-memory -C link-arg=--export=__wasm_init_tls -C link-arg=--export=__tls_size -C link-arg=--export=__tls_align -C link-arg=--export=__tls_base"
build single +bulk-memory,+mutable-globals,+simd128
ls -l pkg/threads pkg/single
