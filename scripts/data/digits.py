"""One-off converter: scikit-learn's copy of the UCI 8x8 handwritten digits -> notebooks/data/digits.json.

Run once from the repository root with `.venv/bin/python scripts/data/digits.py`; the notebooks read the
committed JSON, so nothing is downloaded when they run. Pixels (integers 0..16) are stored as one base64 string
of uint8 bytes, row-major, 64 per image; labels as a string of digits, one character per image.
"""

import base64
import json
from pathlib import Path

import numpy as np
import sklearn
from sklearn.datasets import load_digits

OUT = Path(__file__).resolve().parents[2] / "notebooks" / "data" / "digits.json"


def main() -> None:
    digits = load_digits()
    pixels = digits.data.astype(np.uint8)
    # The cast is only safe because every value is a small integer; refuse anything else.
    if not np.array_equal(pixels, digits.data) or pixels.max() > 16:
        raise ValueError("expected integer pixels in 0..16")
    count, size = pixels.shape
    record = {
        "name": "UCI ML hand-written digits (optical recognition), test set, as shipped by scikit-learn",
        "source": "https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits",
        "license": "CC BY 4.0",
        "creators": "E. Alpaydin, C. Kaynak",
        "converted_with": f"scikit-learn {sklearn.__version__} load_digits(), scripts/data/digits.py",
        "count": int(count),
        "height": 8,
        "width": 8,
        "max_value": 16,
        "pixels_base64_uint8": base64.b64encode(pixels.tobytes()).decode("ascii"),
        "labels": "".join(str(int(label)) for label in digits.target),
    }
    OUT.write_text(json.dumps(record, indent=2) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {count} images of {size} pixels)")


if __name__ == "__main__":
    main()
