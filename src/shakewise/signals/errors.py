"""Why a motion recording cannot be measured, each with what to do about it.

    InputError (shakewise.errors)
    └── RecordingError                a motion recording cannot be used as given
        ├── UnknownFormatError        the file's layout is not one shakewise reads
        ├── MalformedRecordingError   a cell, a column or the JSON is wrong (line named)
        ├── EmptyRecordingError       the file holds no samples
        ├── RecordingTooShortError    too few seconds to measure
        ├── SampleRateTooLowError     too few samples a second for the band (Nyquist)
        └── SaturatedRecordingError   the sensor hit its limit (clipped values)

The CLI prints the message on one line and exits 2; the web turns it into a 4xx.
"""

from __future__ import annotations

from shakewise.errors import InputError


class RecordingError(InputError):
    """Base: a motion recording cannot be used as given."""


class UnknownFormatError(RecordingError):
    """Raised when the layout of a file cannot be recognised, or `format=` names none."""


class MalformedRecordingError(RecordingError):
    """Raised when a cell is not a number, a column is missing or the JSON is broken."""


class EmptyRecordingError(RecordingError):
    """Raised when a file holds no samples at all."""


class RecordingTooShortError(RecordingError):
    """Raised when a recording lasts too few seconds for the measurement asked for."""


class SampleRateTooLowError(RecordingError):
    """Raised when the samples are too far apart to see the frequencies asked for."""


class SaturatedRecordingError(RecordingError):
    """Raised when many samples sit at the sensor's limit, so amplitudes are cut off."""
