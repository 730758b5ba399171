"""The layers stay apart and no package imports itself in a circle.

Read from the source with ast (every import, at module level or inside a function, since a
function-level import only hides a cycle), so it needs no server and no import side effects.
"""

from __future__ import annotations

import ast
from pathlib import Path

from bot.cli import PROJECT

PACKAGES = ("bot", "actions", "rig")
TOOLING = ("rig", "drills", "benchmarks", "tests")


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module name an `import` or `from ... import` in the file names (absolute only)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def import_graph() -> dict[str, set[str]]:
    """Our modules, each with the modules of ours it imports."""
    modules = {
        module_name(path): path
        for package in PACKAGES
        for path in sorted((PROJECT / package).rglob("*.py"))
    }
    graph = {}
    for name, path in modules.items():
        # `from bot import settings` names bot.settings; a package's own __init__ is not an edge.
        graph[name] = {m for m in imports_of(path) if m in modules and m != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each one import cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_in_bot_actions_or_rig() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_the_runtime_imports_no_tooling() -> None:
    """bot/ and actions/ ship in the wheel; the rig, drills, benchmarks and tests do not."""
    offending = {
        f"{path.relative_to(PROJECT)} imports {name}"
        for package in ("bot", "actions")
        for path in (PROJECT / package).rglob("*.py")
        for name in imports_of(path)
        if name.split(".")[0] in TOOLING
    }
    assert offending == set()


def test_the_import_reader_sees_function_level_imports(tmp_path: Path) -> None:
    source = tmp_path / "example.py"
    source.write_text("def f():\n    from rig.harness import BotServers\n", encoding="utf-8")
    assert "rig.harness" in imports_of(source)
