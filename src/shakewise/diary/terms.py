"""The words an episode is told in: its kinds, sides and sites. Apart from the models, so
the command line can name them in its help without importing pydantic."""

from __future__ import annotations

from typing import Literal, get_args

Kind = Literal["shaking", "tremor", "twitching", "jerk", "cramp", "urge"]
Side = Literal["left", "right", "both"]
Site = Literal["calf", "thigh", "foot", "whole_leg"]
KINDS: tuple[str, ...] = get_args(Kind)
SIDES: tuple[str, ...] = get_args(Side)
SITES: tuple[str, ...] = get_args(Site)
