"""Emergency numbers by region. The server's default comes from the settings
(SHAKEWISE_REGION, SHAKEWISE_EMERGENCY_NUMBER); a person can choose another region, which
is kept in a cookie (no account needed). The numbers and wording are shakewise.regions.
"""

from __future__ import annotations

from dataclasses import replace

from fastapi import Request, Response

from shakewise.regions import REGIONS, Region, localise
from shakewise.web.settings import Settings

__all__ = ["REGIONS", "Region", "chosen_region", "localise", "region_choices", "remember_region"]

COOKIE = "shakewise_region"
COOKIE_DAYS = 365


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
