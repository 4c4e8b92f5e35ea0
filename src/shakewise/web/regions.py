"""Emergency numbers by region. The server's default comes from the settings
(SHAKEWISE_REGION, SHAKEWISE_EMERGENCY_NUMBER); a person can choose another region, which
is kept in a cookie (no account needed). Every "call 999" in the knowledge base's words is
shown with the chosen number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from fastapi import Request, Response

from shakewise.web.settings import RegionId, Settings

COOKIE = "shakewise_region"
COOKIE_DAYS = 365


@dataclass(frozen=True)
class Region:
    id: RegionId
    name: str
    emergency: str  # the number to call
    emergency_department: str  # what the hospital's emergency department is called there
    urgent_service: str = "an urgent care or out-of-hours service"  # for same-day advice


# Numbers: gov.uk (999, and 112 works too), 911.gov, EU Directive 2018/1972 art. 109 (112),
# triplezero.gov.au (000), India's ERSS (112).
REGIONS: dict[str, Region] = {
    "uk": Region("uk", "United Kingdom", "999", "A&E", "NHS 111"),
    "us": Region("us", "United States", "911", "the emergency room"),
    "eu": Region("eu", "European Union", "112", "the emergency department"),
    "au": Region("au", "Australia", "000", "the emergency department"),
    "in": Region("in", "India", "112", "the emergency department"),
}

# The knowledge base is written for the UK ("call 999", "go to A&E"), and the level wording
# lists the numbers: "(999 UK, 911 US, 112 EU)", "(999 in the UK, 911 in the US, ...)".
NUMBER_LIST = re.compile(r"\(999 (?:in the )?UK(?:, \d{3} (?:in the )?[A-Z]{2})+\)")
UK_NUMBER = re.compile(r"\b999\b")
UK_ONLY = re.compile(r" \(111 in the UK\)")
UK_SAME_DAY = re.compile(r"\b(?:NHS )?111\b")
TWICE = re.compile(r"urgent care or urgent care")
UK_DEPARTMENT = re.compile(r"\bA&E\b")


def default_region(settings: Settings) -> Region:
    """The server's region, with its own numbers and same-day service when set."""
    region = replace(REGIONS[settings.region], urgent_service=settings.urgent_service)
    if settings.emergency_number:
        return replace(region, emergency=settings.emergency_number)
    return region


def chosen_region(request: Request) -> Region:
    """The region the person chose (cookie), or the server's default."""
    settings: Settings = request.app.state.settings
    chosen = request.cookies.get(COOKIE, "")
    if chosen in REGIONS and chosen != settings.region:
        return REGIONS[chosen]
    return default_region(settings)


def region_choices(settings: Settings) -> list[Region]:
    """The regions to choose from, the server's own shown with its settings."""
    return [default_region(settings) if r.id == settings.region else r for r in REGIONS.values()]


def remember_region(response: Response, region_id: str, settings: Settings) -> None:
    response.set_cookie(
        COOKIE,
        region_id,
        max_age=COOKIE_DAYS * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )


def localise(text: str, region: Region) -> str:
    """Knowledge-base words with the region's emergency number, and outside the UK its
    emergency department and "urgent care" for NHS 111."""
    text = NUMBER_LIST.sub(f"({region.emergency})", text)
    text = UK_NUMBER.sub(region.emergency, text)
    if region.emergency_department != "A&E":
        text = UK_DEPARTMENT.sub(region.emergency_department, text)
        text = UK_ONLY.sub("", text)
        text = TWICE.sub("urgent care", UK_SAME_DAY.sub("urgent care", text))
    return text
