"""The bytes of a recording: checked once, then read as lines, a block at a time.

Why not one string: two nights at 100 Hz are a 200 MB file of six million lines, and as a
`str` plus a list of lines they took seven times their size. A `ByteSource` holds the
open stream and where its text starts and ends, and hands out its lines block by block as
often as a reader asks (a second pass names the line of an error).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from typing import BinaryIO

BLOCK_BYTES = 1 << 20
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class ByteSource:
    """A seekable binary stream after `open_source` looked at every byte of it.

    start: the first byte after any UTF-8 byte-order marks; end: how many bytes were
    looked at (nothing past it is read, so a file that grows meanwhile is cut there);
    first: the first byte that is not white space, b"" if there is none; nul: whether a
    NUL byte was seen (the file is not text).
    """

    stream: BinaryIO
    start: int
    end: int
    first: bytes
    nul: bool

    def lines(self, offset: int | None = None, table: bytes | None = None) -> Iterator[bytes]:
        """Lines with their endings from `offset` (default: `start`), bytes mapped by `table`."""
        return chain.from_iterable(self._blocks(offset, table))  # no Python step per line

    def _blocks(self, offset: int | None, table: bytes | None) -> Iterator[list[bytes]]:
        pos = self.start if offset is None else offset
        self.stream.seek(pos)
        rest = b""
        while pos < self.end and (block := self.stream.read(min(BLOCK_BYTES, self.end - pos))):
            pos += len(block)
            if table is not None:
                block = block.translate(table)
            lines = (rest + block).splitlines(keepends=True)
            rest = lines.pop()  # unfinished, or a "\r" whose "\n" is in the next block
            yield lines
        if rest:
            yield [rest]

    def text(self) -> str:
        """All of it as one string: UTF-8, else Latin-1 (every byte is a character)."""
        self.stream.seek(self.start)
        return decode(self.stream.read(self.end - self.start))


def decode(raw: bytes) -> str:
    """UTF-8 when it is, else Latin-1, as exports from older tools are."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def open_source(stream: BinaryIO, max_bytes: int) -> ByteSource:
    """Look at the stream once, up to `max_bytes + 1` bytes (so `end > max_bytes` says the
    stream is too large): where the text starts, its first character, NUL bytes."""
    stream.seek(0)
    start = 0
    while stream.read(len(BOM)) == BOM:
        start += len(BOM)
    stream.seek(start)
    end, first, nul = start, b"", False
    while end <= max_bytes and (block := stream.read(min(BLOCK_BYTES, max_bytes + 1 - end))):
        first = first or block.lstrip()[:1]
        nul = nul or b"\x00" in block
        end += len(block)
    return ByteSource(stream, start, end, first, nul)


def source_of(data: str | bytes) -> ByteSource:
    """A source over text or bytes already in memory (str is encoded as UTF-8)."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return open_source(io.BytesIO(raw), len(raw))
