import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from jingqi.claims.engine import images
from jingqi.claims.engine.images import MAX_DISTANCE, cluster_files, orient, orient_blocks, window_blocks


def _object(seed: int) -> Image.Image:
    """A product as a shopper photographs it: a box with a band, a logo and a label."""
    r = np.random.default_rng(seed)
    layer = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    body, band, accent = (tuple(int(v) for v in r.integers(20, 235, 3)) for _ in range(3))
    d.rectangle([22, 14, 78, 92], fill=body)
    y0 = int(r.integers(36, 56))
    d.rectangle([18, y0, 82, y0 + 18], fill=band)
    for i in range(4):
        d.line([(26, y0 + 3 + 4 * i), (26 + int(r.integers(14, 48)), y0 + 3 + 4 * i)], fill=accent, width=2)
    d.ellipse([40, 20, 60, 40], fill=accent)
    d.rectangle([52, 76, 76, 88], fill=(245, 245, 240))
    return layer


def _photo(scene: int, obj: int | None = None, size=(220, 170)) -> Image.Image:
    """A photo: a surface with uneven light and sensor noise, and (optionally) object ``obj`` on it."""
    r = np.random.default_rng(scene)
    w, h = size
    c1, c2 = r.uniform(40, 220, 3), r.uniform(40, 220, 3)
    t = np.linspace(0, 1, w)[None, :, None] if r.random() < 0.5 else np.linspace(0, 1, h)[:, None, None]
    arr = np.broadcast_to(c1 + (c2 - c1) * t, (h, w, 3)).copy()
    img = Image.fromarray(arr.astype(np.uint8))
    d = ImageDraw.Draw(img)
    for _ in range(6):  # things lying around
        x0, y0 = int(r.integers(0, w - 30)), int(r.integers(0, h - 30))
        d.ellipse([x0, y0, x0 + int(r.integers(10, 60)), y0 + int(r.integers(10, 50))],
                  fill=tuple(int(v) for v in r.integers(0, 255, 3)))
    if obj is not None:
        size_px = int(r.integers(90, 130))
        layer = _object(obj).resize((size_px, size_px)).rotate(float(r.uniform(-15, 15)), expand=True)
        img.paste(layer, (int(r.integers(0, w - layer.width)), int(r.integers(0, h - layer.height))), layer)
    yy, xx = np.mgrid[0:h, 0:w]
    cx, cy = r.uniform(0, w), r.uniform(0, h)
    light = 1.1 - 0.3 * np.sqrt(((xx - cx) / w) ** 2 + ((yy - cy) / h) ** 2)
    out = np.asarray(img, np.float32) * light[..., None] + r.normal(0, 4, (h, w, 3))
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


def _screenshot(img: Image.Image, dark: bool) -> Image.Image:
    """The picture as a phone shows it in a chat: status bar, header, margins, input bar."""
    w = img.width + 16
    inner = img.resize((w - 16, img.height))
    out = Image.new("RGB", (w, inner.height + 90), (20, 20, 20) if dark else (237, 237, 237))
    d = ImageDraw.Draw(out)
    d.rectangle([0, 0, w, 14], fill=(0, 0, 0) if dark else (250, 250, 250))
    d.rectangle([0, 14, w, 34], fill=(40, 40, 40) if dark else (246, 246, 246))
    out.paste(inner, (8, 46))
    d.rectangle([0, out.height - 26, w, out.height], fill=(40, 40, 40) if dark else (246, 246, 246))
    return out


def _crop(img: Image.Image, share: float, ax: float, ay: float) -> Image.Image:
    w, h = img.size
    cw, ch = int(w * share), int(h * share)
    x0, y0 = int((w - cw) * ax), int((h - ch) * ay)
    return img.crop((x0, y0, x0 + cw, y0 + ch))


COPIES = {
    "original.png": lambda b: b,
    "reencoded.jpg": lambda b: b,
    "smaller.jpg": lambda b: b.resize((b.width * 2 // 3, b.height * 2 // 3)),
    "turned90.jpg": lambda b: b.transpose(Image.Transpose.ROTATE_90),
    "turned180.png": lambda b: b.transpose(Image.Transpose.ROTATE_180),
    "mirrored.jpg": lambda b: b.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
    "turned270_mirrored.jpg": lambda b: b.transpose(Image.Transpose.ROTATE_270).transpose(
        Image.Transpose.FLIP_TOP_BOTTOM),
    "screenshot_light.png": lambda b: _screenshot(b, dark=False),
    "screenshot_dark.jpg": lambda b: _screenshot(b, dark=True),
    "cropped75.jpg": lambda b: _crop(b, 0.75, 0.2, 0.7),
    "cropped85_turned.jpg": lambda b: _crop(b, 0.85, 0.9, 0.1).transpose(Image.Transpose.ROTATE_270),
    "brighter_tinted.jpg": lambda b: Image.fromarray(np.clip(
        np.asarray(b, np.float32) * 1.15 + np.array([12, -8, 5]), 0, 255).astype(np.uint8)),
}


@pytest.fixture
def folder(tmp_path):
    base = _photo(1, obj=77)
    for name, make in COPIES.items():
        img = make(base)
        if name.endswith(".jpg"):
            img.save(tmp_path / name, "JPEG", quality=35 if name == "reencoded.jpg" else 85)
        else:
            img.save(tmp_path / name)
    # Other people's photos of the same product (another counter, light, angle, framing).
    for k in range(4):
        _photo(100 + k, obj=77).save(tmp_path / f"same_product_{k}.jpg", "JPEG", quality=85)
    for k in range(12):
        _photo(200 + k, obj=300 + k if k % 2 else None).save(tmp_path / f"other_{k}.jpg", "JPEG", quality=85)
    (tmp_path / "broken.jpg").write_bytes(b"not a picture")
    return tmp_path


def test_turned_mirrored_framed_cropped_and_tinted_copies_are_one_picture(folder):
    names = list(COPIES) + [f"same_product_{k}.jpg" for k in range(4)] + [f"other_{k}.jpg" for k in range(12)]
    labels, hashed, missing = cluster_files(folder, names, max_distance=MAX_DISTANCE)
    assert hashed == len(names) and missing == 0
    copies = labels[: len(COPIES)]
    assert copies[0] >= 0 and (copies == copies[0]).all(), dict(zip(COPIES, copies.tolist(), strict=True))
    others = labels[len(COPIES):]
    assert not (others == copies[0]).any()


def test_other_photos_of_the_same_product_are_not_the_same_picture(folder):
    names = [f"same_product_{k}.jpg" for k in range(4)] + ["original.png"]
    labels, _, _ = cluster_files(folder, names, max_distance=MAX_DISTANCE)
    assert (labels == -1).all()


def test_missing_broken_and_escaping_files_are_counted_not_fatal(folder):
    labels, hashed, missing = cluster_files(folder, ["broken.jpg", "nope.jpg", "../etc/passwd"],
                                            max_distance=MAX_DISTANCE)
    assert hashed == 0 and missing == 3
    assert (labels == -1).all()


def test_a_screenshot_frame_is_trimmed_to_the_photo_inside(folder):
    photo = np.asarray(Image.open(folder / "original.png").convert("L"), np.float32)
    shot = np.asarray(Image.open(folder / "screenshot_light.png").convert("L"), np.float32)
    top, bottom, left, right = images.trim_box(shot)
    assert (bottom - top, right - left) == photo.shape
    assert images.trim_box(photo) == (0, photo.shape[0], 0, photo.shape[1])


def test_the_hash_of_a_turned_picture_is_the_turned_hash():
    thumb = np.asarray(_photo(5, obj=9).convert("L").resize((images.THUMB, images.THUMB)), np.float32)
    turned = orient_blocks(window_blocks(thumb)[0])
    for o in range(8):
        direct = window_blocks(np.ascontiguousarray(orient(thumb, o)))[0]
        assert np.allclose(direct, turned[o], atol=1e-2)


def test_the_same_pictures_always_give_the_same_clusters(folder):
    names = sorted(p.name for p in folder.iterdir())
    first, _, _ = cluster_files(folder, names, max_distance=MAX_DISTANCE)
    again, _, _ = cluster_files(folder, names, max_distance=MAX_DISTANCE)
    assert (first == again).all()


def test_copies_keep_their_colours_a_relit_or_tinted_picture_is_alike_but_no_copy(folder):
    """Only copies tie different people into a ring: a re-saved, scaled, turned, mirrored, framed or cut-down
    copy keeps its colours; a re-lit and tinted one (or another drawing of the same layout in other colours)
    matches the layout but is not a copy."""
    from jingqi.claims.engine.images import cluster_pictures

    names = list(COPIES) + [f"other_{k}.jpg" for k in range(4)]
    found = cluster_pictures(folder, names, max_distance=MAX_DISTANCE)
    by_name = dict(zip(names, zip(found.alike.tolist(), found.copies.tolist(), strict=True), strict=True))
    alike, copy = by_name["original.png"]
    assert alike >= 0 and copy >= 0
    for name in COPIES:
        if name == "brighter_tinted.jpg":
            assert by_name[name] == (alike, -1)
        else:
            assert by_name[name] == (alike, copy), name
    assert all(by_name[f"other_{k}.jpg"] == (-1, -1) for k in range(4))


def _slip(amount: str, when: str, payee: str) -> Image.Image:
    """A payment record of one app's template: its header, labels and colours are the same for everyone; only
    the figures written in it differ."""
    img = Image.new("RGB", (180, 240), (246, 246, 246))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, 180, 36], fill=(7, 193, 96))
    d.ellipse([72, 48, 108, 84], fill=(7, 193, 96))
    d.text((60, 96), amount, fill=(20, 20, 20))
    for row, value in enumerate((when, payee, "0000" + amount.replace(".", "") + "1207")):
        y = 130 + 28 * row
        d.rectangle([12, y, 60, y + 8], fill=(150, 150, 150))  # the label, the same on every slip
        d.text((80, y - 1), value, fill=(40, 40, 40))
    d.rectangle([12, 214, 168, 230], fill=(230, 230, 230))
    return img


def test_two_slips_of_one_template_are_not_the_same_picture_a_copy_of_one_slip_is(tmp_path):
    """Payment records of one template keep their layout and their colours: only the fine print tells two
    slips apart, so they are neither the same picture nor a copy of each other (two payments of one frequent
    buyer are not one picture sent twice either)."""
    from jingqi.claims.engine.images import cluster_pictures

    slips = {"a.png": _slip("-128.50", "2025-03-01 14:05", "LIU**"), "b.jpg": _slip("-96.00", "2025-04-17 09:41",
                                                                                     "CHEN**"),
             "c.jpg": _slip("-311.20", "2025-05-08 20:13", "WANG**")}
    for name, img in slips.items():
        img.save(tmp_path / name, **({"quality": 90} if name.endswith(".jpg") else {}))
    slips["a.png"].resize((150, 200)).save(tmp_path / "a_copy.jpg", quality=80)
    names = ["a.png", "b.jpg", "c.jpg", "a_copy.jpg"]
    found = cluster_pictures(tmp_path, names, max_distance=MAX_DISTANCE)
    alike, copies = found.alike.tolist(), found.copies.tolist()
    assert alike[0] >= 0 and alike[3] == alike[0] and alike[1] == alike[2] == -1  # the slip and its copy only
    assert copies[0] >= 0 and copies[3] == copies[0]
    assert copies[1] == copies[2] == -1


def _till_slip(lines: list[str]) -> Image.Image:
    """A shop's till slip photographed on a counter: white paper a little turned on grey, a few short lines of
    small print in the top half and blank paper below."""
    paper = Image.new("RGB", (240, 240), (238, 238, 236))
    d = ImageDraw.Draw(paper)
    for row, line in enumerate(lines):
        d.text((12, 10 + 22 * row), line, fill=(30, 30, 30), font=ImageFont.load_default(size=15))
    shot = Image.new("RGB", (280, 280), (110, 110, 110))
    shot.paste(paper.rotate(5, expand=True, fillcolor=(110, 110, 110)), (8, 8))
    return shot


def test_two_till_slips_of_one_shop_differ_where_they_are_printed_and_are_no_copies(tmp_path):
    """Two customers' slips of one till share the paper, the layout and most words; only an item, a total and a
    date differ, in small print over a few tiles of a mostly blank picture. Those differences are small against
    the whole picture but as large as the print itself: not the same picture. A re-saved, scaled copy of one
    is a copy."""
    from jingqi.claims.engine.images import cluster_pictures

    first = _till_slip(["SALES SLIP", "DUMPLINGS x1", "TOTAL 722", "2025-09-25", "THANK YOU", "TILL 03"])
    second = _till_slip(["SALES SLIP", "BREAD x1", "TOTAL 87", "2025-10-27", "THANK YOU", "TILL 03"])
    first.save(tmp_path / "first.png")
    second.save(tmp_path / "second.jpg", quality=90)
    first.resize((240, 240)).save(tmp_path / "first_again.jpg", quality=85)
    found = cluster_pictures(tmp_path, ["first.png", "second.jpg", "first_again.jpg"], max_distance=MAX_DISTANCE)
    alike, copies = found.alike.tolist(), found.copies.tolist()
    assert alike[0] >= 0 and alike[2] == alike[0] and alike[1] == -1  # the slip and its copy only
    assert copies[0] >= 0 and copies[2] == copies[0]
    assert copies[1] == -1
