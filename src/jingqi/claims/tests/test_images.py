import numpy as np
import pytest

from jingqi.claims.engine.generator import _image
from jingqi.claims.engine.images import cluster_files, hashes_of


@pytest.fixture
def pictures(tmp_path):
    base = _image(7, size=(240, 180))
    base.save(tmp_path / "original.png")
    base.save(tmp_path / "reencoded.jpg", "JPEG", quality=35)
    base.resize((120, 90)).save(tmp_path / "smaller.jpg", "JPEG", quality=80)
    base.resize((400, 300)).save(tmp_path / "larger.png")
    w, h = base.size
    base.crop((int(w * 0.03), int(h * 0.03), w, h)).save(tmp_path / "cropped.jpg", "JPEG", quality=85)
    for s in range(20):
        _image(1000 + s, size=(240, 180)).save(tmp_path / f"other{s}.jpg", "JPEG")
    (tmp_path / "broken.jpg").write_bytes(b"not a picture")
    return tmp_path


def test_reencoded_resized_and_cropped_copies_are_the_same_picture(pictures):
    names = ["original.png", "reencoded.jpg", "smaller.jpg", "larger.png", "cropped.jpg"] + [
        f"other{s}.jpg" for s in range(20)]
    labels, hashed, missing = cluster_files(pictures, names, max_distance=12)
    assert hashed == 25 and missing == 0
    assert len(set(labels[:5].tolist())) == 1 and labels[0] >= 0
    assert (labels[5:] == -1).all()


def test_missing_broken_and_escaping_files_are_counted_not_fatal(pictures):
    labels, hashed, missing = cluster_files(pictures, ["broken.jpg", "nope.jpg", "../etc/passwd"], max_distance=12)
    assert hashed == 0 and missing == 3
    assert (labels == -1).all()


def test_hashes_are_64_bit(pictures):
    p, d = hashes_of(pictures / "original.png")
    assert 0 <= p < 2**64 and 0 <= d < 2**64
    assert np.array([p, d], dtype=np.uint64).dtype == np.uint64
