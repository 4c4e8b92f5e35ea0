"""The layout holds: no import cycles, the core never reaches for a shell, and modules and
functions stay short enough to read in one go (migrations aside)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "shakewise"
# The shells: the only places that parse arguments, serve HTTP or print to a terminal.
SHELLS = (
    "shakewise.__main__",
    "shakewise.cli",
    "shakewise.web",
    "shakewise.terminal",
    "shakewise.render",
)
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 50


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imported(tree: ast.AST, name: str, modules: dict[str, Path]) -> Iterator[str]:
    """The project modules an import statement names (a `from package import module` names
    the module, otherwise the package)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                yield target
                break


def _graph(top_level_only: bool) -> dict[str, set[str]]:
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        scope = ast.Module(body=tree.body, type_ignores=[]) if top_level_only else tree
        if top_level_only:  # imports under `if TYPE_CHECKING:` never run
            scope.body = [n for n in tree.body if not isinstance(n, ast.If)]
        graph[name] = set(_imported(scope, name, modules))
    return graph


def test_no_import_cycles() -> None:
    """Module-level imports form no cycle (a package importing its own modules aside)."""
    graph = _graph(top_level_only=True)

    def edges(m: str) -> set[str]:
        return {d for d in graph[m] if not d.startswith(m + ".") and not m.startswith(d + ".")}

    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(m: str, stack: list[str]) -> None:
        state[m] = 1
        stack.append(m)
        for d in edges(m):
            if state.get(d) == 1:
                cycles.append([*stack[stack.index(d) :], d])
            elif d not in state:
                visit(d, stack)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [])
    assert cycles == []


def _is_shell(name: str) -> bool:
    return any(name == s or name.startswith(s + ".") for s in SHELLS)


def test_the_core_never_imports_a_shell() -> None:
    graph = _graph(top_level_only=False)
    reaching = {m: sorted(d for d in deps if _is_shell(d)) for m, deps in graph.items()}
    assert {m: d for m, d in reaching.items() if d and not _is_shell(m)} == {}


def test_modules_and_functions_stay_short() -> None:
    long_modules: set[str] = set()
    long_functions: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        rel = path.relative_to(SRC).as_posix()
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_MODULE_LINES:
            long_modules.add(rel)
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                if node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES:
                    long_functions.add(f"{rel}:{node.name}")
    assert long_modules == set()
    assert long_functions == set()
