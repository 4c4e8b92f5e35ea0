"""Turning command-line text into diary fields: `--context key=value` with friendly
keys (cups of coffee, sleep, meal…), durations like 5m, local times, time zones.
Values stay strings where the episode model can check them, so every range error reads
the same from the CLI, the web and an import."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from shakewise.diary.episode import CONTEXT_FIELDS
from shakewise.errors import InputError

MG_PER_CUP = 100  # a mug of instant coffee ≈ 100 mg caffeine (UK Food Standards Agency)
CONTEXT_ALIASES = {
    "caffeine": "caffeine_mg",
    "alcohol": "alcohol_units",
    "units": "alcohol_units",
    "sleep": "sleep_hours",
    "meal": "hours_since_meal",
    "last_meal": "hours_since_meal",
    "fasting": "hours_since_meal",
    "medication": "medication_taken",
    "meds": "medication_taken",
    "fever": "illness_fever",
    "illness": "illness_fever",
    "intensity": "exercise_intensity",
}
CUPS = {"cups", "coffee", "coffee_cups", "caffeine_cups"}
DURATION = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)?\s*$"
)
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600}


def parse_context(pairs: list[str]) -> dict[str, Any]:
    """`key=value` options → context fields (values still strings; the model checks them)."""
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip().lower().replace("-", "_")
        if not sep or not key:
            raise InputError(f"--context '{pair}' should look like KEY=VALUE, e.g. caffeine=200.")
        value = value.strip()
        if key in CUPS:
            try:
                out["caffeine_mg"] = float(value) * MG_PER_CUP if value else None
            except ValueError:
                raise InputError(
                    f"--context {key}= needs a number of cups (got '{value}')."
                ) from None
            continue
        field = CONTEXT_ALIASES.get(key, key)
        if field not in CONTEXT_FIELDS:
            known = sorted({*CONTEXT_FIELDS, *CONTEXT_ALIASES, "cups"})
            raise InputError(f"Unknown context '{key}'; use one of: {', '.join(known)}.")
        out[field] = value if value else None
    return out


def parse_duration(text: str) -> float:
    match = DURATION.match(text.lower())
    if not match:
        raise InputError(f"--duration '{text}' should look like 40s, 5m or 1.5h.")
    return float(match[1]) * UNIT_SECONDS[(match[2] or "s")[0]]


def parse_time(text: str, tz: tzinfo) -> datetime:
    """ISO 8601 (or 'now'); without a zone it is local time."""
    if text.strip().lower() == "now":
        return datetime.now(UTC)
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"Start time must be a real date and time like 2024-05-03T14:30 (got '{text}')."
        ) from None
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


def local_zone() -> tzinfo:
    """The computer's time zone with its daylight-saving rules (TZ, /etc/localtime)."""
    names = [os.environ.get("TZ", "").lstrip(":")]
    link = Path("/etc/localtime")
    if link.is_symlink():
        names.append(str(link.resolve()).partition("zoneinfo/")[2])
    for name in names:
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                pass
    return datetime.now().astimezone().tzinfo or UTC


def zone_option(name: str | None) -> tzinfo:
    if not name:
        return local_zone()
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"Unknown time zone '{name}'; use a name like Europe/London.") from None


def episode_options(
    *,
    at: str | None,
    kind: str | None,
    severity: str | None,
    site: list[str] | None,
    side: str | None,
    duration: str | None,
    context: list[str] | None,
    weakness: bool | None,
    note: str | None,
) -> dict[str, Any]:
    """The options that were given, as episode fields (empty strings clear a field)."""
    data: dict[str, Any] = parse_context(context or [])
    if at is not None:
        data["started_at"] = parse_time(at, local_zone())
    if duration is not None:
        data["duration_s"] = parse_duration(duration) if duration.strip() else None
    given = {"kind": kind, "severity": severity, "side": side, "weakness": weakness, "note": note}
    for name, value in given.items():
        if value is not None:
            data[name] = None if value == "" and name in {"severity", "side"} else value
    if site:
        data["sites"] = [s.strip().lower().replace("-", "_").replace(" ", "_") for s in site]
    return data
