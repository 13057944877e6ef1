"""The e5 embedder: a question on one engine thread, a batch on all of them, the same vectors."""

from __future__ import annotations

import numpy as np

from ecoeco.knowledge import E5Embedder


def test_a_question_is_embedded_on_one_thread_and_a_batch_on_all() -> None:
    embedder = E5Embedder()
    texts = ["스티로폼 컵라면", "where does a used battery go", "old clothes and shoes"]
    one_by_one = np.stack([embedder.embed([text])[0] for text in texts])
    lib = embedder._model._lib
    assert lib.omp_get_max_threads() == 1  # the calling thread's setting
    together = embedder.embed(texts)
    assert lib.omp_get_max_threads() == embedder._batch_threads
    # The thread count only splits the rows of each product: the same vectors, to the bit.
    assert np.array_equal(one_by_one, together)
