"""Load and validate the YAML knowledge files into a `KnowledgeBase`."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ecoeco.knowledge.base import KnowledgeBase
from ecoeco.knowledge.errors import KnowledgeError, Problem
from ecoeco.knowledge.schema import CategoriesFile, ImagenetFile, ItemsFile, SourcesFile
from ecoeco.knowledge.validate import Located, check

DATA_DIR = Path(__file__).resolve().parent / "data"
CATEGORIES_FILE = "categories.yaml"
IMAGENET_FILE = "imagenet_map.yaml"
SOURCES_FILE = "sources.yaml"
ITEMS_GLOB = "items_*.yaml"

M = TypeVar("M", bound=BaseModel)

# The C parser when PyYAML has it: start-up reads every data file.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_knowledge(path: Path | str | None = None) -> KnowledgeBase:
    """Load the knowledge base from `path` (a data directory), or the shipped data (cached)."""
    if path is None:
        return _default()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _default() -> KnowledgeBase:
    """The shipped knowledge base, loaded once per process."""
    return _load(DATA_DIR)


def _load(directory: Path) -> KnowledgeBase:
    """Parse every file, collect all problems, then build the knowledge base."""
    if not directory.is_dir():
        raise KnowledgeError([Problem(str(directory), "<directory>", "not a directory")])
    item_files = sorted(directory.glob(ITEMS_GLOB))
    if not item_files:
        raise KnowledgeError([Problem(str(directory), ITEMS_GLOB, "no item files found")])
    problems: list[Problem] = []
    digest = hashlib.sha256()

    def parse(file: Path, model: type[M]) -> M | None:
        raw = _read(file, digest, problems)
        if raw is None:
            return None
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            problems.extend(_problems(file.name, raw, exc))
            return None

    categories = parse(directory / CATEGORIES_FILE, CategoriesFile)
    sources = parse(directory / SOURCES_FILE, SourcesFile)
    items_files = [(f.name, parse(f, ItemsFile)) for f in item_files]
    imagenet_path = directory / IMAGENET_FILE
    imagenet = parse(imagenet_path, ImagenetFile) if imagenet_path.exists() else None
    if problems:
        raise KnowledgeError(problems)
    assert categories is not None
    assert sources is not None
    cats = [Located(CATEGORIES_FILE, i, c) for i, c in enumerate(categories.categories)]
    items = [
        Located(name, i, item)
        for name, parsed in items_files
        if parsed is not None
        for i, item in enumerate(parsed.items)
    ]
    labels = [
        Located(IMAGENET_FILE, i, e) for i, e in enumerate(imagenet.labels if imagenet else [])
    ]
    documents = {d.id for d in sources.documents}
    problems = check(cats, items, labels, documents)
    if problems:
        raise KnowledgeError(problems)
    return KnowledgeBase(
        [c.value for c in cats],
        [i.value for i in items],
        [e.value for e in labels],
        version=digest.hexdigest()[:16],
    )


def _read(file: Path, digest: Any, problems: list[Problem]) -> Any:
    """The parsed YAML of `file` (bytes hashed); on failure records a problem, returns None."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        problems.append(Problem(file.name, "<file>", f"cannot read: {exc.strerror or exc}"))
        return None
    digest.update(file.name.encode() + b"\0" + data + b"\0")
    try:
        return yaml.load(data, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "<yaml>"
        problems.append(Problem(file.name, where, f"invalid YAML: {exc}"))
        return None


def _problems(file: str, raw: Any, exc: ValidationError) -> list[Problem]:
    """Turn pydantic errors into problems with readable field paths (with item ids)."""
    out: list[Problem] = []
    for error in exc.errors():
        out.append(Problem(file, _field_path(raw, error["loc"]), error["msg"]))
    return out


def _field_path(raw: Any, loc: tuple[int | str, ...]) -> str:
    """`items[3] (id=foo).conditions[0].category` from a pydantic location."""
    parts: list[str] = []
    node: Any = raw
    for step in loc:
        if isinstance(step, int):
            label = f"[{step}]"
            node = node[step] if isinstance(node, list) and step < len(node) else None
            if isinstance(node, dict):
                if len(parts) == 1:
                    label += _identity(node)
            parts.append(label)
        else:
            node = node.get(step) if isinstance(node, dict) else None
            parts.append(f".{step}" if parts else step)
    return "".join(parts) or "<root>"


def _identity(node: dict[str, Any]) -> str:
    """` (id=foo)` for a record that has an id, slug or index; else empty."""
    for name in ("id", "slug", "index"):
        if node.get(name) is not None:
            return f" ({name}={node[name]})"
    return ""
