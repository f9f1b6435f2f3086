"""Writes the small data-set fixtures in this folder from the real files, so that the loader tests
run on a fresh clone that has no data folder.

Usage (from the repository root, with NumPy installed):

    python3 tests/data_fixtures/make_data_fixtures.py [DATA_DIR]

DATA_DIR defaults to $KERASM_DATA, else ../shared/data beside the clone (the folder described in
its README.md, with SHA256SUMS). Every fixture is a subset of a real file in that file's own
format, bytes copied as they are; nothing is synthesised:

- imdb/{train,test}.jsonl.gz: whole lines of the real JSON Lines files (the first 5 negative and
  the first 5 positive reviews of each file, plus the first review with a non-ASCII character
  of each label), in the real files' order (negatives, then positives).
- reuters21578/reut2-000.sgm.gz ... reut2-021.sgm.gz: the DOCTYPE line and whole <REUTERS>
  elements, byte for byte (Latin-1), chosen per file: the first two documents with a topic and
  the first without one; plus the first TYPE="BRIEF" and the first TYPE="UNPROC" documents with a
  topic, and the reut2-017 document holding the raw 0xFC byte.
- fashion-mnist/*-ubyte.gz: the IDX headers with the count changed, then the first 16 training
  and 8 test images and labels.
- boston_housing.npz: the first 12 rows of boston_housing.csv in the layout of Keras's
  boston_housing.npz (arrays `x` float64 (n, 13) and `y` float64 (n,), read by
  keras/src/datasets/boston_housing.py with allow_pickle=False), in np.savez's zip layout.
- expected.json: what the loaders must make of these files, computed here independently of
  kerasm: the NumPy RandomState(113) shuffles Keras's loaders apply (imdb: train then test from
  one generator; reuters: one permutation of the labelled newswires), and each labelled
  newswire's NEWID and first topic as Python's `re` reads them.

Gzip members are written with mtime 0, so a rerun on the same data gives the same bytes.
"""

import gzip
import io
import json
import os
import re
import sys
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def data_dir():
    if len(sys.argv) > 1:
        return sys.argv[1]
    if os.environ.get("KERASM_DATA"):
        return os.environ["KERASM_DATA"]
    return os.path.join(HERE, "..", "..", "..", "shared", "data")


def write(relative, data):
    path = os.path.join(HERE, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


def imdb(root, expected):
    for split in ("train", "test"):
        lines = gzip.decompress(open(os.path.join(root, "imdb", f"{split}.jsonl.gz"), "rb").read()).split(b"\n")
        lines = [line for line in lines if line]
        chosen = []
        for label in (0, 1):
            of_label = [i for i, line in enumerate(lines) if json.loads(line)["label"] == label]
            picks = of_label[:5]
            non_ascii = next(i for i in of_label if not json.loads(lines[i])["text"].isascii())
            if non_ascii not in picks:
                picks.append(non_ascii)
            chosen += picks
        records = [json.loads(lines[i]) for i in chosen]
        assert any("<br />" in r["text"] for r in records), "want a review with <br /> tags"
        write(f"imdb/{split}.jsonl.gz", gz(b"\n".join(lines[i] for i in chosen) + b"\n"))
        expected["imdb"][split] = {"count": len(chosen), "ids": [r["id"] for r in records]}
    # keras/src/datasets/imdb.py: one RandomState(seed) shuffles the training indices, then the test ones.
    rng = np.random.RandomState(113)
    for split in ("train", "test"):
        indices = np.arange(expected["imdb"][split]["count"])
        rng.shuffle(indices)
        expected["imdb"][split]["order"] = indices.tolist()


DOCUMENT = re.compile(rb"<REUTERS\b[^>]*>.*?</REUTERS>", re.S)


def topics_of(doc):
    block = re.search(rb"<TOPICS>(.*?)</TOPICS>", doc, re.S)
    return [t.decode("latin-1") for t in re.findall(rb"<D>(.*?)</D>", block.group(1), re.S)] if block else []


def reuters(root, expected):
    labelled = []
    brief_taken = unproc_taken = False
    for n in range(22):
        name = f"reut2-{n:03d}.sgm.gz"
        sgml = gzip.decompress(open(os.path.join(root, "reuters21578", name), "rb").read())
        doctype = sgml[: sgml.index(b"\n") + 1]
        docs = DOCUMENT.findall(sgml)
        picks = [d for d in docs if topics_of(d)][:2] + [next(d for d in docs if not topics_of(d))]
        if not brief_taken:
            brief = next((d for d in docs if b'TYPE="BRIEF"' in d and topics_of(d)), None)
            if brief is not None:
                picks.append(brief)
                brief_taken = True
        if not unproc_taken:
            unproc = next((d for d in docs if b'TYPE="UNPROC"' in d and topics_of(d)), None)
            if unproc is not None:
                picks.append(unproc)
                unproc_taken = True
        picks += [d for d in docs if b"\xfc" in d]
        kept = [d for d in docs if any(d is p for p in picks)]  # file order, each once
        write(f"reuters21578/{name}", gz(doctype + b"\n".join(kept) + b"\n"))
        for d in kept:
            if topics_of(d):
                new_id = int(re.search(rb'NEWID="(\d+)"', d).group(1))
                labelled.append({"newId": new_id, "topic": topics_of(d)[0], "topics": len(topics_of(d))})
    assert brief_taken and unproc_taken
    assert any(d["topics"] > 1 for d in labelled), "want a newswire with several topics"
    labelled.sort(key=lambda d: d["newId"])
    # keras/src/datasets/reuters.py shuffles the newswires with RandomState(seed) before the cut.
    indices = np.arange(len(labelled))
    np.random.RandomState(113).shuffle(indices)
    expected["reuters"] = {"newswires": [{"newId": d["newId"], "topic": d["topic"]} for d in labelled], "order": indices.tolist()}


def fashion_mnist(root, expected):
    for prefix, count in (("train", 16), ("t10k", 8)):
        for kind, header_words in (("images-idx3", 4), ("labels-idx1", 2)):
            name = f"{prefix}-{kind}-ubyte.gz"
            raw = gzip.decompress(open(os.path.join(root, "fashion-mnist", name), "rb").read())
            header = bytearray(raw[: 4 * header_words])
            header[4:8] = count.to_bytes(4, "big")
            record = 784 if kind.startswith("images") else 1
            write(f"fashion-mnist/{name}", gz(bytes(header) + raw[4 * header_words : 4 * header_words + count * record]))
        expected["fashionMnist"][prefix] = count


def boston(root, expected):
    rows = np.loadtxt(os.path.join(root, "boston_housing.csv"), delimiter=",", skiprows=1, max_rows=12, dtype=np.float64)
    # np.savez's layout (one stored x.npy, y.npy per array), with a fixed zip timestamp so that
    # reruns give the same bytes (np.savez stamps the current time).
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        for key, array in (("x", rows[:, :13]), ("y", rows[:, 13])):
            npy = io.BytesIO()
            np.lib.format.write_array(npy, np.ascontiguousarray(array), allow_pickle=False)
            z.writestr(zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0)), npy.getvalue())
    write("boston_housing.npz", archive.getvalue())
    with np.load(os.path.join(HERE, "boston_housing.npz"), allow_pickle=False) as f:  # as Keras reads it
        assert f["x"].shape == (len(rows), 13) and f["y"].dtype == np.float64
    expected["bostonHousing"] = {"rows": len(rows)}


def main():
    root = data_dir()
    expected = {"imdb": {}, "fashionMnist": {}, "generatedWith": {"numpy": np.__version__, "python": sys.version.split()[0]}}
    imdb(root, expected)
    reuters(root, expected)
    fashion_mnist(root, expected)
    boston(root, expected)
    # One line per data set keeps the file short and its diffs readable.
    lines = ",\n".join(f" {json.dumps(key)}: {json.dumps(value)}" for key, value in expected.items())
    write("expected.json", ("{\n" + lines + "\n}\n").encode())


if __name__ == "__main__":
    main()
