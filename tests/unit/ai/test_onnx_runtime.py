"""Preprocessing, probabilities and ranking shared by the ONNX adapters."""

from __future__ import annotations

import numpy as np
import pytest

from ecoeco.workers.ai.adapters.onnx_runtime import InputSpec, as_probabilities, preprocess, rank

SPEC = InputSpec("nchw", 4, 4, False, (127.0,) * 3, (128.0,) * 3, 0.5, False)


def test_preprocess_crops_the_centre_then_normalizes() -> None:
    image = np.zeros((40, 80, 3), np.uint8)
    image[5:35, 25:55] = (255, 127, 0)  # the centre crop is rows 10-30, columns 30-50
    out = preprocess(image, SPEC)
    assert out.shape == (3, 4, 4)
    assert out.dtype == np.float32
    expected = np.array([1.0, 0.0, -127 / 128])[:, None, None]
    np.testing.assert_allclose(out[:, 1:3, 1:3], np.broadcast_to(expected, (3, 2, 2)), atol=0.02)
    whole = preprocess(image, InputSpec("nchw", 4, 4, False, (127.0,) * 3, (128.0,) * 3, 1, False))
    assert whole[0, 0, 0] < 0.0  # without the crop, the black border shows


def test_preprocess_nhwc_uint8_keeps_pixels() -> None:
    spec = InputSpec("nhwc", 2, 6, True, (0.0,) * 3, (1.0,) * 3, 1.0, False)
    out = preprocess(np.full((30, 90, 3), 200, np.uint8), spec)
    assert out.shape == (2, 6, 3)
    assert out.dtype == np.uint8
    assert (out == 200).all()


@pytest.mark.parametrize(
    "bad", [np.zeros((4, 4), np.uint8), np.zeros((4, 4, 4), np.uint8), np.zeros((4, 4, 3))]
)
def test_preprocess_refuses_what_is_not_rgb_uint8(bad: np.ndarray) -> None:
    with pytest.raises(ValueError, match="H x W x 3 uint8"):
        preprocess(bad, SPEC)


def test_logits_go_through_softmax_and_distributions_stay() -> None:
    logits = np.array([[2.0, 1.0, 0.0], [0.0, 0.0, 0.0]], np.float32)
    probs = as_probabilities(logits)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-6)
    assert probs[0].argmax() == 0
    np.testing.assert_allclose(probs[1], 1 / 3, rtol=1e-6)
    dist = np.array([[0.7, 0.2, 0.1]], np.float32)
    assert as_probabilities(dist) is dist


def test_rank_drops_meaningless_labels_and_merges_same_targets() -> None:
    probs = np.array([0.05, 0.4, 0.3, 0.2, 0.05], np.float32)
    labels = ["a", "cat", "water bottle", "pop bottle", "can"]
    targets = {2: ("clear_pet", "pet_bottle"), 3: ("clear_pet", "pet_bottle"), 4: ("metal", None)}
    candidates, raw = rank(probs, labels, targets.get, top_k=4)
    assert [label for label, _ in raw] == ["cat", "water bottle", "pop bottle", "a"]
    assert len(candidates) == 1  # "can" is outside the top 4; "cat" has no waste meaning
    (best,) = candidates
    assert (best.category, best.item_id, best.label) == ("clear_pet", "pet_bottle", "water bottle")
    assert best.score == pytest.approx(0.5)


def test_a_candidate_is_ambiguous_only_when_every_label_behind_it_is() -> None:
    probs = np.array([0.5, 0.3, 0.2], np.float32)
    labels = ["cup", "coffee mug", "pop bottle"]
    targets = {0: ("paper_pack", "paper_cup"), 1: ("non_combustible", "ceramics"), 2: ("x", "y")}
    candidates, _ = rank(probs, labels, targets.get, top_k=3, ambiguous={0, 2})
    assert [(c.label, c.ambiguous) for c in candidates] == [
        ("cup", True), ("coffee mug", False), ("pop bottle", True),
    ]  # fmt: skip
    targets = {0: ("paper_pack", "paper_cup"), 1: ("paper_pack", "paper_cup")}
    (merged,) = rank(probs, labels, targets.get, top_k=2, ambiguous={0})[0]
    assert not merged.ambiguous  # "coffee mug" settles it


def test_an_ambiguous_candidate_carries_the_choices_of_its_labels() -> None:
    probs = np.array([0.5, 0.3, 0.2], np.float32)
    labels = ["cup", "soup bowl", "coffee mug"]
    targets = {0: ("paper_pack", "paper_cup"), 1: ("paper_pack", "paper_cup"), 2: ("x", "y")}
    choices = {0: ("ceramics", "paper_cup"), 1: ("leftover_food", "ceramics"), 2: ("z",)}
    candidates, _ = rank(probs, labels, targets.get, 3, ambiguous={0, 1}, choices=choices)
    assert [(c.label, c.ambiguous, c.choices) for c in candidates] == [
        ("cup", True, ("ceramics", "paper_cup", "leftover_food")),
        ("coffee mug", False, ()),  # a settled label offers nothing to pick
    ]
    targets[2] = targets[0]
    (merged,) = rank(probs, labels, targets.get, 3, ambiguous={0, 1}, choices=choices)[0]
    assert (merged.ambiguous, merged.choices) == (False, ())
