"""The cache of built forms between runs: used while its inputs are unchanged, rebuilt
when they change or when the file is damaged, foreign or unsafe, and never in the way."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from shakewise.disk_cache import CACHE_DIR_ENV, cached
from shakewise.knowledge import KnowledgeBase, load_knowledge
from shakewise.knowledge.loader import DATA_DIR, knowledge_inputs, load_knowledge_dir


class Builds:
    """A build that counts how often it really ran."""

    def __init__(self, value: dict[str, int]) -> None:
        self.value, self.runs = value, 0

    def __call__(self) -> dict[str, int]:
        self.runs += 1
        return dict(self.value)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "input.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    return path


def test_a_second_run_reads_the_cache_instead_of_building(folder: Path, source: Path) -> None:
    build = Builds({"a": 1})
    assert cached("thing", [source], build, dict) == {"a": 1}
    assert cached("thing", [source], build, dict) == {"a": 1}
    assert build.runs == 1
    (only,) = folder.iterdir()
    assert only.stat().st_mode & 0o077 == 0  # readable by this user only


def test_a_changed_input_is_built_again(folder: Path, source: Path) -> None:
    build = Builds({"a": 1})
    cached("thing", [source], build, dict)
    source.write_text("a: 2\n", encoding="utf-8")
    cached("thing", [source], build, dict)
    assert build.runs == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b"not a pickle at all"),
        lambda p: p.write_bytes(p.read_bytes()[:10]),  # cut short
        lambda p: p.write_bytes(pickle.dumps(["some", "other", "thing"])),  # another type
        lambda p: os.chmod(p, 0o666),  # others could have written it
    ],
    ids=["garbage", "truncated", "other-type", "world-writable"],
)
def test_a_damaged_or_unsafe_file_is_never_used(folder: Path, source: Path, damage: object) -> None:
    build = Builds({"a": 1})
    cached("thing", [source], build, dict)
    (path,) = folder.iterdir()
    damage(path)  # type: ignore[operator]
    assert cached("thing", [source], build, dict) == {"a": 1}
    assert build.runs == 2
    assert cached("thing", [source], build, dict) == {"a": 1}  # rewritten, safe again
    assert build.runs == 2


def test_an_unwritable_or_disabled_cache_only_means_building(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(CACHE_DIR_ENV, str(blocker / "cache"))  # cannot be a folder
    build = Builds({"a": 1})
    assert cached("thing", [source], build, dict) == {"a": 1}
    monkeypatch.setenv(CACHE_DIR_ENV, "")
    assert cached("thing", [source], build, dict) == {"a": 1}
    assert build.runs == 2


def test_the_cached_knowledge_base_is_the_checked_one(folder: Path) -> None:
    fresh = load_knowledge_dir(DATA_DIR)
    first = cached("knowledge", knowledge_inputs(), lambda: fresh, KnowledgeBase)
    again = cached(
        "knowledge", knowledge_inputs(), lambda: load_knowledge_dir(DATA_DIR), KnowledgeBase
    )
    assert first is fresh and again is not fresh
    assert again.version == fresh.version
    assert again.findings == fresh.findings and again.causes == fresh.causes
    assert again.red_flags == fresh.red_flags and again.concepts == fresh.concepts
    assert load_knowledge().findings == fresh.findings


def test_a_cached_lexicon_reads_exactly_as_a_fresh_one(folder: Path) -> None:
    """Its phrase sets are shared between the stem index and the findings by identity;
    a pickle must keep that, or a text would find phrases and then read none of them."""
    import json

    from shakewise.language.lexicon import Lexicon, _gather
    from shakewise.language.parser import _phrase_evidence
    from shakewise.language.phrases import normalise
    from shakewise.language.spelling import corrected

    kb = load_knowledge()
    fresh = _gather(kb)
    cached("lexicon", knowledge_inputs(), lambda: fresh, Lexicon)
    loaded = cached("lexicon", knowledge_inputs(), lambda: _gather(kb), Lexicon)
    assert loaded is not fresh
    narratives = Path(__file__).parent / "data" / "narratives.jsonl"
    for line in narratives.read_text(encoding="utf-8").splitlines()[:60]:
        text = json.loads(line)["text"]
        read = [
            list(_phrase_evidence(text, *corrected(*normalise(text), lex.speller), lex))
            for lex in (fresh, loaded)
        ]
        assert read[0] == read[1] and read[0], text
