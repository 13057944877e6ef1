"""The scan pipeline: vision -> rule -> answer -> reward, each stage timed and announced."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

from ecoeco.core.cache import Cache
from ecoeco.core.contracts import ScanCompleted, ScanConfirmed, ScanRequested
from ecoeco.core.errors import NotFound
from ecoeco.core.events import EventHub
from ecoeco.core.observability import metrics
from ecoeco.core.storage import ObjectStorage
from ecoeco.knowledge import ItemSearch, KnowledgeBase, SearchHit
from ecoeco.workers.ai.guide import Ruling, answer, category_ref, item_ref, rule
from ecoeco.workers.ai.ports import Candidate, Classifier, VisionError, VisionResult
from ecoeco.workers.ai.vision import HintMatch, VisionPolicy, classify_once, decode, match_hint

CONFIRMED_SCORE = 0.6  # a vision answer this sure counts as confirmed for rewards
PROGRESS_TTL = 3600.0
MAX_CANDIDATES = 5


def stream_of(scan_id: str) -> str:
    """The hub stream the scan service serves as SSE."""
    return f"scan:{scan_id}"


def progress_key(scan_id: str) -> str:
    """The cache key the scan service reads for `running` and the current stage."""
    return f"scan:progress:{scan_id}"


@dataclass
class Outcome:
    """The final status of one round, with the result or the reason it failed."""

    status: str
    stage: str
    result: dict[str, Any] | None = None
    error: dict[str, str] | None = None
    completed: ScanCompleted | None = None


def failed(stage: str, code: str, message: str) -> Outcome:
    """A final failure the client can show."""
    return Outcome("failed", stage, error={"code": code, "message": message})


@dataclass
class _Round:
    """One pass of the pipeline over one scan."""

    scan_id: str
    user_id: str
    round: int
    extra: dict[str, Any] = field(default_factory=dict)


class ScanPipeline:
    """Holds the model and the knowledge for the process; runs rounds without touching the DB."""

    def __init__(
        self,
        kb: KnowledgeBase,
        classifier: Classifier | None,
        *,
        storage: ObjectStorage,
        hub: EventHub,
        cache: Cache,
        policy: VisionPolicy | None = None,
        confident_score: float = 0.35,
    ) -> None:
        self.kb = kb
        self.search = ItemSearch(kb)
        self.classifier = classifier
        self.storage = storage
        self.hub = hub
        self.cache = cache
        self.policy = policy or VisionPolicy()
        self.confident_score = confident_score

    async def _announce(self, run: _Round, stage: str, data: dict[str, Any]) -> None:
        await self.hub.publish(
            stream_of(run.scan_id),
            stage,
            {"scan_id": run.scan_id, "round": run.round, "stage": stage, **data},
        )

    async def _enter(self, run: _Round, stage: str) -> float:
        await self.cache.set(
            progress_key(run.scan_id), f"{run.round}:{stage}".encode(), PROGRESS_TTL
        )
        return time.perf_counter()

    @staticmethod
    def _timed(stage: str, started: float) -> None:
        metrics.PIPELINE_STAGE_DURATION.labels(stage).observe(time.perf_counter() - started)

    async def analyze(self, event: ScanRequested) -> Outcome:
        """A first round: the photo and/or hint to a category, or to candidates."""
        run = _Round(event.scan_id, event.user_id, 1)
        started = await self._enter(run, "vision")
        vision, problem = await self._vision(event)
        hint = match_hint(self.search, event.hint) if event.hint else None
        self._timed("vision", started)
        candidates = self._candidates(vision, hint)
        await self._announce(
            run,
            "vision",
            {
                "status": "failed" if problem else ("completed" if vision else "skipped"),
                "model": vision.model if vision else None,
                "hint_matched": bool(hint and hint.strong),
                "candidates": candidates[:3],
            },
        )
        model = vision.model if vision else None
        if hint is not None and hint.strong is not None:
            hit = hint.strong
            ruling = Ruling(hit.item, hit.category, hit.condition)
            disagreement = self._disagreement(vision, hit)
            return await self._finish(
                run, ruling, hit.score, "hint", True, candidates, model, disagreement
            )
        best = vision.best if vision else None
        if best is not None and best.score >= self.confident_score:
            found: Ruling | None
            try:
                found = rule(self.kb, best.item_id, best.category)
            except KeyError:
                found = None
            if found is not None:
                ruling = found
                confirmed = best.score >= CONFIRMED_SCORE
                return await self._finish(
                    run, ruling, best.score, "vision", confirmed, candidates, model, None
                )
        if problem is not None and not candidates:
            return failed("vision", problem[0], problem[1])
        return Outcome(
            "needs_confirmation",
            "vision",
            result={
                "item": None,
                "category": None,
                "confidence": round(best.score, 4) if best else 0.0,
                "source": "vision" if vision else "hint",
                "confirmed": False,
                "guide": None,
                "candidates": candidates,
                "disagreement": None,
                "model": model,
            },
        )

    async def complete(self, event: ScanConfirmed) -> Outcome:
        """A later round: the person's pick, from the rule stage on."""
        run = _Round(event.scan_id, event.user_id, event.round)
        try:
            ruling = rule(self.kb, event.item, event.category)
        except KeyError:
            return failed("rule", "unknown_choice", "the chosen item or category is unknown")
        return await self._finish(run, ruling, 1.0, "confirmation", True, [], None, None)

    async def _vision(
        self, event: ScanRequested
    ) -> tuple[VisionResult | None, tuple[str, str] | None]:
        if event.image_key is None:
            return None, None
        if self.classifier is None:
            return None, ("vision_unavailable", "no image model is configured")
        try:
            data = await self.storage.get(event.image_key)
            image = await asyncio.to_thread(decode, data)
        except NotFound:
            return None, ("image_missing", "the uploaded image is gone; upload it again")
        except (OSError, ValueError):
            return None, ("image_corrupt", "the stored image cannot be read")
        try:
            vision = await classify_once(
                self.cache, event.scan_id, self.classifier, image, self.policy
            )
        except VisionError as exc:
            return None, (exc.code, exc.reason)
        return vision, None

    def _candidate(self, c: Candidate, source: str) -> dict[str, Any] | None:
        if not self.kb.has_category(c.category):
            return None
        item = self.kb.item(c.item_id) if c.item_id and self.kb.has_item(c.item_id) else None
        return {
            "category": category_ref(self.kb.category(c.category)),
            "item": item_ref(item) if item else None,
            "score": round(float(c.score), 4),
            "label": c.label,
            "source": source,
        }

    def _hit_candidate(self, hit: SearchHit) -> dict[str, Any]:
        return {
            "category": category_ref(hit.category),
            "item": item_ref(hit.item),
            "score": round(hit.score, 4),
            "label": hit.item.name_ko,
            "source": "hint",
        }

    def _candidates(self, vision: VisionResult | None, hint: HintMatch | None) -> list[Any]:
        found: list[dict[str, Any]] = []
        if hint is not None:
            found += [self._hit_candidate(h) for h in (hint.strong, *hint.weak) if h]
        for c in vision.candidates if vision else []:
            out = self._candidate(c, "vision")
            if out is not None:
                found.append(out)
        seen: set[tuple[str, str | None]] = set()
        unique = []
        for cand in found:
            ident = (cand["category"]["slug"], cand["item"]["id"] if cand["item"] else None)
            if ident not in seen:
                seen.add(ident)
                unique.append(cand)
        return unique[:MAX_CANDIDATES]

    def _disagreement(self, vision: VisionResult | None, hit: SearchHit) -> dict[str, Any] | None:
        best = vision.best if vision else None
        if best is None or best.category == hit.category.slug:
            return None
        if best.score < self.confident_score:
            return None
        return {"image": self._candidate(best, "vision"), "hint": self._hit_candidate(hit)}

    async def _finish(
        self,
        run: _Round,
        ruling: Ruling,
        confidence: float,
        source: str,
        confirmed: bool,
        candidates: list[Any],
        model: str | None,
        disagreement: dict[str, Any] | None,
    ) -> Outcome:
        started = await self._enter(run, "rule")
        item, category = ruling.item, ruling.category
        self._timed("rule", started)
        await self._announce(
            run,
            "rule",
            {
                "status": "completed",
                "item": item_ref(item) if item else None,
                "category": category_ref(category),
                "condition": ruling.condition.when_ko if ruling.condition else None,
            },
        )
        started = await self._enter(run, "answer")
        guide = answer(self.kb, ruling)
        self._timed("answer", started)
        await self._announce(run, "answer", {"status": "completed", "steps": len(guide["steps"])})
        started = await self._enter(run, "reward")
        completed = ScanCompleted(
            scan_id=run.scan_id,
            user_id=run.user_id,
            item=item.id if item else None,
            category=category.slug,
            recyclable=category.recyclable,
            confirmed=confirmed,
            confidence=round(confidence, 4),
        )
        self._timed("reward", started)
        await self._announce(
            run,
            "reward",
            {"status": "completed", "recyclable": category.recyclable, "confirmed": confirmed},
        )
        result = {
            "item": item_ref(item) if item else None,
            "category": category_ref(category),
            "confidence": round(confidence, 4),
            "source": source,
            "confirmed": confirmed,
            "guide": guide,
            "candidates": candidates,
            "disagreement": disagreement,
            "model": model,
        }
        return Outcome("done", "reward", result=result, completed=completed)


async def guarded(work: Awaitable[Outcome], *, last_attempt: bool) -> Outcome:
    """Run a round; on the last delivery attempt an unexpected error ends it as failed."""
    try:
        return await work
    except asyncio.CancelledError:
        raise
    except Exception:
        if not last_attempt:
            raise
        return failed("vision", "pipeline_error", "the scan could not be processed; try again")
