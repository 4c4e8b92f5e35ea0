"""Files a person names on the command line, read whole: regular files only, and no more
than a limit, so a device (`/dev/zero`), a named pipe or a directory is refused in one
line instead of hanging or filling the memory."""

from __future__ import annotations

import stat
from pathlib import Path

from shakewise.errors import InputError


def read_file(path: Path, limit: int) -> bytes:
    """The bytes of `path`, or InputError saying why they cannot be read."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a pipe or a device would block or never end
            raise InputError(f"{path} is not a regular file; give the path of a file.")
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if len(data) > limit:
        raise InputError(f"{path} is larger than {limit:,} bytes; give a smaller file.")
    return data
