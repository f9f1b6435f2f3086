#!/usr/bin/env bash
# Creates .venv-keras with real Keras 3 on JAX (CPU), pinned, for the scripts that write the
# golden fixtures under tests/ (the tests themselves read the committed JSON and need no Python).
#   bash scripts/setup-keras.sh && KERAS_BACKEND=jax .venv-keras/bin/python tests/keras_goldens/make_training_goldens.py
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/.venv-keras"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  "keras==3.15.1" "jax[cpu]==0.10.2" "numpy==2.4.6"
KERAS_BACKEND=jax "$venv/bin/python" -c 'import keras, jax, numpy; print("setup-keras: keras", keras.__version__, "jax", jax.__version__, "numpy", numpy.__version__)'
