"""A package's names imported on first use (PEP 562): the pipeline's libraries (numpy,
pydantic, SciPy, reportlab) are slow to import, and `shakewise --help` needs none of them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_exports(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """The package's module `__getattr__`: each name from its module (`homes`) in `package`."""

    def __getattr__(name: str) -> Any:
        if name in homes:
            return getattr(import_module(f"{package}.{homes[name]}"), name)
        raise AttributeError(f"module '{package}' has no attribute {name!r}")

    return __getattr__
