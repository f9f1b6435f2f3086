"""Writes the .npy/.npz fixtures that tests/io.test.ts reads.

Run from this folder with `python3 make_fixtures.py`; it needs only numpy and writes
`numpy_version.txt` so the version that made the files stays beside them. The values are small
and deterministic so the tests can restate them.
"""

import numpy as np

FIXTURES = {
    "f4_2x3.npy": np.arange(6, dtype="<f4").reshape(2, 3) / np.float32(4),
    "f8_4.npy": np.array([0.1, -2.5, 1e10, 3.0], dtype="<f8"),
    "i4_2x2.npy": np.array([[1, -2], [2147483647, -2147483648]], dtype="<i4"),
    "i8_4.npy": np.array([0, -1, 123456789, -2147483648], dtype="<i8"),
    "i8_overflow.npy": np.array([2**40], dtype="<i8"),
    "u1_5.npy": np.array([0, 1, 127, 128, 255], dtype="|u1"),
    "b1_4.npy": np.array([True, False, False, True], dtype="|b1"),
    "f8_scalar.npy": np.array(7.25, dtype="<f8"),
    "f4_big_endian.npy": np.array([1.5, -2.0, 3.25], dtype=">f4"),
    "f4_empty_0x3.npy": np.zeros((0, 3), dtype="<f4"),
    "f4_fortran.npy": np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)),
    "c8_unsupported.npy": np.array([1 + 2j], dtype="<c8"),
}


def main():
    for name, array in FIXTURES.items():
        np.save(name, array)
    # Header versions 2.0 and 3.0 are only chosen automatically for huge headers or non-latin-1
    # field names, so ask for them explicitly.
    v2 = np.arange(4, dtype="<i4")
    with open("i4_v2.npy", "wb") as f:
        np.lib.format.write_array(f, v2, version=(2, 0))
    with open("f4_v3.npy", "wb") as f:
        np.lib.format.write_array(f, np.array([0.5, 1.5], dtype="<f4"), version=(3, 0))
    np.savez("pair.npz", x=np.arange(6, dtype="<f4").reshape(3, 2), y=np.array([0, 1, 1], dtype="<i8"))
    np.savez_compressed(
        "pair_compressed.npz",
        x=np.arange(6, dtype="<f4").reshape(3, 2),
        y=np.array([0, 1, 1], dtype="<i8"),
    )
    with open("numpy_version.txt", "w") as f:
        f.write(np.__version__ + "\n")


if __name__ == "__main__":
    main()
