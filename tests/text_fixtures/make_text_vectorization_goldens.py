"""Writes text_vectorization_goldens.json, the expected values of tests/text_vectorization.test.ts,
computed by Keras's own TextVectorization layer.

TextVectorization needs TensorFlow (as its lookup tables and string ops), so run with both:
    pip install keras tensorflow-cpu
    KERAS_BACKEND=tensorflow python3 make_text_vectorization_goldens.py
The Keras, TensorFlow and NumPy versions used are stored in the JSON.

kerasm's standardisation also turns HTML line breaks (`<br />`, as in the raw IMDB reviews) into a
space before Keras's own steps; Keras does not, so the texts given to the built-in standardisation
modes here are first passed through `without_html_breaks` (the texts stored in the JSON are the
raw ones, which kerasm receives). With `standardize=None` the raw texts go to Keras unchanged.
"""

import json
import re

import keras
import numpy as np
import tensorflow as tf

TEXTS = [
    "The cat sat on the mat.<br /><br />The MAT was red!",
    "A dog ate my homework; the dog's name: Rex.",
    "Don't   panic...\tthe cat\nand the dog are friends<br/>really",
    "zebra zebra café cafe ｆｕｌｌ 😀 the",
    "",
]
QUERIES = [
    "the cat and the unknown hippo",
    "THE MAT! the mat? <br />mat",
    "",
    "zebra 😀 ｆｕｌｌ dog dog dog cafe café",
]


def without_html_breaks(text):
    return re.sub(r"<br\s*/?>", " ", text, flags=re.IGNORECASE)


def case(name, options, adapt=True, texts=TEXTS, queries=QUERIES):
    keras_options = dict(options)
    layer = keras.layers.TextVectorization(**keras_options)
    strip = options.get("standardize", "lower_and_strip_punctuation") is not None
    feed = (lambda ts: [without_html_breaks(t) for t in ts]) if strip else (lambda ts: list(ts))
    if adapt:
        layer.adapt(feed(texts))
    output = np.asarray(layer(feed(queries)))
    return {
        "name": name,
        "options": {k: (list(v) if isinstance(v, tuple) else v) for k, v in options.items()},
        "adapt": adapt,
        "texts": texts,
        "queries": queries,
        "vocabulary": layer.get_vocabulary(),
        "vocabulary_without_special": layer.get_vocabulary(include_special_tokens=False),
        "shape": list(output.shape),
        "output": output.astype(np.float64).tolist(),
    }


def main():
    vocab = ["the", "cat", "dog", "mat"]
    cases = [
        case("int, defaults", {}),
        case("int, maxTokens 6, outputSequenceLength 4", {"max_tokens": 6, "output_sequence_length": 4}),
        case("int, outputSequenceLength 9", {"output_sequence_length": 9}),
        case("multi_hot, maxTokens 8", {"max_tokens": 8, "output_mode": "multi_hot"}),
        case("count", {"output_mode": "count"}),
        case("count, maxTokens 5, padToMaxTokens", {"max_tokens": 5, "output_mode": "count", "pad_to_max_tokens": True}),
        case("tf_idf", {"output_mode": "tf_idf"}),
        case("tf_idf, maxTokens 7", {"max_tokens": 7, "output_mode": "tf_idf"}),
        case("tf_idf, maxTokens 30, padToMaxTokens", {"max_tokens": 30, "output_mode": "tf_idf", "pad_to_max_tokens": True}),
        case("multi_hot, ngrams 2", {"output_mode": "multi_hot", "ngrams": 2}),
        case("int, ngrams (1, 3)", {"ngrams": (1, 3), "max_tokens": 40}),
        case("int, split character", {"split": "character", "max_tokens": 12}),
        case("int, standardize lower", {"standardize": "lower"}),
        case("int, standardize strip_punctuation", {"standardize": "strip_punctuation"}),
        case("int, standardize None", {"standardize": None, "max_tokens": 15}),
        case("int, split None", {"split": None}),
        case("int, given vocabulary", {"vocabulary": vocab}, adapt=False),
        case("int, given vocabulary with special tokens", {"vocabulary": ["", "[UNK]"] + vocab}, adapt=False),
        case("count, given vocabulary", {"vocabulary": vocab, "output_mode": "count"}, adapt=False),
        case(
            "tf_idf, given vocabulary and idf weights",
            {"vocabulary": vocab, "output_mode": "tf_idf", "idf_weights": [0.5, 1.25, 2.0, 3.0]},
            adapt=False,
        ),
        case(
            "tf_idf, given vocabulary with [UNK] and idf weights",
            {"vocabulary": ["[UNK]"] + vocab, "output_mode": "tf_idf", "idf_weights": [9.0, 0.5, 1.25, 2.0, 3.0]},
            adapt=False,
        ),
    ]
    goldens = {
        "keras_version": keras.__version__,
        "tensorflow_version": tf.__version__,
        "numpy_version": np.__version__,
        "cases": cases,
    }
    with open("text_vectorization_goldens.json", "w") as f:
        json.dump(goldens, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
