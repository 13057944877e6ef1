"""The e5 embedder: a question on one engine thread, a batch on all of them, the same vectors."""

from __future__ import annotations

import numpy as np

from ecoeco.knowledge import E5Embedder

TEXTS = ["스티로폼 컵라면", "where does a used battery go", "old clothes and shoes"]


def test_a_question_is_embedded_on_one_thread_and_a_batch_on_all() -> None:
    embedder = E5Embedder()
    one_by_one = np.stack([embedder.embed([text])[0] for text in TEXTS])
    engine = embedder._take(question=False)
    embedder._give(engine)
    assert engine._lib.omp_get_max_threads() == 1  # the calling thread's setting
    together = embedder.embed(TEXTS)
    assert engine._lib.omp_get_max_threads() == embedder._batch_threads > 0
    # The thread count only splits the rows of each product: the same vectors, to the bit.
    assert np.array_equal(one_by_one, together)


def test_a_question_does_not_wait_for_an_engine_busy_with_another() -> None:
    embedder = E5Embedder(engines=2)
    alone = embedder.embed(TEXTS[:1])
    busy = embedder._take(question=True)  # another question is being embedded
    try:
        beside = embedder.embed(TEXTS[:1])  # would block here if it waited for that engine
    finally:
        embedder._give(busy)
    assert embedder._made == 2
    assert np.array_equal(alone, beside)
    busy, other = embedder._take(question=True), embedder._take(question=True)
    embedder._give(busy)
    embedder._give(other)
    assert embedder._made == 2  # no third: questions then wait for one of the two
