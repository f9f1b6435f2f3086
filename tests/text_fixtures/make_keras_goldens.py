"""Writes keras_goldens.json, the expected values of tests/text.test.ts, computed by Keras itself.

Run with Keras 3 installed (the numpy backend is enough, no TensorFlow needed):
    KERAS_BACKEND=numpy python3 make_keras_goldens.py
The Keras and NumPy versions used are stored in the JSON. TextVectorization's standardisation needs
TensorFlow, so `standardize` is computed here by applying Keras's own regex (copied from
keras/src/layers/preprocessing/text_vectorization.py, `lower_and_strip_punctuation`) with
Python's `re` after `str.lower()`, on texts without HTML tags.
"""

import json
import re

import keras
import numpy as np
from keras.src.legacy.preprocessing.text import Tokenizer, text_to_word_sequence
from keras.utils import pad_sequences

KERAS_STRIP_REGEX = r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']'

FIT_TEXTS = [
    "The cat sat on the mat.",
    "The dog ate my homework!",
    "Dogs and cats: living together?\tThe END.",
    "It's the cat's mat, isn't it... the MAT",
]
ENCODE_TEXTS = ["the cat ate the unknown homework", "zebra", "", "mat mat mat dog"]
SEQUENCES = [[1, 2, 2, 5], [], [3, 9, 40], [7]]


def tokenizer_case(**options):
    t = Tokenizer(**options)
    t.fit_on_texts(FIT_TEXTS)
    seqs = t.texts_to_sequences(ENCODE_TEXTS)
    return {
        "options": options,
        "word_index": t.word_index,
        "document_count": t.document_count,
        "sequences": seqs,
        "texts": t.sequences_to_texts(seqs),
        "matrices": {mode: t.sequences_to_matrix(SEQUENCES, mode=mode).tolist() for mode in ["binary", "count", "tfidf", "freq"]},
    }


def pad_case(sequences, **options):
    return {"sequences": sequences, "options": options, "result": pad_sequences(sequences, **options).tolist()}


def main():
    ragged = [[1], [2, 3], [4, 5, 6], []]
    goldens = {
        "keras_version": keras.__version__,
        "numpy_version": np.__version__,
        "fit_texts": FIT_TEXTS,
        "encode_texts": ENCODE_TEXTS,
        "sequences_for_matrix": SEQUENCES,
        "tokenizer": [
            tokenizer_case(),
            tokenizer_case(num_words=6),
            tokenizer_case(num_words=6, oov_token="<OOV>"),
            tokenizer_case(lower=False, filters=".!?"),
        ],
        "text_to_word_sequence": [
            {"text": t, "words": text_to_word_sequence(t)} for t in FIT_TEXTS + ["  spaced\n\nout  ", "a-b_c"]
        ],
        "pad_sequences": [
            pad_case(ragged),
            pad_case(ragged, maxlen=2),
            pad_case(ragged, maxlen=2, padding="post", truncating="post"),
            pad_case(ragged, maxlen=5, padding="post", value=-1),
        ],
        "standardize": [
            {"text": t, "standardized": re.sub(KERAS_STRIP_REGEX, "", t.lower())}
            for t in FIT_TEXTS + ["Don't (really) #1 e-mail: A.B.C. 50% [ok] {x} ~y|z^w` <tag> \\ \"q\""]
        ],
    }
    with open("keras_goldens.json", "w") as f:
        json.dump(goldens, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
