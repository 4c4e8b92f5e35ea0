"""Reports from what a person saved: a stored assessment plus their diary over a period."""

from __future__ import annotations

import datetime as dt
import io

from sqlalchemy.orm import Session

from shakewise.diary.insights import Insights, compute_insights
from shakewise.errors import InputError
from shakewise.regions import REGIONS, Region, localised
from shakewise.report.content import DiarySummary, ReportContent, build_content
from shakewise.results import Assessment
from shakewise.storage import repository as repo


def weekly_chart_png(ins: Insights) -> bytes | None:
    """Episodes per week as a small bar chart (matplotlib, for the PDF)."""
    weeks = ins.weekly[-26:]
    if not weeks:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 1.8), layout="constrained")
    ax.bar(range(len(weeks)), [w.episodes for w in weeks], color="#0b5cad")
    step = max(1, len(weeks) // 8)
    ax.set_xticks(range(0, len(weeks), step), [w.week for w in weeks][::step], fontsize=7)
    ax.set_ylabel("episodes", fontsize=8)
    ax.set_title("Episodes per week", fontsize=9)
    ax.tick_params(labelsize=7)
    buffer = io.BytesIO()
    fig.savefig(buffer, dpi=110, format="png")
    plt.close(fig)
    return buffer.getvalue()


def diary_summary(
    session: Session, user_id: int, since: dt.date | None, now: dt.datetime
) -> DiarySummary | None:
    """The diary from `since` (default: all of it) summarised for a clinician. Only the
    period is read from the database (with a day's margin for start times stored in
    another offset), not the whole history."""
    start = None if since is None else dt.datetime.combine(since, dt.time(), dt.UTC)
    margin = None if start is None else start - dt.timedelta(days=1)
    episodes = repo.list_episodes(session, user_id, since=margin)
    checkins = repo.list_checkins(session, user_id, since=since)
    if since is not None:
        episodes = [e for e in episodes if e.started_at.date() >= since]
    if not episodes:
        return None
    ins = compute_insights(episodes, checkins, now=now)
    return DiarySummary(
        since=ins.first_day or episodes[0].started_at.date(),
        until=ins.last_day or now.date(),
        episodes=ins.episodes,
        per_week=[(w.week, w.episodes) for w in ins.weekly],
        triggers=[t.summary for t in ins.triggers if t.claimed],
        pattern_warnings=[f.reason for f in ins.pattern_flags],
        chart_png=weekly_chart_png(ins),
        episode_rows=[
            {
                "started_at": e.started_at.isoformat(),
                "kind": e.kind,
                "side": e.side,
                "severity": e.severity,
                "note": e.note,
            }
            for e in episodes[-200:]
        ],
    )


def stored_report(
    session: Session,
    user_id: int,
    *,
    assessment_id: int | None = None,
    since: dt.date | None = None,
    patient_name: str | None = None,
    region: Region = REGIONS["uk"],
) -> ReportContent:
    """The content for a saved assessment (`None`: the latest) and the diary since `since`."""
    saved = (
        repo.get_assessment(session, user_id, assessment_id)
        if assessment_id is not None
        else repo.latest_assessment(session, user_id)
    )
    if saved is None:
        raise InputError("No saved assessment yet. Run 'shakewise assess --text ... --save' first.")
    now = dt.datetime.now(dt.UTC)
    return build_content(
        localised(Assessment.model_validate(saved.result), region),
        description=saved.input_text,
        diary=diary_summary(session, user_id, since, now),
        patient_name=patient_name,
        created=now,
    )
