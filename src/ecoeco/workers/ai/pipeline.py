"""The scan pipeline: vision -> rule -> answer, then the reward is requested.

Each stage is timed around its own work and announced on the scan's hub stream (written
in batches: `rounds`). The ai worker does not grant rewards: its last step stages
`scan.completed` and announces the reward as `requested`; the scan service puts the
character service's grant on the scan (and times the `reward` stage) when it arrives
(with a process per service, after the final event); clients read it from `GET /scan/{id}`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from ecoeco.contracts.events import ScanCompleted, ScanConfirmed, ScanRequested
from ecoeco.contracts.scan import (
    CandidateOut,
    Disagreement,
    ScanError,
    ScanResult,
    ScanStage,
    ScanStageEvent,
    ScanStatus,
)
from ecoeco.core.batch import Batcher, Separately
from ecoeco.core.cache import Cache
from ecoeco.core.cpu import run_cpu
from ecoeco.core.errors import NotFound
from ecoeco.core.events import EventHub
from ecoeco.core.observability import metrics
from ecoeco.core.security.tokens import recently_erased
from ecoeco.core.storage import ObjectStorage
from ecoeco.knowledge import ItemSearch, KnowledgeBase, NameIndex, SearchHit, SemanticIndex
from ecoeco.workers.ai.guide import Ruling, answer, category_ref, item_ref, rule
from ecoeco.workers.ai.ports import Candidate, Classifier, VisionError, VisionResult
from ecoeco.workers.ai.rounds import Round
from ecoeco.workers.ai.vision import (
    HintMatch,
    VisionPolicy,
    classify,
    match_hint,
    recall,
    remembered,
    vision_key,
)

log = logging.getLogger(__name__)

CONFIRMED_SCORE = 0.6  # a vision answer this sure counts as confirmed for rewards
MAX_CANDIDATES = 5


@dataclass
class Outcome:
    """The final status of one round, with the result or the reason it failed."""

    status: ScanStatus
    stage: ScanStage
    result: ScanResult | None = None
    error: ScanError | None = None
    completed: ScanCompleted | None = None


def failed(stage: ScanStage, code: str, message: str) -> Outcome:
    """A final failure the client can show."""
    return Outcome(ScanStatus.failed, stage, error=ScanError(code=code, message=message))


@dataclass(frozen=True)
class _Finding:
    """What the vision stage found, for the rule stage and the result."""

    candidates: list[CandidateOut]
    model: str | None
    confidence: float
    source: str
    confirmed: bool
    disagreement: Disagreement | None = None


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
        index: SemanticIndex | None = None,
        names: NameIndex | None = None,
        batcher: Batcher | None = None,
    ) -> None:
        self.kb = kb
        self.search = ItemSearch(kb, index=index, names=names)
        self.classifier = classifier
        self.storage = storage
        self.hub = hub
        self.cache = cache
        self.batcher = batcher or Separately(cache, hub)  # a round's writes go together
        self.policy = policy or VisionPolicy()
        self.confident_score = confident_score

    @staticmethod
    def _timed(stage: ScanStage, started: float) -> None:
        metrics.PIPELINE_STAGE_DURATION.labels(stage).observe(time.perf_counter() - started)

    async def _guarded(
        self, run: Round, work: Callable[[], Awaitable[Outcome | None]], last_attempt: bool
    ) -> Outcome | None:
        """Run a round and flush its writes; on the last delivery attempt an unexpected
        error fails it at its stage. None when the person's account was found erased,
        before the round or by its end: nothing about it is to be recorded."""
        try:
            outcome = await work()
        except asyncio.CancelledError:
            raise
        except Exception:
            written = await run.flush_after_error(self.batcher)
            if not last_attempt:
                raise
            log.exception("scan %s failed at stage %s", run.scan_id, run.stage)
            if not written:  # the batch did not look: ask on its own
                run.erased = await recently_erased(self.cache, run.user_id)
            message = "the scan could not be processed; try again"
            return None if run.erased else failed(run.stage, "pipeline_error", message)
        if run.erased:  # before the round: it wrote nothing and has nothing to write
            return None
        await run.flush(self.batcher)
        return None if run.erased else outcome

    async def analyze(
        self, event: ScanRequested, *, last_attempt: bool = False, fresh: bool = False
    ) -> Outcome | None:
        """A first round: the photo and/or hint to a category, or to candidates (None when
        the person's account was erased before or during it).

        `fresh`: the broker knows this is the message's first delivery, so no earlier
        one can have remembered a vision result (nothing to look up).
        """
        run = Round(event.scan_id, event.user_id, 1)
        return await self._guarded(run, lambda: self._analyze(run, event, fresh), last_attempt)

    async def complete(self, event: ScanConfirmed, *, last_attempt: bool = False) -> Outcome | None:
        """A later round: the person's pick, from the rule stage on (None as for `analyze`)."""
        run = Round(event.scan_id, event.user_id, event.round)
        return await self._guarded(run, lambda: self._complete(run, event), last_attempt)

    async def _analyze(self, run: Round, event: ScanRequested, fresh: bool) -> Outcome | None:
        started = run.enter(ScanStage.vision)
        # the inference takes a while: reads as running (unless the account is gone)
        await run.flush(self.batcher, guard=True)
        if run.erased:
            return None
        vision, problem = await self._vision(run, event, fresh)
        hint = await run_cpu("search", match_hint, self.search, event.hint) if event.hint else None
        self._timed(ScanStage.vision, started)
        candidates = self._candidates(vision, hint)
        run.announce(
            ScanStageEvent(
                scan_id=run.scan_id,
                round=run.round,
                stage=ScanStage.vision,
                status="failed" if problem else ("completed" if vision else "skipped"),
                model=vision.model if vision else None,
                hint_matched=bool(hint and hint.strong),
                candidates=candidates[:3],
            ),
        )
        model = vision.model if vision else None
        best = vision.best if vision else None
        if hint is not None and hint.strong is not None:
            hit = hint.strong
            finding = _Finding(
                candidates, model, hit.score, "hint", True, self._disagreement(vision, hit)
            )
            ruled = await self._rule_and_answer(
                run, finding, lambda: Ruling(hit.item, hit.category, hit.condition)
            )
            if ruled is not None:
                return ruled
        if best is not None and best.score >= self.confident_score and not best.ambiguous:
            confirmed = best.score >= CONFIRMED_SCORE
            finding = _Finding(candidates, model, best.score, "vision", confirmed)
            outcome = await self._rule_and_answer(
                run, finding, lambda: self._known(best.item_id, best.category)
            )
            if outcome is not None:
                return outcome
        if problem is not None and not candidates:
            return failed(ScanStage.vision, problem[0], problem[1])
        return Outcome(
            ScanStatus.needs_confirmation,
            run.stage,
            result=ScanResult(
                confidence=round(best.score, 4) if best else 0.0,
                source="vision" if vision else "hint",
                candidates=candidates,
                model=model,
            ),
        )

    async def _complete(self, run: Round, event: ScanConfirmed) -> Outcome | None:
        await run.flush(self.batcher, guard=True)  # nothing to write yet: a look at the account
        if run.erased:
            return None
        finding = _Finding([], None, 1.0, "confirmation", True)
        outcome = await self._rule_and_answer(
            run, finding, lambda: self._known(event.item, event.category)
        )
        if outcome is None:
            return failed(
                ScanStage.rule, "unknown_choice", "the chosen item or category is unknown"
            )
        return outcome

    def _known(self, item_id: str | None, category: str | None) -> Ruling | None:
        try:
            return rule(self.kb, item_id, category)
        except KeyError:
            return None

    async def _vision(
        self, run: Round, event: ScanRequested, fresh: bool
    ) -> tuple[VisionResult | None, tuple[str, str] | None]:
        if event.image_key is None:
            return None, None
        if self.classifier is None:
            return None, ("vision_unavailable", "no image model is configured")
        try:
            data = await self.storage.get(event.image_key)
        except NotFound:
            return None, ("image_missing", "the uploaded image is gone; upload it again")
        except OSError:
            return None, ("image_corrupt", "the stored image cannot be read")
        vision = None if fresh else await recall(self.cache, event.scan_id)
        if vision is not None:
            return vision, None
        try:
            vision = await classify(self.classifier, data, self.policy)  # decodes it too
        except VisionError as exc:
            return None, (exc.code, exc.reason)
        run.keep[vision_key(event.scan_id)] = remembered(vision)
        return vision, None

    def _candidate(self, c: Candidate, source: str) -> CandidateOut | None:
        if not self.kb.has_category(c.category):
            return None
        item = self.kb.item(c.item_id) if c.item_id and self.kb.has_item(c.item_id) else None
        return CandidateOut(
            category=category_ref(self.kb.category(c.category)),
            item=item_ref(item) if item else None,
            score=round(float(c.score), 4),
            label=c.label,
            source=source,
        )

    def _vision_candidates(self, c: Candidate) -> list[CandidateOut]:
        """A vision guess as offered: an ambiguous label as each item it may show."""
        if not (c.ambiguous and c.choices):
            out = self._candidate(c, "vision")
            return [out] if out is not None else []
        items = [self.kb.item(i) for i in c.choices if self.kb.has_item(i)]
        each = [Candidate(i.category, c.score, i.id, c.label, True) for i in items]
        return [out for out in (self._candidate(e, "vision") for e in each) if out is not None]

    def _hit_candidate(self, hit: SearchHit) -> CandidateOut:
        return CandidateOut(
            category=category_ref(hit.category),
            item=item_ref(hit.item),
            score=round(hit.score, 4),
            label=hit.item.name_ko,
            source="hint",
        )

    def _candidates(
        self, vision: VisionResult | None, hint: HintMatch | None
    ) -> list[CandidateOut]:
        found: list[CandidateOut] = []
        if hint is not None:
            found += [self._hit_candidate(h) for h in (hint.strong, *hint.weak) if h]
        for c in vision.candidates if vision else []:
            found += self._vision_candidates(c)
        seen: set[tuple[str, str | None]] = set()
        unique = []
        for cand in found:
            ident = (cand.category.slug, cand.item.id if cand.item else None)
            if ident not in seen:
                seen.add(ident)
                unique.append(cand)
        return unique[:MAX_CANDIDATES]

    def _disagreement(self, vision: VisionResult | None, hit: SearchHit) -> Disagreement | None:
        best = vision.best if vision else None
        if best is None or best.category == hit.category.slug:
            return None
        if best.score < self.confident_score:
            return None
        return Disagreement(image=self._candidate(best, "vision"), hint=self._hit_candidate(hit))

    async def _rule_and_answer(
        self, run: Round, finding: _Finding, decide: Callable[[], Ruling | None]
    ) -> Outcome | None:
        """Rule, answer and the reward request; None when the rule finds no entry."""
        started = run.enter(ScanStage.rule)
        ruling = decide()
        self._timed(ScanStage.rule, started)
        if ruling is None:
            return None
        item, category = ruling.item, ruling.category
        run.announce(
            ScanStageEvent(
                scan_id=run.scan_id,
                round=run.round,
                stage=ScanStage.rule,
                status="completed",
                item=item_ref(item) if item else None,
                category=category_ref(category),
                condition=ruling.condition.when_ko if ruling.condition else None,
            ),
        )
        started = run.enter(ScanStage.answer)
        guide = answer(self.kb, ruling)
        self._timed(ScanStage.answer, started)
        run.announce(
            ScanStageEvent(
                scan_id=run.scan_id,
                round=run.round,
                stage=ScanStage.answer,
                status="completed",
                steps=len(guide.steps),
            ),
        )
        run.enter(ScanStage.reward)
        completed = ScanCompleted(
            scan_id=run.scan_id,
            user_id=run.user_id,
            item=item.id if item else None,
            category=category.slug,
            recyclable=category.recyclable,
            confirmed=finding.confirmed,
            confidence=round(finding.confidence, 4),
        )
        run.announce(
            ScanStageEvent(
                scan_id=run.scan_id,
                round=run.round,
                stage=ScanStage.reward,
                status="requested",
                recyclable=category.recyclable,
                confirmed=finding.confirmed,
            ),
        )
        result = ScanResult(
            item=item_ref(item) if item else None,
            category=category_ref(category),
            confidence=round(finding.confidence, 4),
            source=finding.source,
            confirmed=finding.confirmed,
            guide=guide,
            candidates=finding.candidates,
            disagreement=finding.disagreement,
            model=finding.model,
        )
        return Outcome(ScanStatus.done, ScanStage.reward, result=result, completed=completed)
