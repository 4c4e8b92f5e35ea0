"""Load the YAML knowledge base, validate each file, merge them and cross-check the whole.

Files under `knowledge/data/` may each hold any of the top-level lists of `KnowledgeFile`;
they are merged, and then every reference is checked: ids unique, every linked finding,
cause and source exists, every likelihood and red flag cites a source, exactly one `meta`.
Each error names the file or id at fault.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from shakewise.errors import KnowledgeError, UnknownFindingError
from shakewise.knowledge.schema import (
    AllOf,
    Cause,
    Concept,
    Condition,
    Finding,
    KnowledgeFile,
    Meta,
    QuestionGroup,
    RedFlag,
    SeedItem,
    Source,
)

DATA_DIR = Path(__file__).parent / "data"

T = TypeVar("T", Source, Finding, Cause, RedFlag, QuestionGroup, Concept)


@dataclass(frozen=True, eq=False)
class KnowledgeBase:
    """The whole, trusted knowledge base. Build it with `load_knowledge`."""

    meta: Meta
    sources: dict[str, Source]
    findings: dict[str, Finding]
    causes: dict[str, Cause]
    red_flags: dict[str, RedFlag]
    groups: dict[str, QuestionGroup]
    seed_coverage: tuple[SeedItem, ...] = field(default=())
    concepts: dict[str, Concept] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return self.meta.version

    def finding(self, finding_id: str) -> Finding:
        """The finding with this id, or an error that suggests close ids."""
        try:
            return self.findings[finding_id]
        except KeyError:
            close = difflib.get_close_matches(finding_id, self.findings, n=3)
            raise UnknownFindingError(finding_id, close) from None

    def cited_sources(self, source_ids: Iterable[str]) -> list[Source]:
        """Sources in first-cited order, without repeats."""
        return [self.sources[s] for s in dict.fromkeys(source_ids)]


def condition_findings(condition: Condition) -> Iterator[str]:
    """Every finding id a red-flag condition mentions."""
    if isinstance(condition, str):
        yield condition
    else:
        parts = condition.all if isinstance(condition, AllOf) else condition.any
        for part in parts:
            yield from condition_findings(part)


def _read(path: Path) -> KnowledgeFile:
    from shakewise.knowledge.yaml_file import read_yaml  # PyYAML only when not cached

    raw = read_yaml(path)
    try:
        return KnowledgeFile.model_validate(raw or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise KnowledgeError(
            f"{path.name}: {where}: {first['msg']} ({exc.error_count()} error(s))"
        ) from None


def _index(kind: str, items: Iterable[T]) -> dict[str, T]:
    out: dict[str, T] = {}
    for item in items:
        if item.id in out:
            raise KnowledgeError(f"duplicate {kind} id '{item.id}'")
        out[item.id] = item
    return out


def _require(kind: str, owner: str, ids: Iterable[str], known: Mapping[str, object]) -> None:
    for ref in ids:
        if ref not in known:
            close = difflib.get_close_matches(ref, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise KnowledgeError(f"{owner}: unknown {kind} '{ref}'{hint}")


def _atoms_named(f: Finding) -> list[str]:
    """The lexicon concepts a finding's compositions are made of."""
    return [
        a for c in (*f.concepts, *f.child_concepts) for a in c.replace(" & ", " + ").split(" + ")
    ]


def _cross_check(kb: KnowledgeBase) -> None:
    src, fnd, cau = kb.sources, kb.findings, kb.causes
    for concept in kb.concepts.values():
        _require("source", f"concept {concept.id}", concept.sources, src)
        if concept.words and not concept.sources:
            raise KnowledgeError(
                f"concept {concept.id}: 'words' need a published lay source; words seen only"
                " in people's posts go under 'from_people' with two or more addresses"
            )
    for f in fnd.values():
        _require("source", f"finding {f.id}", f.sources, src)
        _require("concept", f"finding {f.id}", _atoms_named(f), kb.concepts)
        _require("finding", f"finding {f.id} (excludes)", f.excludes, fnd)
    for c in cau.values():
        owner = f"cause {c.id}"
        _require("source", owner, [*c.sources, c.prior_source], src)
        _require("finding", owner, c.likelihoods, fnd)
        _require("source", owner, [lk.source for lk in c.likelihoods.values()], src)
        _require("source", owner, [s for a in c.self_care for s in a.sources], src)
        _require("source", owner, [s for a in c.seek_help for s in a.sources], src)
        _require("red flag", owner, [r for a in c.self_care for r in a.withheld_when], kb.red_flags)
        if c.triage_once_denied is not None:
            lower = c.triage_once_denied
            _require("finding", f"{owner} (triage_once_denied)", lower.findings, fnd)
            _require("source", f"{owner} (triage_once_denied)", lower.sources, src)
            if lower.level.rank >= c.triage.rank:
                raise KnowledgeError(
                    f"{owner}: triage_once_denied must be below its level {c.triage}"
                    f" (got {lower.level})"
                )
    for rf in kb.red_flags.values():
        owner = f"red flag {rf.id}"
        _require("finding", owner, condition_findings(rf.when), fnd)
        _require("cause", owner, rf.causes, cau)
        _require("source", owner, rf.sources, src)
    grouped: dict[str, str] = {}
    for g in kb.groups.values():
        _require("finding", f"group {g.id}", g.findings, fnd)
        for member in g.findings:
            if member in grouped:  # one screen per finding: an answer says which screen it is from
                raise KnowledgeError(
                    f"finding {member} is in two groups: {grouped[member]} and {g.id}"
                )
            grouped[member] = g.id
    for lw in kb.meta.levels:
        _require("source", f"level {lw.level}", lw.sources, src)
    if sorted(lw.level.rank for lw in kb.meta.levels) != [0, 1, 2, 3]:
        raise KnowledgeError("meta: 'levels' must word each of the four triage levels once")
    _check_seed_coverage(kb)


def _carries(kb: KnowledgeBase, item: SeedItem, ref: str) -> bool:
    """Does knowledge id `ref` really carry this seed statement, citing the seed?"""
    seed = item.seed
    if item.kind in ("cause", "mechanism") and ref in kb.causes:
        return seed in kb.causes[ref].sources
    if item.kind == "warning_sign" and ref in kb.red_flags:
        return seed in kb.red_flags[ref].sources
    if item.kind == "self_care" and ref in kb.causes:
        return any(seed in a.sources for a in kb.causes[ref].self_care)
    return False


def _check_seed_coverage(kb: KnowledgeBase) -> None:
    known: dict[str, object] = {**kb.findings, **kb.causes, **kb.red_flags, **kb.groups}
    for item in kb.seed_coverage:
        owner = f"seed coverage ({item.seed}) '{item.statement[:50]}'"
        _require("source", owner, [item.seed], kb.sources)
        _require("knowledge id", owner, item.carried_by, known)
        if not any(_carries(kb, item, ref) for ref in item.carried_by):
            raise KnowledgeError(
                f"{owner}: none of {list(item.carried_by)} cites {item.seed} for this"
                f" {item.kind.replace('_', ' ')}"
            )


def load_knowledge_from(paths: Iterable[Path]) -> KnowledgeBase:
    """Validate and merge the given YAML files into one cross-checked knowledge base."""
    files = [_read(p) for p in sorted(paths)]
    metas = [f.meta for f in files if f.meta is not None]
    if len(metas) != 1:
        raise KnowledgeError(f"expected exactly one 'meta' block, found {len(metas)}")
    kb = KnowledgeBase(
        meta=metas[0],
        sources=_index("source", (s for f in files for s in f.sources)),
        findings=_index("finding", (x for f in files for x in f.findings)),
        causes=_index("cause", (x for f in files for x in f.causes)),
        red_flags=_index("red flag", (x for f in files for x in f.red_flags)),
        groups=_index("group", (x for f in files for x in f.groups)),
        seed_coverage=tuple(x for f in files for x in f.seed_coverage),
        concepts=_index("concept", (x for f in files for x in f.concepts)),
    )
    if not kb.causes:
        raise KnowledgeError("the knowledge base has no causes")
    _cross_check(kb)
    return kb


def load_knowledge_dir(directory: Path) -> KnowledgeBase:
    """Load every `*.yaml` file under a directory."""
    paths = list(directory.rglob("*.yaml"))
    if not paths:
        raise KnowledgeError(f"no knowledge files (*.yaml) found in {directory}")
    return load_knowledge_from(paths)


@cache
def load_knowledge() -> KnowledgeBase:
    """The packaged knowledge base, loaded and checked once per process, and kept checked
    between runs (`knowledge/cache.py`)."""
    from shakewise.disk_cache import cached

    return cached(
        "knowledge", knowledge_inputs(), lambda: load_knowledge_dir(DATA_DIR), KnowledgeBase
    )


def knowledge_inputs() -> list[Path]:
    """What the packaged knowledge base is built from: its YAML and the code that checks it."""
    from shakewise.disk_cache import code_of

    return [*DATA_DIR.rglob("*.yaml"), *code_of("knowledge")]
