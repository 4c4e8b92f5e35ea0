"""The public surface and executable documentation."""

from __future__ import annotations

from pathlib import Path

import shakewise
from shakewise.knowledge import KnowledgeBase
from shakewise.knowledge.coverage import seed_coverage_markdown

ROOT = Path(__file__).resolve().parent.parent


def test_public_api_is_explicit() -> None:
    assert sorted(shakewise.__all__) == [
        "Assessment",
        "InputError",
        "KnowledgeError",
        "ShakewiseError",
        "assess",
        "load_knowledge",
        "run_assessment",
    ]
    for name in shakewise.__all__:
        assert hasattr(shakewise, name)


def test_python_api_returns_the_json_shape() -> None:
    result = shakewise.assess(text="twitching in my calf after a long run")
    assert {"triage", "causes", "evidence", "advice", "sources", "knowledge_version"} <= set(result)


def test_seed_coverage_doc_is_current(kb: KnowledgeBase) -> None:
    doc = ROOT / "docs" / "knowledge" / "seed-coverage.md"
    assert doc.read_text(encoding="utf-8") == seed_coverage_markdown(kb), (
        "regenerate with: python -m shakewise.knowledge.coverage > docs/knowledge/seed-coverage.md"
    )


def test_readme_gives_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme


def test_project_never_reads_shared_folder() -> None:
    for path in [*ROOT.joinpath("src").rglob("*.py"), *ROOT.joinpath("tests").rglob("*.py")]:
        if path.name == "test_project.py":
            continue
        assert "../shared" not in path.read_text(encoding="utf-8"), path


def test_every_setting_is_documented() -> None:
    """A setting nobody can find is a setting nobody sets right."""
    from shakewise.web.settings import Settings

    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = [f for f in Settings.model_fields if f"`SHAKEWISE_{f.upper()}`" not in doc]
    assert missing == [], f"document these in docs/configuration.md: {missing}"
