"""The JSON layouts: the web page's upload (`shakewise-json`) and mPower's list.

JSON is parsed whole, as it has to be; each refusal names what is wrong in plain words.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from shakewise.signals.errors import (
    EmptyRecordingError,
    MalformedRecordingError,
    UnknownFormatError,
)
from shakewise.signals.samples import ACC_UNITS, JSON_FORMATS, AccUnit, RawSamples

if TYPE_CHECKING:
    from shakewise.signals.recording import Floats


def parse_json(text: str, format: str | None) -> tuple[str, RawSamples]:
    """The format name and the columns of a JSON recording (`format` overrides detection)."""
    meta, samples = _samples(_decode(text))
    fmt = format if format is not None else _detect(set(samples[0]))
    if fmt not in JSON_FORMATS:
        raise UnknownFormatError(f"The file is JSON, but '{fmt}' is a text-table format.")
    if fmt == "mpower":
        cols = _json_columns(samples, ["timestamp", "x", "y", "z"])
        return fmt, RawSamples(cols[:, 0], cols[:, 1:4], "g")
    return fmt, _shakewise_json(samples, meta)


def _decode(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedRecordingError(
            f"The file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    except RecursionError:
        raise MalformedRecordingError(
            "The JSON is nested too deeply; a recording is a list of samples, one level deep."
        ) from None
    except ValueError:  # a number with thousands of digits
        raise MalformedRecordingError(
            "The JSON holds a number too long to be a measurement; check the file."
        ) from None


def _samples(data: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The object around the samples (their units), if any, and the samples."""
    meta: dict[str, Any] = {}
    if isinstance(data, dict):
        meta = data
        if "samples" not in data:
            raise UnknownFormatError(
                "This JSON object has no 'samples' list. shakewise reads"
                ' {"samples": [{"t", "ax", "ay", "az"}, ...]} or an mPower list of'
                ' {"x", "y", "z", "timestamp"}.'
            )
        data = data["samples"]
    if not isinstance(data, list) or not all(isinstance(s, dict) for s in data):
        raise MalformedRecordingError("The samples must be a JSON list of objects.")
    if not data:
        raise EmptyRecordingError("The JSON holds an empty list of samples.")
    return meta, data


def _detect(keys: set[str]) -> str:
    """The layout whose sample keys the first sample has."""
    if {"t", "ax", "ay", "az"} <= keys:
        return "shakewise-json"
    if {"x", "y", "z", "timestamp"} <= keys:
        return "mpower"
    raise UnknownFormatError(
        f"Unknown JSON layout (sample keys: {', '.join(sorted(keys))}). shakewise reads"
        ' samples {"t", "ax", "ay", "az"[, "gx", "gy", "gz"]} or mPower'
        ' {"x", "y", "z", "timestamp"}.'
    )


def _shakewise_json(samples: list[dict[str, Any]], meta: dict[str, Any]) -> RawSamples:
    acc_unit = meta.get("acc_unit", "m/s2")
    gyro_unit = meta.get("gyro_unit", "rad/s")
    if acc_unit not in ACC_UNITS or gyro_unit not in ("rad/s", "deg/s"):
        raise MalformedRecordingError(
            "'acc_unit' must be m/s2, g or mg and 'gyro_unit' rad/s or deg/s."
        )
    has_gyro = {"gx", "gy", "gz"} <= set(samples[0])
    names = ["t", "ax", "ay", "az"] + (["gx", "gy", "gz"] if has_gyro else [])
    cols = _json_columns(samples, names)
    gyro = None
    if has_gyro:
        gyro = cols[:, 4:7] * (np.pi / 180 if gyro_unit == "deg/s" else 1.0)
    return RawSamples(cols[:, 0], cols[:, 1:4], cast(AccUnit, acc_unit), gyro)


def _json_columns(samples: list[dict[str, Any]], names: list[str]) -> Floats:
    try:
        cols = np.array([[s[k] for k in names] for s in samples], dtype=np.float64)
    except (KeyError, TypeError, ValueError, OverflowError):
        cols = None
    if cols is not None:
        if not bool(np.all(np.isfinite(cols))):
            raise MalformedRecordingError(
                "Some values are too large to be measurements (or not numbers); check the file."
            )
        return cols
    for i, sample in enumerate(samples, start=1):
        for k in names:
            value = sample.get(k)
            if value is None:
                raise MalformedRecordingError(
                    f"Sample {i} has no '{k}'. Every sample needs: {', '.join(names)}."
                ) from None
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise MalformedRecordingError(
                    f"Sample {i}: '{k}' is {json.dumps(value)[:40]}, not a number."
                ) from None
    raise MalformedRecordingError(
        "The samples could not be read as numbers (a value is too large to be a measurement)."
    )
