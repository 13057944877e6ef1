"""Item search latency: p50/p99 per query over a realistic query mix, as ratios to a baseline.

In one run, over the same queries (both evaluation sets: everyday items typed with
spacing, typos, particles, questions and English, plus a share of queries that match
nothing and so reach the semantic fallback), it times:

- baseline: a plain dict lookup of the normalised query among every item name
  (what an exact-match-only search costs);
- lexical: `ItemSearch.search` without an embedder (exact, synonym, jamo fuzzy);
- semantic: the same over the shared `SemanticIndex` (the steady state: recent query
  vectors come from the LRU), and the first sight of each query (embedded afresh);
- http: `GET /api/v1/info/items` through the ASGI app (routing, validation, JSON), with
  the semantic stage on;

then prints p50/p99 in milliseconds and each as a ratio to the baseline. It also
reports the index start-up: cold (no vector cache: every text embedded) and warm
(vectors read from the on-disk cache of this data version, model loaded).

    .venv/bin/python bench/info/search_latency.py [--rounds 5] [--no-semantic] [--no-http]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import httpx
import yaml

from ecoeco.knowledge import (
    CachedEmbedder,
    E5Embedder,
    ItemSearch,
    KnowledgeBase,
    SemanticIndex,
    cache_file,
    load_knowledge,
)
from ecoeco.knowledge.text import key

ROOT = Path(__file__).resolve().parents[2]
EVAL_FILES = (
    ROOT / "tests" / "e2e" / "info" / "eval_heldout.yaml",
    ROOT / "tests" / "unit" / "knowledge" / "eval_items.yaml",
    ROOT / "tests" / "eval" / "items.yaml",
)
# Things people type that name no item: they go through every stage, semantic included.
UNMATCHED = (
    "ㅁㄴㅇㄹ",
    "asdf qwer",
    "우리집 강아지 이름",
    "내일 날씨",
    "쓰레기 수거 요일",
    "분리수거 안하면 벌금",
    "what day is collection",
    "이거 뭐에요",
    "택배 언제와요",
    "환경부 가이드라인",
)


def queries() -> list[str]:
    """Every evaluation query, then the unmatched ones (about 1 in 25)."""
    out: list[str] = []
    for path in EVAL_FILES:
        if path.exists():
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if "queries" in data:
                out.extend(str(c["q"]) for c in data["queries"])
            for entries in data.get("kinds", {}).values():
                out.extend(str(c["q"]) for c in entries)
    return list(dict.fromkeys(out)) + list(UNMATCHED)


def start_up(kb: KnowledgeBase, directory: Path) -> tuple[SemanticIndex, float, float]:
    """The index built cold (empty cache directory), then warm (a new process's view)."""
    cold = SemanticIndex(kb, CachedEmbedder(E5Embedder(), cache_file(directory, kb.version)))
    started = time.perf_counter()
    cold.build()
    cold_seconds = time.perf_counter() - started
    warm = SemanticIndex(kb, CachedEmbedder(E5Embedder(), cache_file(directory, kb.version)))
    started = time.perf_counter()
    warm.build()
    return warm, cold_seconds, time.perf_counter() - started


def percentiles(samples: Sequence[float]) -> tuple[float, float]:
    """p50 and p99 in milliseconds."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p99 * 1000


def timed(run: Callable[[str], object], mix: Sequence[str], rounds: int) -> list[float]:
    """Seconds per call, every query `rounds` times (after one warm-up pass)."""
    for q in mix:
        run(q)
    samples = []
    for _ in range(rounds):
        for q in mix:
            started = time.perf_counter()
            run(q)
            samples.append(time.perf_counter() - started)
    return samples


async def http_samples(mix: Sequence[str], rounds: int, cache: Path) -> list[float]:
    """Seconds per GET /api/v1/info/items through the ASGI app, semantic stage on."""
    from ecoeco.composition import compose
    from ecoeco.core.container import Runtimes
    from ecoeco.core.settings import CoreSettings
    from ecoeco.info.runtime import InfoRuntime
    from ecoeco.migrations import upgrade

    os.environ["ECOECO_CHAT_EMBEDDING_CACHE_DIR"] = str(cache)  # the warm vector cache
    with tempfile.TemporaryDirectory() as data_dir:
        await asyncio.to_thread(upgrade, f"sqlite+aiosqlite:///{data_dir}/ecoeco.db")
        settings = CoreSettings(data_dir=Path(data_dir), env="development", log_json=False)
        app = compose(settings, ["info"], scheduled=False)
        async with app.router.lifespan_context(app):
            runtimes: Runtimes = app.state.runtimes
            finder = runtimes.get(InfoRuntime).finder
            while not finder.semantic_ready:
                await asyncio.sleep(0.2)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                for q in mix:
                    (await client.get("/api/v1/info/items", params={"q": q})).raise_for_status()
                samples = []
                for _ in range(rounds):
                    for q in mix:
                        started = time.perf_counter()
                        response = await client.get("/api/v1/info/items", params={"q": q})
                        samples.append(time.perf_counter() - started)
                        response.raise_for_status()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-semantic", action="store_true")
    parser.add_argument("--no-http", action="store_true")
    args = parser.parse_args()

    kb = load_knowledge()
    mix = queries()
    names = {key(name): item.id for item in kb.items for name in item.all_names()}
    lexical = ItemSearch(kb)
    rows: list[tuple[str, list[float]]] = [
        ("baseline: dict lookup", timed(lambda q: names.get(key(q)), mix, args.rounds)),
        ("lexical search", timed(lambda q: lexical.search(q), mix, args.rounds)),
    ]
    notes = [f"{len(mix)} queries x {args.rounds} rounds; {len(kb.items)} items"]
    if not args.no_semantic:
        with tempfile.TemporaryDirectory() as cache:
            index, cold, warm = start_up(kb, Path(cache))
            notes.append(
                f"index start-up: cold {cold:.1f} s, warm {warm:.2f} s ({len(index.docs)} texts)"
            )
            semantic = ItemSearch(kb, index=index)
            reached = sum(
                1
                for q in mix
                if not any(h.match in ("exact", "synonym") for h in lexical.search(q).hits[:1])
            )
            notes.append(f"{reached} of {len(mix)} queries reach the semantic stage")
            first = []
            for q in mix:
                started = time.perf_counter()
                semantic.search(q)
                first.append(time.perf_counter() - started)
            rows.append(("semantic, first sight", first))
            rows.append(
                ("search + semantic", timed(lambda q: semantic.search(q), mix, args.rounds))
            )
            if not args.no_http:
                typed = [q for q in mix if any(ch.isalnum() for ch in q)]  # "!!!" is a 422
                rows.append(
                    ("GET /info/items", asyncio.run(http_samples(typed, args.rounds, Path(cache))))
                )
    base50, base99 = percentiles(rows[0][1])
    for note in notes:
        print(note)  # noqa: T201
    print(f"{'path':<24}{'p50 ms':>10}{'p99 ms':>10}{'p50 x':>10}{'p99 x':>10}")  # noqa: T201
    for label, samples in rows:
        p50, p99 = percentiles(samples)
        print(f"{label:<24}{p50:>10.3f}{p99:>10.3f}{p50 / base50:>10.1f}{p99 / base99:>10.1f}")  # noqa: T201


if __name__ == "__main__":
    main()
