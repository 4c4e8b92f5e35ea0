"""Emergency numbers by region, and the knowledge base's UK words said for another region.

The knowledge base is written for the UK ("call 999", "go to A&E", "NHS 111"). Whatever
shows its words to a person (web pages, the terminal, the PDF report) says them with the
person's region: their emergency number, and outside the UK their emergency department and
"urgent care" for NHS 111. The UK is the default, so nothing changes unless a region is set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal, get_args

from shakewise.results import Assessment

RegionId = Literal["uk", "us", "eu", "au", "in"]
REGION_IDS: tuple[str, ...] = get_args(RegionId)


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

# The level wording lists the numbers: "(999 UK, 911 US, 112 EU)", "(999 in the UK, ...)".
NUMBER_LIST = re.compile(r"\(999 (?:in the )?UK(?:, \d{3} (?:in the )?[A-Z]{2})+\)")
UK_NUMBER = re.compile(r"\b999\b")
UK_ONLY = re.compile(r" \(111 in the UK\)")
UK_SAME_DAY = re.compile(r"\b(?:NHS )?111\b")
TWICE = re.compile(r"urgent care or urgent care")
UK_DEPARTMENT = re.compile(r"\bA&E\b")
# What an assessment quotes or names rather than says: the person's own words and the
# titles of the sources (a page may be called "NHS 111 online").
NOT_SAID = frozenset({"evidence", "sources"})


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


def _said(value: Any, region: Region) -> Any:
    if isinstance(value, str):
        return localise(value, region)
    if isinstance(value, list):
        return [_said(v, region) for v in value]
    if isinstance(value, dict):
        return {k: v if k in NOT_SAID else _said(v, region) for k, v in value.items()}
    return value


def localised(result: Assessment, region: Region) -> Assessment:
    """The assessment with every sentence it says in the region's words (the evidence it
    quotes and its sources' titles as they are)."""
    if region == REGIONS["uk"]:
        return result
    return Assessment.model_validate(_said(result.model_dump(), region))
