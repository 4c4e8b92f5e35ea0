from __future__ import annotations

from pathlib import Path

import pytest

from shakewise.knowledge import KnowledgeBase, load_knowledge
from shakewise.knowledge.loader import load_knowledge_dir

HERE = Path(__file__).parent
TINY_KB_DIR = HERE / "fixtures" / "tiny_kb"
VIGNETTES = HERE / "data" / "vignettes.jsonl"
NARRATIVES = HERE / "data" / "narratives.jsonl"  # free text only, in people's own words


@pytest.fixture(scope="session")
def tiny_kb() -> KnowledgeBase:
    return load_knowledge_dir(TINY_KB_DIR)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()
