"""Whole trainings recorded from real Keras 3, for tests/keras_training.test.ts.

Each case builds a small model, records its initial weights, trains it with `shuffle=False` and
writes the loss and metric of every epoch, the final weights and the predictions on fresh rows.
kerasm starts from the same weights and must land on the same numbers (float32 rounding apart).
Between them the cases cover every layer kind but Dropout (its mask is random), every
optimizer and the main losses and metrics.

    bash scripts/setup-keras.sh
    KERAS_BACKEND=jax .venv-keras/bin/python tests/keras_goldens/make_training_goldens.py
"""

import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")

import jax  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

OUT = pathlib.Path(__file__).with_name("training_goldens.json")


def dense(units, activation=None, **kw):
    return {"class_name": "Dense", "config": {"units": units, "activation": activation, **kw}}


def layer(class_name, **config):
    return {"class_name": class_name, "config": config}


def regression(rng, rows, width):
    x = rng.normal(size=(rows, width)).astype("float32")
    w = rng.normal(size=(width, 1)).astype("float32")
    return x, (x @ w + 0.1 * rng.normal(size=(rows, 1))).astype("float32")


def binary(rng, rows, width):
    x = rng.normal(size=(rows, width)).astype("float32")
    return x, (x[:, :1] + x[:, 1:2] > 0).astype("float32")


def classes(rng, rows, width, n, one_hot):
    x = rng.normal(size=(rows, width)).astype("float32")
    y = np.argmax(x[:, :n], axis=1)
    return x, (np.eye(n, dtype="float32")[y] if one_hot else y.astype("float32"))


def tokens(rng, rows, length, vocab, n):
    x = rng.integers(0, vocab, size=(rows, length))
    return x.astype("float32"), (x.sum(axis=1) % n).astype("float32")


def cases(rng):
    """(name, model, data, compile, fit): model is a list of layers (Sequential) or a graph."""
    yield (
        "imdb-shaped: dense relu stack, rmsprop, binary_crossentropy, accuracy",
        {"input": [20], "layers": [dense(16, "relu"), dense(16, "relu"), dense(1, "sigmoid")]},
        binary(rng, 96, 20),
        {"optimizer": ("rmsprop", {}), "loss": "binary_crossentropy", "metrics": ["accuracy"]},
        {"epochs": 4, "batch_size": 32},
    )
    yield (
        "reuters-shaped: softmax, adam, categorical_crossentropy",
        {"input": [12], "layers": [dense(24, "relu"), dense(5, "softmax")]},
        classes(rng, 80, 12, 5, one_hot=True),
        {"optimizer": ("adam", {"learning_rate": 0.01}), "loss": "categorical_crossentropy", "metrics": ["accuracy"]},
        {"epochs": 3, "batch_size": 16},
    )
    yield (
        "boston-shaped: sgd with nesterov momentum, mae, mse",
        {"input": [13], "layers": [dense(8, "relu", kernel_regularizer={"class_name": "L2", "config": {"l2": 0.01}}), dense(1)]},
        regression(rng, 64, 13),
        {"optimizer": ("sgd", {"learning_rate": 0.01, "momentum": 0.9, "nesterov": True}), "loss": "mae", "metrics": ["mse"]},
        {"epochs": 3, "batch_size": 8},
    )
    yield (
        "embedding, flatten, adamw, sparse_categorical_crossentropy",
        {"input": [6], "layers": [layer("Embedding", input_dim=30, output_dim=4), layer("Flatten"), dense(3, "softmax")]},
        tokens(rng, 48, 6, 30, 3),
        {"optimizer": ("adamw", {"learning_rate": 0.01}), "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]},
        {"epochs": 3, "batch_size": 16},
    )
    yield (
        "batch normalization, adagrad, huber",
        {"input": [10], "layers": [dense(12), layer("BatchNormalization", momentum=0.9), layer("Activation", activation="tanh"), dense(1)]},
        regression(rng, 64, 10),
        {"optimizer": ("adagrad", {"learning_rate": 0.05}), "loss": "huber", "metrics": ["mse"]},
        {"epochs": 3, "batch_size": 16},
    )
    yield (
        "layer normalization, reshape, adamax, mse",
        {"input": [12], "layers": [layer("Reshape", target_shape=[3, 4]), layer("LayerNormalization"), layer("Flatten"), dense(1)]},
        regression(rng, 48, 12),
        # Adamax divides each step by max |g|, so with MAE (whose signs can cancel to a gradient that is
        # zero but for rounding) a step's sign would be rounding noise in both libraries: a smooth loss.
        {"optimizer": ("adamax", {"learning_rate": 0.01}), "loss": "mse", "metrics": ["mae"]},
        {"epochs": 3, "batch_size": 12},
    )
    yield (
        "functional: two inputs, shared dense, concatenate and add, nadam, mse",
        {
            "inputs": {"a": [6], "b": [6]},
            "nodes": [
                {"name": "shared", "layer": dense(8, "relu"), "calls": [["a"], ["b"]]},
                {"name": "sum", "layer": layer("Add"), "calls": [["shared:0", "shared:1"]]},
                {"name": "joined", "layer": layer("Concatenate"), "calls": [["sum:0", "a"]]},
                {"name": "out", "layer": dense(1), "calls": [["joined:0"]]},
            ],
            "outputs": ["out:0"],
        },
        regression(rng, 48, 12),
        {"optimizer": ("nadam", {"learning_rate": 0.01}), "loss": "mse", "metrics": ["mae"]},
        {"epochs": 3, "batch_size": 16},
    )
    yield (
        "adadelta with clipnorm, kl_divergence",
        {"input": [8], "layers": [dense(10, "relu"), dense(4, "softmax")]},
        classes(rng, 48, 8, 4, one_hot=True),
        {"optimizer": ("adadelta", {"learning_rate": 1.0, "clipnorm": 0.5}), "loss": "kl_divergence", "metrics": []},
        {"epochs": 3, "batch_size": 16},
    )


def keras_layer(spec):
    return getattr(keras.layers, spec["class_name"])(**spec["config"])


def build(spec):
    if "layers" in spec:
        return keras.Sequential([keras.Input(spec["input"])] + [keras_layer(l) for l in spec["layers"]])
    tensors = {name: keras.Input(shape, name=name) for name, shape in spec["inputs"].items()}
    for node in spec["nodes"]:
        lay = keras_layer(node["layer"])
        for i, args in enumerate(node["calls"]):
            ins = [tensors[a] for a in args]
            tensors[f"{node['name']}:{i}"] = lay(ins if len(ins) > 1 else ins[0])
    return keras.Model([tensors[n] for n in spec["inputs"]], [tensors[o] for o in spec["outputs"]])


def split_inputs(spec, x):
    if "layers" in spec:
        return x
    widths = [shape[0] for shape in spec["inputs"].values()]
    return list(np.split(x, np.cumsum(widths)[:-1], axis=1))


def record(rng, name, spec, data, comp, fit):
    x, y = data
    keras.utils.set_random_seed(int(rng.integers(1 << 30)))
    model = build(spec)
    initial = [w.tolist() for w in model.get_weights()]
    opt_name, opt_config = comp["optimizer"]
    optimizer = keras.optimizers.get({"class_name": opt_name, "config": opt_config})
    model.compile(optimizer=optimizer, loss=comp["loss"], metrics=comp["metrics"])
    history = model.fit(split_inputs(spec, x), y, shuffle=False, verbose=0, **fit)
    x_new = rng.normal(size=(5, x.shape[1])).astype("float32")
    if name.startswith("embedding"):
        x_new = rng.integers(0, 30, size=(5, x.shape[1])).astype("float32")
    predictions = np.asarray(model.predict(split_inputs(spec, x_new), verbose=0))
    return {
        "name": name,
        "model": spec,
        "x": x.tolist(),
        "y": y.tolist(),
        "compile": {"optimizer": {"name": opt_name, "config": opt_config}, "loss": comp["loss"], "metrics": comp["metrics"]},
        "fit": fit,
        "initial_weights": initial,
        "history": {k: [float(v) for v in vs] for k, vs in history.history.items()},
        "final_weights": [w.tolist() for w in model.get_weights()],
        "x_new": x_new.tolist(),
        "predictions": predictions.tolist(),
    }


def main():
    rng = np.random.default_rng(20261204)
    out = {
        "made_by": "tests/keras_goldens/make_training_goldens.py",
        "keras": keras.__version__,
        "backend": keras.backend.backend(),
        "jax": jax.__version__,
        "numpy": np.__version__,
        "cases": [record(rng, *case) for case in cases(rng)],
    }
    OUT.write_text(json.dumps(out) + "\n")
    print(f"wrote {len(out['cases'])} cases to {OUT}")


if __name__ == "__main__":
    main()
