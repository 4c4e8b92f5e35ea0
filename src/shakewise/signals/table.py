"""Numeric text tables (CSV, TSV, space-separated) read from a `ByteSource` into numpy.

Why: `np.loadtxt`'s C parser takes the lines as they stream past, so reading costs the
array plus one block of the file, not millions of Python strings. Two passes, the second
only when the first fails:
1. fast: every line after the header goes to `np.loadtxt`, which skips empty lines and
   `#` comments itself;
2. careful: lines that are blank, white space or a comment are dropped in Python and the
   rest parsed again, each with its line number; a cell that still is not a number is
   named with its line, as is a value that is not finite.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

import numpy as np

from shakewise.signals.errors import MalformedRecordingError
from shakewise.signals.source import ByteSource, decode

if TYPE_CHECKING:
    from shakewise.signals.recording import Floats

DECIMAL_COMMA = bytes.maketrans(b",", b".")


@dataclass(frozen=True)
class Line:
    """A line with content: its number (from 1), the byte offset after it, its text."""

    number: int
    end: int
    text: str


def content_lines(
    source: ByteSource, offset: int | None = None, number: int = 1, table: bytes | None = None
) -> Iterator[Line]:
    """The lines that are not blank, white space or a `#` comment, from `offset` on
    (`number` is the number of the line there; `table` maps bytes, as decimal commas)."""
    pos = source.start if offset is None else offset
    for no, raw in enumerate(source.lines(pos, table), start=number):
        pos += len(raw)
        text = decode(raw).rstrip("\r\n")
        stripped = text.strip()
        if stripped and not stripped.startswith("#"):
            yield Line(no, pos, text)


@dataclass(frozen=True)
class Table:
    """The body of a table: the lines of `source` from `offset` (line `number`) on."""

    source: ByteSource
    header: list[str]
    delimiter: str | None
    offset: int
    number: int
    decimal_comma: bool = False

    def column(self, *names: str) -> int | None:
        for name in names:
            if name in self.header:
                return self.header.index(name)
        return None

    def need(self, *names: str) -> int:
        index = self.column(*names)
        if index is None:
            raise MalformedRecordingError(
                f"The header has no '{names[0]}' column (it has: {', '.join(self.header)})."
            )
        return index

    def numbers(self, columns: Sequence[int], names: Sequence[str]) -> Floats:
        """The columns as float64, a row for each line with content; the array is the
        caller's to change."""
        try:
            data = self._load(self.source.lines(self.offset, self._translation), columns)
        except ValueError:  # a line of spaces, an indented comment, or a bad cell
            data = self._careful(columns, names)
        finite = np.isfinite(data)
        if not bool(finite.all()):
            row, col = np.argwhere(~finite)[0]
            line = next(islice(self._lines(), int(row), None))
            raise MalformedRecordingError(
                f"Line {line.number}: '{names[col]}' is not a finite number."
                " Fix or delete that line."
            )
        return data

    @property
    def _translation(self) -> bytes | None:
        return DECIMAL_COMMA if self.decimal_comma else None

    def _lines(self) -> Iterator[Line]:
        """The lines with content; their rows are those of the array, in either pass."""
        return content_lines(self.source, self.offset, self.number, self._translation)

    def _load(self, lines: Iterator[bytes] | Iterator[str], columns: Sequence[int]) -> Floats:
        data: Floats = np.loadtxt(
            lines,
            delimiter=self.delimiter,
            usecols=columns,
            ndmin=2,
            dtype=np.float64,
            encoding="latin-1",  # bytes to characters one to one; a non-ASCII cell fails
        )
        return data

    def _careful(self, columns: Sequence[int], names: Sequence[str]) -> Floats:
        try:
            return self._load((line.text for line in self._lines()), columns)
        except ValueError:
            raise self._bad_cell(columns, names) from None

    def _bad_cell(self, columns: Sequence[int], names: Sequence[str]) -> MalformedRecordingError:
        """The first line with too few values or a cell that is not a number, named."""
        for line in self._lines():
            cells = line.text.split("#", 1)[0].split(self.delimiter)  # as np.loadtxt reads it
            if len(cells) <= max(columns):
                return MalformedRecordingError(
                    f"Line {line.number} has {len(cells)} values; {max(columns) + 1} are"
                    " needed. Fix or delete that line."
                )
            for col, name in zip(columns, names, strict=True):
                try:
                    float(cells[col])
                except ValueError:
                    return MalformedRecordingError(
                        f"Line {line.number}: '{name}' is '{cells[col].strip()[:30]}', not a"
                        " number. Fix or delete that line."
                    )
        return MalformedRecordingError("The file's rows could not be read as numbers.")
