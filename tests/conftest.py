from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from shakewise.knowledge import KnowledgeBase, load_knowledge
from shakewise.knowledge.loader import load_knowledge_dir

HERE = Path(__file__).parent

# The tests never touch the person's own diary: apps made without an explicit database
# use a throw-away SQLite file, and sessions a fixed test key (set before any app exists).
_SCRATCH = Path(tempfile.mkdtemp(prefix="shakewise-tests-"))
os.environ.setdefault("SHAKEWISE_DATABASE_URL", f"sqlite:///{_SCRATCH / 'app.db'}")
os.environ.setdefault("SHAKEWISE_SECRET_KEY", "test-secret-key-0123456789abcdef-0123456789")
# Built forms (knowledge base, lexicon) are cached in a folder of the run's own.
os.environ.setdefault("SHAKEWISE_CACHE_DIR", str(_SCRATCH / "cache"))
# The test client calls itself "testserver"; a real server on loopback answers only to the
# loopback names (tests/test_hostile.py checks that a foreign Host is refused).
os.environ.setdefault("SHAKEWISE_ALLOWED_HOSTS", "127.0.0.1,localhost,::1,testserver")
TINY_KB_DIR = HERE / "fixtures" / "tiny_kb"
VIGNETTES = HERE / "data" / "vignettes.jsonl"
NARRATIVES = HERE / "data" / "narratives.jsonl"  # free text only, in people's own words
PROBES = HERE / "data" / "probes.jsonl"  # lay warning-sign and benign probes, acceptable ranges
NEGATIVE_CONTROLS = HERE / "data" / "negative_controls.jsonl"  # innocent uses of trigger words
HELDOUT = HERE / "data" / "heldout"  # frozen batches of real accounts: scored, never tuned on
DEV = HERE / "data" / "dev"  # development sets of real accounts: read and tuned on


@pytest.fixture(scope="session")
def tiny_kb() -> KnowledgeBase:
    return load_knowledge_dir(TINY_KB_DIR)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()
