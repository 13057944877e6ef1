"""Decoding within a memory budget: cost from the header, reduce on decode, upright RGB."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from ecoeco.workers.storage import decode as decoding
from ecoeco.workers.storage.images import ImageTooLargeToDecode, IntakeLimits, process
from tests.fixtures.images import photos

MB = 1024 * 1024


def test_a_big_jpeg_is_scaled_down_while_it_is_decoded() -> None:
    data = photos.encode(Image.new("RGB", (3000, 2000), (200, 40, 40)), "JPEG", quality=70)
    full_cost = 3000 * 2000 * 4
    budget = full_cost * 3 // 4  # too small to decode it at full size
    derived = process(data, limits=IntakeLimits(max_decode_bytes=budget))
    assert (derived.width, derived.height) == (3000, 2000)
    assert max(Image.open(io.BytesIO(derived.normalized)).size) == 512

    opened = Image.open(io.BytesIO(data))
    opened.draft("RGB", decoding._draft_box(opened.size, 512))
    assert opened.size == (1500, 1000)
    assert decoding.decode_cost(opened, 512) <= budget


def test_an_image_over_the_budget_is_refused_with_the_limit_and_never_decoded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = photos.rgba_png(3000, 3000)

    def no_loading(*_args: object) -> None:
        raise AssertionError("the pixels were decoded")

    monkeypatch.setattr(Image.Image, "load", no_loading)
    with pytest.raises(ImageTooLargeToDecode) as refused:
        process(data, limits=IntakeLimits(max_decode_bytes=16 * MB))
    assert refused.value.status_code == 413
    assert "at most 16 MB" in refused.value.message
    assert "3000x3000" in refused.value.message


@pytest.mark.parametrize("mode", ["RGBA", "P", "LA", "L", "1", "RGB"])
def test_every_mode_becomes_upright_rgb_with_white_behind_transparency(mode: str) -> None:
    source = Image.new("RGBA", (2400, 1200), (0, 0, 0, 0))
    source.paste((10, 120, 10, 255), (0, 0, 1200, 1200))
    if mode == "P":
        converted = source.convert("RGB").quantize(4)
        converted.info["transparency"] = converted.getpixel((2000, 600))
    else:
        converted = source.convert(mode)
    data = photos.encode(converted, "PNG")
    derived = process(data)
    out = Image.open(io.BytesIO(derived.normalized))
    assert out.mode == "RGB"
    assert out.size == (512, 256)
    right = out.getpixel((450, 128))
    assert isinstance(right, tuple)
    if mode in ("RGBA", "P", "LA"):
        assert min(right) > 240, right  # transparent became white, not black
    assert (derived.width, derived.height) == (2400, 1200)


def test_strip_reduction_matches_reducing_the_whole_image() -> None:
    source = photos.skimage_photo("astronaut").resize((1900, 1700))
    rgba = source.convert("RGBA")
    strips = decoding._shrink(rgba, 3)
    whole = rgba.reduce(3).convert("RGB")
    assert strips.size == whole.size
    diff = [abs(a - b) for a, b in zip(strips.tobytes(), whole.tobytes(), strict=True)]
    assert max(diff) <= 1
