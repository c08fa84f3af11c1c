"""`load_images` through `strata run`: pixels as Pillow decodes them, a conv model fitted on
them, the run's sources naming every file, and the errors a user meets."""
import csv
import hashlib
import subprocess

import numpy as np
import pytest
from PIL import Image

from conftest import STRATA

HEIGHT, WIDTH = 10, 12  # not square, so a transposed image would show


def run_script(folder, source):
    script = folder / "script.strata"
    script.write_text(source)
    return subprocess.run([str(STRATA), "run", str(script)], capture_output=True, text=True, cwd=folder, timeout=120)


def printed(done):
    """What the script printed, without fit's progress lines."""
    return [line for line in done.stdout.splitlines() if not line.startswith("epoch ")]


def pattern(seed, channels):
    rng = np.random.default_rng(seed)
    shape = (HEIGHT, WIDTH, channels) if channels > 1 else (HEIGHT, WIDTH)
    return rng.integers(0, 256, shape, dtype=np.uint8)


def smooth(seed):
    """A smooth colour image, which JPEG keeps close."""
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
    return np.stack([x * 20 + seed * 7, y * 25, 255 - x * 10 - y * 5], axis=2).clip(0, 255).astype(np.uint8)


def write_pets(root):
    """pets/cat and pets/dog with PNGs of every colour type and JPEGs; returns the
    relative paths in the order load_images gives the rows (class, then path), the
    files' kinds, and a README that must be ignored."""
    (root / "cat").mkdir(parents=True)
    (root / "dog").mkdir()
    files = {
        "cat/a_rgb.png": ("png", Image.fromarray(pattern(1, 3), "RGB")),
        "cat/b_gray.png": ("png", Image.fromarray(pattern(2, 1), "L")),
        "cat/c_rgba.png": ("png", Image.fromarray(pattern(3, 4), "RGBA")),
        "cat/d_palette.png": ("png", Image.fromarray(pattern(4, 3), "RGB").convert("P", palette=Image.ADAPTIVE)),
        "dog/e_photo.jpg": ("jpeg", Image.fromarray(smooth(5), "RGB")),
        "dog/f_gray.jpeg": ("jpeg", Image.fromarray(smooth(6)[:, :, 0], "L")),
        "dog/g_rgb.png": ("png", Image.fromarray(pattern(7, 3), "RGB")),
    }
    for name, (kind, image) in files.items():
        if kind == "jpeg":
            image.save(root / name, quality=92)
        else:
            image.save(root / name)
    (root / "README.txt").write_text("not an image")
    (root / "cat" / "notes.csv").write_text("a,b\n")
    return sorted(files), {name: kind for name, (kind, _) in files.items()}


def read_rows(path):
    with open(path) as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def test_pixels_match_pillow_and_a_conv_model_trains_on_them(tmp_path):
    root = tmp_path / "pets"
    order, kinds = write_pets(root)
    done = run_script(tmp_path, f"""
ds = load_images("pets")
print(count(ds), classes(ds))
to_csv(ds, "pixels.csv")
model = sequential([conv2d(4, kernel: 3), relu(), flatten(), dense(2)])
r = fit(model, minmax(ds), epochs: 3, batch: 4, seed: 1, name: "pets")
for s in r.sources {{ print(s.path, s.sha256) }}
""")
    assert done.returncode == 0, done.stderr
    lines = printed(done)
    assert lines[0] == '7 ["cat", "dog"]'

    header, rows = read_rows(tmp_path / "pixels.csv")
    assert header[:3] == ["pixel0", "pixel1", "pixel2"] and header[-1] == "label"
    assert len(header) == 3 * HEIGHT * WIDTH + 1
    assert [row[-1] for row in rows] == ["cat"] * 4 + ["dog"] * 3
    for name, row in zip(order, rows):
        ours = np.array([float(v) for v in row[:-1]]).reshape(3, HEIGHT, WIDTH)
        # Pillow's view: RGB (gray repeated, alpha dropped, palette expanded), as [c, h, w].
        theirs = np.asarray(Image.open(root / name).convert("RGB"), dtype=np.float64).transpose(2, 0, 1)
        if kinds[name] == "png":
            assert np.array_equal(ours, theirs), name
        else:  # decoders may differ by their IDCT's rounding
            assert np.abs(ours - theirs).max() <= 2, name

    # The run names every image it was trained on, with the bytes' SHA-256.
    sources = dict(line.split(" ") for line in lines[1:])
    assert len(sources) == len(order)
    for name in order:
        path = str(root / name)
        assert sources[path] == hashlib.sha256((root / name).read_bytes()).hexdigest()


def test_grayscale_and_resize_match_pillow(tmp_path):
    root = tmp_path / "shapes"
    (root / "a").mkdir(parents=True)
    rgb = pattern(11, 3)
    Image.fromarray(rgb, "RGB").save(root / "a" / "colour.png")
    Image.fromarray(pattern(12, 1), "L").save(root / "a" / "gray.png")
    done = run_script(tmp_path, """
to_csv(load_images("shapes", grayscale: true), "gray.csv")
to_csv(load_images("shapes", size: [7, 5]), "small.csv")
to_csv(load_images("shapes", size: [15, 20], labels: nil), "large.csv")
""")
    assert done.returncode == 0, done.stderr
    _, gray = read_rows(tmp_path / "gray.csv")
    for name, row in zip(["colour.png", "gray.png"], gray):
        expected = np.asarray(Image.open(root / "a" / name).convert("L"), dtype=np.float64).ravel()
        assert np.array_equal(np.array([float(v) for v in row[:-1]]), expected), name
    for file, (h, w), has_label in [("small.csv", (7, 5), True), ("large.csv", (15, 20), False)]:
        header, rows = read_rows(tmp_path / file)
        assert len(header) == 3 * h * w + (1 if has_label else 0)
        for name, row in zip(["colour.png", "gray.png"], rows):
            values = row[:-1] if has_label else row
            ours = np.array([float(v) for v in values]).reshape(3, h, w)
            image = Image.open(root / "a" / name).convert("RGB").resize((w, h), Image.BILINEAR)
            theirs = np.asarray(image, dtype=np.float64).transpose(2, 0, 1)
            assert np.abs(ours - theirs).max() <= 1, (file, name)


def test_labels_from_a_csv_and_the_folder_version_a_run_used(tmp_path):
    root = tmp_path / "raw"
    root.mkdir()
    for index in range(6):
        Image.fromarray(pattern(20 + index, 1), "L").save(root / f"{index}.png")
    (tmp_path / "labels.csv").write_text("file,label\n" + "".join(
        f"{index}.png,{'odd' if index % 2 else 'even'}\n" for index in range(6)))
    done = run_script(tmp_path, """
v = track("raw")
ds = load_images("raw", labels: "labels.csv")
print(classes(ds), ds["label"])
r = fit(sequential([flatten(), dense(2)]), ds, epochs: 1, name: "raw")
print(len(r.sources), r.sources[1].tracked == v, r.sources[0].tracked)
""")
    assert done.returncode == 0, done.stderr
    lines = printed(done)
    assert lines[0] == '["even", "odd"] ["even", "odd", "even", "odd", "even", "odd"]'
    # The labels file and the six images; the images are in the tracked version.
    assert lines[1] == "7 true nil"


@pytest.mark.parametrize("source, words", [
    ('load_images("bad")', ["'", "bad/x/broken.png' is not a usable image", "pass skip_bad: true", "1:1"]),
    ('load_images("bad", size: [0, 4])', ["'size' must be [height, width]", "got [0, 4]", "1:26"]),
    ('load_images("bad", labels: 3)', ["'labels' must be \"folders\", the path of a file,label CSV, or nil"]),
    ('load_images("bad", labels: "none.csv")', ["cannot read", "none.csv"]),
    ('load_images("mixed")', ["'", "mixed/b.png' is 3x2 (height x width) but the first image", "pass size: [2, 2]"]),
    ('load_images("bad/x/good.png")', ["bad/x/good.png' is a file; load_images reads the images in a folder"]),
])
def test_errors_name_the_file_or_the_argument(tmp_path, source, words):
    (tmp_path / "bad" / "x").mkdir(parents=True)
    Image.fromarray(pattern(30, 1)).save(tmp_path / "bad" / "x" / "good.png")
    data = (tmp_path / "bad" / "x" / "good.png").read_bytes()
    (tmp_path / "bad" / "x" / "broken.png").write_bytes(data[: len(data) // 2])
    (tmp_path / "mixed").mkdir()
    Image.new("L", (2, 2)).save(tmp_path / "mixed" / "a.png")
    Image.new("L", (2, 3)).save(tmp_path / "mixed" / "b.png")
    done = run_script(tmp_path, source + "\n")
    assert done.returncode == 1
    for word in words:
        assert word in done.stderr, done.stderr


def test_skip_bad_counts_and_lists_the_files_it_left_out(tmp_path):
    root = tmp_path / "mixed"
    (root / "ok").mkdir(parents=True)
    for index in range(3):
        Image.fromarray(pattern(40 + index, 3), "RGB").save(root / "ok" / f"{index}.png")
    Image.fromarray(pattern(43, 3), "RGB").save(root / "ok" / "old.gif")
    Image.fromarray(pattern(44, 3), "RGB").save(root / "ok" / "bitmap.bmp")
    jpeg = root / "ok" / "cut.jpg"
    Image.fromarray(smooth(1), "RGB").save(jpeg)
    jpeg.write_bytes(jpeg.read_bytes()[:200])
    (root / "ok" / ".hidden.png").write_bytes(b"ignored")
    done = run_script(tmp_path, 'ds = load_images("mixed", skip_bad: true)\nprint(count(ds))\n')
    assert done.returncode == 0, done.stderr
    assert done.stdout == "3\n"
    assert "load_images: skipped 3 of 6 image files" in done.stderr
    assert "ok/bitmap.bmp: it is a BMP image; only PNG and JPEG are read" in done.stderr
    assert "ok/old.gif: it is a GIF image; only PNG and JPEG are read" in done.stderr
    assert "ok/cut.jpg: the JPEG does not decode" in done.stderr
    assert ".hidden" not in done.stderr
