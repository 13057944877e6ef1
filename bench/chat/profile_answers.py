"""CPU per chat question in-process: the assistant alone, the bench's conversations.

Builds the assistant as `tests/eval/run.py` does (semantic stage warmed), then asks the
questions `bench/chat/bench_chat.py` asks, in the same conversations and order (a
warm-up of five, then each level's rounds), and prints the CPU time per question of the
last level (and of it, the event loop's thread). Deterministic enough to compare two
trees on a busy machine (process CPU time, not wall time); `--profile` writes cProfile
stats of that level, `--counts` prints how many item searches each question ran.

    .venv/bin/python -m bench.chat.profile_answers [--rounds 3] [--profile out.prof]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import yaml

from ecoeco.chat.assistant import Assistant, Turn
from ecoeco.chat.lookups import Lookups
from ecoeco.chat.runtime import build_assistant
from ecoeco.chat.settings import ChatSettings
from ecoeco.composition import Shared
from ecoeco.core.internal import ServiceLinks
from ecoeco.core.settings import CoreSettings

QUESTIONS = Path(__file__).parents[2] / "tests" / "unit" / "chat" / "eval_questions.yaml"
CACHE = Path(".pytest_cache") / "d" / "chat-embeddings"


async def conversation(assistant: Assistant, questions: list[str]) -> None:
    """One conversation: each question carries what the last answer left, as the service does."""
    previous: dict[str, Any] = {}
    key = uuid.uuid4().hex
    for text in questions:
        answer = await assistant.answer(Turn(text, "", key, previous=previous))
        previous = answer.context


async def main(rounds: int, levels: tuple[int, ...], profile: str | None, counts: bool) -> None:
    shared = Shared(CACHE)
    kb, index = shared.knowledge, shared.index
    with tempfile.TemporaryDirectory() as data:
        links = ServiceLinks(CoreSettings(data_dir=Path(data), env="test"))
        lookups = Lookups(links, timeout=1.0)
        assistant = build_assistant(ChatSettings(), kb, index, lookups, links.http)
    await asyncio.to_thread(assistant.warm)
    searches = [0]
    if counts:
        search = assistant.retriever.items.search

        def counted(*args: Any, **kwargs: Any) -> Any:
            searches[0] += 1
            return search(*args, **kwargs)

        assistant.retriever.items.search = counted  # type: ignore[method-assign]
    questions = [q["q"] for q in yaml.safe_load(QUESTIONS.read_text("utf-8"))["questions"]]
    await conversation(assistant, questions[:5])
    for workers in levels:
        profiler = cProfile.Profile() if profile and workers == levels[-1] else None
        asked = 0
        searches[0] = 0
        cpu, loop = time.process_time(), time.thread_time()
        if profiler is not None:
            profiler.enable()
        for r in range(rounds):
            share = [
                questions[(i * 7 + r) % len(questions) :][:6] or questions[:6]
                for i in range(workers)
            ]
            await asyncio.gather(*(conversation(assistant, s) for s in share))
            asked += sum(len(s) for s in share)
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(profile)  # type: ignore[arg-type]
        took = (time.process_time() - cpu) * 1000
        on_loop = (time.thread_time() - loop) * 1000
        line = (
            f"level {workers}: {asked} questions, CPU {took / asked:.2f} ms per question"
            f" ({on_loop / asked:.2f} on the event loop's thread)"
        )
        if counts:
            line += f", {searches[0] / asked:.2f} item searches per question"
        print(line)  # noqa: T201


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--levels", default="1,16")
    parser.add_argument("--profile")
    parser.add_argument("--counts", action="store_true")
    args = parser.parse_args()
    levels = tuple(int(n) for n in args.levels.split(","))
    asyncio.run(main(args.rounds, levels, args.profile, args.counts))
