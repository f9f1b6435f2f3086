"""Tiny files in the formats Keras 3 downloads (imdb.npz, reuters.npz with object arrays of word-id
lists, boston_housing.npz, Fashion-MNIST's four idx .gz files, the word-index JSONs), and what
Keras 3's own load_data returns for them (expected.json), for tests/datasets_keras_files.test.ts.

Run: KERAS_BACKEND=jax /work/venv-keras/bin/python tests/data_fixtures/keras/make_keras_fixtures.py
(keras 3.15.1, numpy 2.4.6, jax 0.10.2). The object arrays are written as np.savez writes them
(a pickle stream, protocol 3), as in Keras's own imdb.npz and reuters.npz.
"""

import gzip
import json
import os
import struct

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
from keras.src.datasets import boston_housing, imdb, reuters  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.RandomState(0)


def ragged(n, vocab, longest):
    out = np.empty(n, dtype=object)
    for i in range(n):
        out[i] = [int(w) for w in rng.randint(1, vocab, size=rng.randint(1, longest))]
    return out


np.savez(
    os.path.join(here, "imdb.npz"),
    x_train=ragged(12, 40, 9),
    y_train=rng.randint(0, 2, size=12).astype("int64"),
    x_test=ragged(8, 40, 9),
    y_test=rng.randint(0, 2, size=8).astype("int64"),
)
np.savez(os.path.join(here, "reuters.npz"), x=ragged(15, 30, 7), y=rng.randint(0, 46, size=15).astype("int64"))
np.savez(os.path.join(here, "boston_housing.npz"), x=rng.rand(10, 13), y=rng.rand(10) * 50)
with open(os.path.join(here, "imdb_word_index.json"), "w") as f:
    json.dump({f"w{i}": i for i in range(1, 40)}, f)
with open(os.path.join(here, "reuters_word_index.json"), "w") as f:
    json.dump({f"r{i}": i for i in range(1, 30)}, f)


def idx(path, magic, dims, data):
    with gzip.open(path, "wb") as f:
        f.write(struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in dims) + np.asarray(data, dtype=np.uint8).tobytes())


for prefix, n in (("train", 6), ("t10k", 4)):
    idx(os.path.join(here, f"{prefix}-images-idx3-ubyte.gz"), 0x803, (n, 28, 28), rng.randint(0, 256, size=n * 784))
    idx(os.path.join(here, f"{prefix}-labels-idx1-ubyte.gz"), 0x801, (n,), rng.randint(0, 10, size=n))


def use(module, filename):
    # Keras's get_file would check the real file's hash and download: point it at the fixture.
    module.get_file = lambda *args, **kwargs: os.path.join(here, filename)


use(imdb, "imdb.npz")
use(reuters, "reuters.npz")
use(boston_housing, "boston_housing.npz")
tolist = lambda a: [list(map(int, x)) for x in a]  # noqa: E731
expected = {"keras_version": keras.__version__, "numpy_version": np.__version__}
for name, kwargs in (("imdb_default", {}), ("imdb_options", {"num_words": 20, "skip_top": 2, "maxlen": 6, "seed": 7})):
    (xa, ya), (xb, yb) = imdb.load_data(**kwargs)
    expected[name] = {"kwargs": kwargs, "x_train": tolist(xa), "y_train": ya.tolist(), "x_test": tolist(xb), "y_test": yb.tolist()}
for name, kwargs in (("reuters_default", {}), ("reuters_options", {"num_words": 15, "maxlen": 5, "test_split": 0.3, "seed": 3, "oov_char": None})):
    (xa, ya), (xb, yb) = reuters.load_data(**kwargs)
    expected[name] = {"kwargs": kwargs, "x_train": tolist(xa), "y_train": ya.tolist(), "x_test": tolist(xb), "y_test": yb.tolist()}
(xa, ya), (xb, yb) = boston_housing.load_data()
expected["boston_default"] = {"x_train": xa.tolist(), "y_train": ya.tolist(), "x_test": xb.tolist(), "y_test": yb.tolist()}
with open(os.path.join(here, "expected.json"), "w") as f:
    json.dump(expected, f)

# The same kind of object array pickled with protocol 2 (GLOBAL, BINPUT, LONG1 opcodes), as files
# written by older NumPy under Python 2 are, for the unpickler's test.
import pickle  # noqa: E402

legacy = ragged(3, 70000, 4)
legacy[0] = [1, 255, 256, 65535, 65536, 2**31 - 1]
with open(os.path.join(here, "object_array_protocol2.pkl"), "wb") as f:
    pickle.dump(legacy, f, protocol=2)
with open(os.path.join(here, "object_array_protocol2.json"), "w") as f:
    json.dump(tolist(legacy), f)
