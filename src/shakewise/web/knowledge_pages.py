"""The knowledge base as pages: every cause, the warning signs, the sources, and the API
documentation page. Read-only and the same for everyone."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from shakewise.knowledge import load_knowledge
from shakewise.knowledge.loader import condition_findings
from shakewise.web.templating import page

router = APIRouter(include_in_schema=False)


@router.get("/knowledge", response_class=HTMLResponse)
def knowledge_home(request: Request) -> HTMLResponse:
    kb = load_knowledge()
    causes = sorted(kb.causes.values(), key=lambda c: c.name.lower())
    return page(request, "knowledge.html", kb=kb, causes=causes)


@router.get("/knowledge/causes/{cause_id}", response_class=HTMLResponse)
def knowledge_cause(request: Request, cause_id: str) -> HTMLResponse:
    kb = load_knowledge()
    cause = kb.causes.get(cause_id)
    if cause is None:
        raise HTTPException(404, f"There is no cause called '{cause_id[:40]}'.")
    links = sorted(cause.likelihoods.items(), key=lambda kv: -kv[1].p)
    return page(request, "cause.html", kb=kb, cause=cause, links=links)


@router.get("/knowledge/red-flags", response_class=HTMLResponse)
def knowledge_red_flags(request: Request) -> HTMLResponse:
    kb = load_knowledge()
    flags = sorted(kb.red_flags.values(), key=lambda rf: -rf.level.rank)
    findings = {rf.id: sorted(set(condition_findings(rf.when))) for rf in flags}
    return page(request, "red_flags.html", kb=kb, flags=flags, findings=findings)


@router.get("/knowledge/sources", response_class=HTMLResponse)
def knowledge_sources(request: Request) -> HTMLResponse:
    kb = load_knowledge()
    return page(request, "sources.html", kb=kb, sources=list(kb.sources.values()))


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    return page(request, "docs.html")
