"""`shakewise kb`: check and show the knowledge base."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from shakewise.cli.options import JsonOpt
from shakewise.errors import InputError

# The commands import the knowledge base they read: its schema imports pydantic.

kb_app = typer.Typer(help="Check and show the knowledge base.", no_args_is_help=True)
console = Console()


@kb_app.command("check")
def kb_check(
    directory: Annotated[
        Path | None, typer.Option(help="Knowledge directory (default: the packaged one).")
    ] = None,
) -> None:
    """Validate the knowledge base: schema, references, sources, seed coverage."""
    from shakewise.knowledge.loader import DATA_DIR, load_knowledge_dir

    kb = load_knowledge_dir(directory or DATA_DIR)
    console.print(
        f"Knowledge base {kb.version} is valid: {len(kb.causes)} causes, {len(kb.findings)}"
        f" findings, {len(kb.red_flags)} red flags, {len(kb.groups)} question groups,"
        f" {len(kb.sources)} sources, {len(kb.seed_coverage)} seed statements covered."
    )


def _kb_summary() -> dict[str, object]:
    from shakewise.knowledge import load_knowledge

    kb = load_knowledge()
    return {
        "version": kb.version,
        "date": kb.meta.date,
        "causes": [
            {
                "id": c.id,
                "name": c.name,
                "icd10": c.icd10,
                "prior": c.prior,
                "triage": c.triage.value,
                "sources": list(c.sources),
            }
            for c in kb.causes.values()
        ],
        "findings": [
            f.model_dump(
                mode="json", include={"id", "label", "kind", "question", "help", "askable"}
            )
            for f in kb.findings.values()
        ],
        "red_flags": [
            {"id": r.id, "level": r.level.value, "message": r.message, "sources": list(r.sources)}
            for r in kb.red_flags.values()
        ],
        "sources": [s.model_dump(mode="json") for s in kb.sources.values()],
    }


@kb_app.command("show")
def kb_show(
    item: Annotated[
        str | None, typer.Argument(help="A cause, finding, red flag or source id.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show the whole knowledge base, or one item of it."""
    from shakewise.knowledge import load_knowledge

    kb = load_knowledge()
    if item is None:
        data: object = _kb_summary()
    else:
        tables = (kb.causes, kb.findings, kb.red_flags, kb.sources, kb.groups)
        found = next((t[item] for t in tables if item in t), None)
        if found is None:
            raise InputError(f"No cause, finding, red flag, group or source has the id '{item}'.")
        data = found.model_dump(mode="json")
    if as_json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        console.print_json(json.dumps(data, ensure_ascii=False))
