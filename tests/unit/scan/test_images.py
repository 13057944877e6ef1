"""Image intake on hostile and ordinary files, without any server."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from ecoeco.workers.storage import images
from ecoeco.workers.storage.images import IntakeLimits, process
from tests.fixtures.images import photos


def test_ordinary_formats_become_small_rgb_jpegs() -> None:
    for name in ("coffee.jpg", "coffee.webp", "coffee_alpha.png"):
        derived = process(photos.committed(name))
        normalized = Image.open(io.BytesIO(derived.normalized))
        thumb = Image.open(io.BytesIO(derived.thumbnail))
        assert normalized.format == "JPEG", name
        assert normalized.mode == "RGB", name
        assert max(normalized.size) <= 512
        assert max(thumb.size) <= 160
        assert derived.format == name.rsplit(".", 1)[1].replace("jpg", "jpeg")


def test_exif_orientation_is_applied_and_every_tag_dropped() -> None:
    data = photos.committed("coffee_gps_rotated.jpg")
    source = Image.open(io.BytesIO(data))
    assert source.getexif().get_ifd(photos.GPS_IFD), "the fixture must carry GPS"
    width, height = source.size
    derived = process(data)
    assert (derived.width, derived.height) == (height, width)  # orientation 6 turns it
    for blob in (derived.normalized, derived.thumbnail):
        stored = Image.open(io.BytesIO(blob))
        assert not stored.getexif()
        assert "exif" not in stored.info
        assert "icc_profile" not in stored.info
        assert "comment" not in stored.info
        assert b"Exif" not in blob
        assert b"EcoPhone" not in blob
        assert b"secret spot" not in blob


@pytest.mark.parametrize(
    ("make", "declared", "error"),
    [
        (lambda: b"", None, images.ImageEmpty),
        (lambda: photos.noise(20 * 1024 * 1024), None, images.ImageTooLarge),
        (lambda: photos.noise(4096), None, images.ImageUnsupported),
        (lambda: b"GIF89a" + photos.noise(100), "image/gif", images.ImageUnsupported),
        (photos.png_bomb, "image/png", images.ImageTooManyPixels),
        (lambda: photos.truncated(photos.committed("coffee.jpg")), None, images.ImageCorrupt),
        (lambda: photos.truncated(photos.committed("coffee.webp")), None, images.ImageCorrupt),
        (lambda: photos.committed("coffee.jpg"), "image/png", images.ImageTypeMismatch),
        (
            lambda: photos.zip_polyglot(photos.committed("coffee.jpg")),
            "image/jpeg",
            images.ImagePolyglot,
        ),
        (
            lambda: photos.script_polyglot(photos.committed("coffee.jpg")),
            None,
            images.ImagePolyglot,
        ),
    ],
)
def test_hostile_files_are_refused_with_their_code(
    make: object, declared: str | None, error: type[images.ImageRejected]
) -> None:
    data = make()  # type: ignore[operator]
    with pytest.raises(error) as caught:
        process(data, declared)
    assert 400 <= caught.value.status_code < 500
    assert caught.value.code.startswith("image_")


def test_the_bomb_is_refused_from_its_header_without_decoding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bomb = photos.png_bomb()
    assert len(bomb) < 2_000_000

    def no_decoding(*_args: object) -> None:
        raise AssertionError("the bomb was decoded")

    monkeypatch.setattr(images, "decode", no_decoding)
    with pytest.raises(images.ImageTooManyPixels):
        process(bomb, limits=IntakeLimits(max_bytes=len(bomb) + 1))


def test_corrupt_pixel_data_with_intact_structure_is_corrupt() -> None:
    data = bytearray(photos.committed("coffee_alpha.png"))
    start = data.index(b"IDAT") + 40
    data[start : start + 200] = bytes(200)
    with pytest.raises(images.ImageCorrupt):
        process(bytes(data))


def test_trailing_padding_and_plain_trailers_are_tolerated() -> None:
    data = photos.committed("coffee.jpg")
    assert process(data + b"\x00" * 64).format == "jpeg"
    assert process(data + b"MotionPhoto_Data" + bytes(32)).format == "jpeg"


def test_pillows_own_bomb_guard_is_reported_as_too_many_pixels() -> None:
    bomb = photos.png_bomb(8000)  # 64 MP: above Pillow's limit even if ours were raised
    with pytest.raises(images.ImageTooManyPixels):
        process(bomb, limits=IntakeLimits(max_pixels=10**9))


def test_an_executable_appended_to_a_png_is_a_polyglot() -> None:
    data = photos.committed("coffee_alpha.png") + b"MZ\x90\x00" + bytes(60)
    with pytest.raises(images.ImagePolyglot):
        process(data)
