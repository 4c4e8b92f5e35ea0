"""Built forms kept between runs: the checked knowledge base and the reader's lexicon, so
a command does not parse, validate and gather them again each time (most of 0.2 s of
every `shakewise assess`; docs/performance.md).

Each is one pickle per content: its name is the SHA-256 of the files it is built from
(the YAML and the code that builds it) and of the versions of Python and pydantic, so any
change gives a new name and a stale file is never read. They live in the user's cache
folder (`SHAKEWISE_CACHE_DIR` chooses another; set it empty to turn the cache off).
Loading a pickle runs code, as loading the bytecode in `__pycache__` does, so only a file
owned by this user and writable by no one else is read. Anything wrong with a file
(unreadable, cut short, made by other code) means the form is built again and the file
rewritten; a folder that cannot be written only means there is no cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import pydantic

from shakewise import collector

CACHE_DIR_ENV = "SHAKEWISE_CACHE_DIR"
PACKAGE = Path(__file__).parent

T = TypeVar("T")


def cache_folder() -> Path | None:
    chosen = os.environ.get(CACHE_DIR_ENV)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    from platformdirs import user_cache_path

    return user_cache_path("shakewise")


def code_of(*packages: str) -> list[Path]:
    """The Python files of these sub-packages: a built form changes when they do."""
    return [p for name in packages for p in sorted((PACKAGE / name).glob("*.py"))]


def content_key(inputs: Iterable[Path]) -> str:
    digest = hashlib.sha256(f"{sys.version}|{pydantic.VERSION}".encode())
    for path in sorted(inputs):
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def _trusted(path: Path) -> bool:
    """Ours and writable by no one else: a file another user could change is not loaded."""
    info = path.stat()
    owner_ok = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return owner_ok and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read(path: Path, kind: type[T]) -> T | None:
    try:
        if not _trusted(path):
            return None
        with collector.paused():  # so many new objects at once: 2x slower without
            value = pickle.loads(path.read_bytes())
    except Exception:  # any fault in a cache file means: build it again
        return None
    return value if isinstance(value, kind) else None


def _write(path: Path, value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)  # whole or not at all, even with two writers at once
        except OSError:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return  # a read-only or full disk: no cache, nothing else changes


def cached(name: str, inputs: Iterable[Path], build: Callable[[], T], kind: type[T]) -> T:
    """What `build` makes from these input files, from the cache while they are unchanged."""
    folder = cache_folder()
    if folder is None:
        return build()
    path = folder / f"{name}-{content_key(inputs)}.pickle"
    if path.exists() and (value := _read(path, kind)) is not None:
        return value
    value = build()
    _write(path, value)
    return value
