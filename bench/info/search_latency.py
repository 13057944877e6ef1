"""Item search latency: p50/p99 per query over a realistic query mix, as ratios to a baseline.

In one run, over the same queries (both evaluation sets: everyday items typed with
spacing, typos, particles, questions and English, plus a share of queries that match
nothing and so reach the semantic fallback), it times:

- baseline: a plain dict lookup of the normalised query among every item name
  (what an exact-match-only search costs);
- lexical: `ItemSearch.search` without an embedder (exact, synonym, jamo fuzzy);
- semantic: the same with the e5 embedder warmed (the embedding build is timed too);
- http: `GET /api/v1/info/items` through the ASGI app (routing, validation, JSON), with
  the semantic fallback on;

then prints p50/p99 in milliseconds and each as a ratio to the baseline.

    .venv/bin/python bench/info/search_latency.py [--rounds 5] [--no-semantic] [--no-http]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import httpx
import yaml

from ecoeco.knowledge import E5Embedder, ItemSearch, load_knowledge
from ecoeco.knowledge.text import key

ROOT = Path(__file__).resolve().parents[2]
EVAL_FILES = (
    ROOT / "tests" / "e2e" / "info" / "eval_heldout.yaml",
    ROOT / "tests" / "unit" / "knowledge" / "eval_items.yaml",
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
            out.extend(c["q"] for c in yaml.safe_load(path.read_text(encoding="utf-8"))["queries"])
    return out + list(UNMATCHED)


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


async def http_samples(mix: Sequence[str], rounds: int) -> list[float]:
    """Seconds per GET /api/v1/info/items through the ASGI app, semantic fallback warmed."""
    from ecoeco.composition import build_container, registry
    from ecoeco.core.app import create_app
    from ecoeco.core.settings import CoreSettings
    from ecoeco.info.runtime import info_runtime
    from ecoeco.migrations import upgrade

    with tempfile.TemporaryDirectory() as data_dir:
        await asyncio.to_thread(upgrade, f"sqlite+aiosqlite:///{data_dir}/ecoeco.db")
        settings = CoreSettings(data_dir=Path(data_dir), env="development", log_json=False)
        modules = registry()
        info = [m for m in modules if m.name == "info"]
        app = create_app(build_container(settings, "info"), info, modules, scheduled=[])
        async with app.router.lifespan_context(app):
            finder = info_runtime(app.state.container).finder
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
        semantic = ItemSearch(kb, embedder=E5Embedder())
        started = time.perf_counter()
        semantic.warm()
        notes.append(f"item embeddings built in {time.perf_counter() - started:.1f} s")
        reached = sum(
            1 for q in mix if not lexical.search(q).hits or lexical.search(q).hits[0].score < 0.75
        )
        notes.append(f"{reached} of {len(mix)} queries reach the semantic stage")
        rows.append(("search + semantic", timed(lambda q: semantic.search(q), mix, args.rounds)))
        if not args.no_http:
            rows.append(("GET /info/items", asyncio.run(http_samples(mix, args.rounds))))
    base50, base99 = percentiles(rows[0][1])
    for note in notes:
        print(note)  # noqa: T201
    print(f"{'path':<24}{'p50 ms':>10}{'p99 ms':>10}{'p50 x':>10}{'p99 x':>10}")  # noqa: T201
    for label, samples in rows:
        p50, p99 = percentiles(samples)
        print(f"{label:<24}{p50:>10.3f}{p99:>10.3f}{p50 / base50:>10.1f}{p99 / base99:>10.1f}")  # noqa: T201


if __name__ == "__main__":
    main()
