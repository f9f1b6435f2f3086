"""Records what Keras 3's progress bar writes, for tests/progbar.test.ts to compare byte for byte.

Run with Keras installed (`pip install keras "jax[cpu]"`):

    python3 tests/progbar_fixtures/make_progbar_goldens.py

Each case scripts a clock: `keras.utils.Progbar` and `keras.callbacks.ProgbarLogger` read
`time.time()`, which is replaced by a function returning the time the case sets before each call,
and `sys.stdout` is replaced by a buffer, so the output depends on the script alone. Keras draws
on a terminal whenever `"posix" in sys.modules` (so on any Linux or macOS host, terminal or not);
the recorded bytes are its terminal output. Writes progbar_goldens.json beside this file with the
Keras and Python versions.
"""

import io
import json
import os
import sys

import keras
from keras.src.callbacks import progbar_logger
from keras.src.utils import progbar as progbar_module


class Clock:
    now = 0.0

    def time(self):
        return self.now


CLOCK = Clock()
progbar_module.time = CLOCK  # the module does `import time` and calls time.time()


def capture(run):
    saved = sys.stdout
    sys.stdout = buffer = io.StringIO()
    try:
        run()
    finally:
        sys.stdout = saved
    return buffer.getvalue()


def progbar_case(name, options, steps):
    """steps: [time, current, values, finalize] with values a list of [name, value]."""

    def run():
        CLOCK.now = 1000.0
        bar = keras.utils.Progbar(**options)
        for t, current, values, finalize in steps:
            CLOCK.now = 1000.0 + t
            bar.update(current, [tuple(v) for v in values], finalize=finalize)

    return {"name": name, "options": options, "steps": steps, "output": capture(run)}


def logger_case(name, params, events):
    """events: [time, hook, argument, logs]: the ProgbarLogger hooks fit/evaluate/predict call."""

    def run():
        logger = keras.callbacks.ProgbarLogger()
        logger.set_params(params)
        for t, hook, argument, logs in events:
            CLOCK.now = 1000.0 + t
            method = getattr(logger, hook)
            if argument is None:
                method(logs)
            else:
                method(argument, logs)

    return {"name": name, "params": params, "events": events, "output": capture(run)}


def main():
    logged = {"stateless_metrics": []}  # ProgbarLogger's setting: logs are shown as they come
    cases = [
        progbar_case(
            "a fit epoch: ETA while running, a shorter line padded, time per step at the end",
            {"target": 32, **logged},
            [
                [0.02, 1, [["loss", 12.5], ["mae", 3.25]], False],
                [0.03, 2, [["loss", 11.0], ["mae", 3.0]], False],  # within 0.05 s: not drawn
                [0.5, 10, [["loss", 8.25], ["mae", 2.5]], False],
                [1.9, 31, [["loss", 0.31234], ["mae", 0.0004]], False],
                [2.0, 32, [["loss", 0.3101], ["mae", 0.00035], ["val_loss", 0.35], ["val_mae", 0.5]], True],
            ],
        ),
        progbar_case(
            "hours and minutes of ETA, seconds per step",
            {"target": 1000, **logged},
            [
                [5.0, 1, [["loss", 1.0]], False],
                [300.0, 100, [["loss", 0.5]], False],
                [2990.0, 1000, [["loss", 0.25]], True],
            ],
        ),
        progbar_case(
            "averaged (stateless) values, Keras's default for a Progbar",
            {"target": 10, "width": 30},
            [
                [0.1, 2, [["loss", 4.0]], False],
                [0.2, 6, [["loss", 2.0]], False],
                [0.3, 10, [["loss", 1.0]], None],
            ],
        ),
        progbar_case(
            "stateful metrics are shown as they are",
            {"target": 4, "stateful_metrics": ["acc"]},
            [
                [0.1, 2, [["loss", 4.0], ["acc", 0.5]], False],
                [0.2, 4, [["loss", 2.0], ["acc", 0.75]], None],
            ],
        ),
        progbar_case(
            "an unknown target",
            {"target": None, **logged},
            [
                [0.1, 5, [["loss", 2.0]], False],
                [0.2, 12, [["loss", 1.5]], False],
                [0.25, 12, [["loss", 1.25]], True],
            ],
        ),
        progbar_case(
            "verbose 2: one line at the end; negative and tiny values as Keras formats them",
            {"target": 32, "verbose": 2, **logged},
            [
                [0.5, 16, [["loss", 1.0]], False],
                [1.234, 32, [["loss", -0.5], ["mae", 0.0001234], ["acc", 0.875]], True],
            ],
        ),
        progbar_case(
            "epochs as the unit, microseconds and seconds per unit",
            {"target": 500, "unit_name": "epoch", **logged},
            [
                [0.0004, 1, [], False],
                [0.2, 400, [], False],
                [1500.0, 500, [], True],
            ],
        ),
        logger_case(
            "fit, verbose 1: epoch lines, a bar per epoch, validation values at the end",
            {"verbose": 1, "epochs": 2, "steps": 4},
            [
                [0.0, "on_train_begin", None, {}],
                [0.0, "on_epoch_begin", 0, {}],
                [0.1, "on_train_batch_end", 0, {"loss": 3.0, "mae": 1.5}],
                [0.3, "on_train_batch_end", 2, {"loss": 2.5, "mae": 1.25}],
                [0.35, "on_test_begin", None, {}],
                [0.4, "on_test_end", None, {"loss": 2.0, "mae": 1.0}],
                [0.45, "on_epoch_end", 0, {"loss": 2.25, "mae": 1.125, "val_loss": 2.0, "val_mae": 1.0}],
                [0.5, "on_epoch_begin", 1, {}],
                [0.9, "on_train_batch_end", 3, {"loss": 1.5, "mae": 0.75}],
                [0.95, "on_epoch_end", 1, {"loss": 1.5, "mae": 0.75, "val_loss": 1.75, "val_mae": 0.875}],
                [1.0, "on_train_end", None, {}],
            ],
        ),
        logger_case(
            "fit, verbose 2: epoch lines and one line per epoch",
            {"verbose": 2, "epochs": 2, "steps": 4},
            [
                [0.0, "on_train_begin", None, {}],
                [0.0, "on_epoch_begin", 0, {}],
                [0.3, "on_train_batch_end", 3, {"loss": 2.5}],
                [0.45, "on_epoch_end", 0, {"loss": 2.25, "val_loss": 2.0}],
                [0.5, "on_epoch_begin", 1, {}],
                [2.95, "on_epoch_end", 1, {"loss": 1.5, "val_loss": 1.75}],
                [3.0, "on_train_end", None, {}],
            ],
        ),
        logger_case(
            "fit of one epoch: no epoch line",
            {"verbose": 1, "epochs": 1, "steps": 2},
            [
                [0.0, "on_train_begin", None, {}],
                [0.0, "on_epoch_begin", 0, {}],
                [0.2, "on_epoch_end", 0, {"loss": 0.5}],
            ],
        ),
        logger_case(
            "evaluate, verbose 1",
            {"verbose": 1, "epochs": 1, "steps": 3},
            [
                [0.0, "on_test_begin", None, {}],
                [0.06, "on_test_batch_end", 0, {"loss": 4.0, "mae": 2.0}],
                [0.09, "on_test_end", None, {"loss": 3.5, "mae": 1.75}],
            ],
        ),
        logger_case(
            "predict, verbose 1",
            {"verbose": 1, "epochs": 1, "steps": 4},
            [
                [0.0, "on_predict_begin", None, {}],
                [0.1, "on_predict_batch_end", 1, {"outputs": 0.0}],
                [0.2, "on_predict_end", None, {}],
            ],
        ),
    ]
    # ProgbarLogger's own methods call Progbar: patch the clock it sees too.
    assert progbar_logger.Progbar is progbar_module.Progbar
    out = {"keras": keras.__version__, "python": sys.version.split()[0], "cases": cases}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "progbar_goldens.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
