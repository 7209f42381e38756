"""The packages' import graph: dependencies run one way and never in a circle.

    benchmarks -> daemon -> memory_store, mlx_core, prompts

The product (``daemon`` and the packages under it) never imports the measurement side
(``benchmarks``), the packages under the daemon never import it, and no module imports
itself back through other modules. The graph is read from the source with :mod:`ast`,
so nothing is imported to check it; an import inside a function counts as a dependency
as much as one at the top of a module.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("benchmarks", "daemon", "memory_store", "mlx_core", "prompts")
PRODUCT = ("daemon", "memory_store", "mlx_core", "prompts")
UNDER_DAEMON = ("memory_store", "mlx_core", "prompts")


@dataclass(frozen=True)
class Edge:
    """``source`` imports ``target`` (both dotted module names) at ``line``."""

    source: str
    target: str
    line: int
    nested: bool
    """True when the import statement sits inside a function."""


def module_files(root: Path = ROOT) -> dict[str, Path]:
    """Every module of the packages, by dotted name (a package by its own name)."""
    modules: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def _base(module: str, path: Path, node: ast.ImportFrom) -> str:
    """The absolute module an ``ImportFrom`` names (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    package = module.split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    package = package[: len(package) - (node.level - 1)]
    return ".".join(package + ([node.module] if node.module else []))


def _targets(module: str, path: Path, node: ast.Import | ast.ImportFrom,
             modules: dict[str, Path]) -> list[str]:
    """The modules an import statement loads: the one it names, and the submodules it
    takes from a package (``from . import stages``)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = _base(module, path, node)
    return [base] + [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules]


def _walk(tree: ast.AST, nested: bool = False):
    for child in ast.iter_child_nodes(tree):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, nested
        inner = nested or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
        yield from _walk(child, inner)


def import_edges(root: Path = ROOT) -> list[Edge]:
    """Each import from one of the packages' modules to another (or to one of the packages)."""
    modules = module_files(root)
    edges: list[Edge] = []
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node, nested in _walk(tree):
            for target in _targets(module, path, node, modules):
                if target.split(".")[0] in PACKAGES and target != module:
                    edges.append(Edge(module, target, node.lineno, nested))
    return edges


def _top(name: str) -> str:
    return name.split(".")[0]


def forbidden_imports(edges: list[Edge]) -> list[str]:
    """Imports against the direction ``benchmarks -> daemon -> the rest``."""
    wrong = []
    for e in edges:
        source, target = _top(e.source), _top(e.target)
        if source in PRODUCT and target == "benchmarks" or \
                source in UNDER_DAEMON and target == "daemon":
            wrong.append(f"{e.source} (line {e.line}) imports {e.target}")
    return sorted(set(wrong))


def cycles(edges: list[Edge], modules: set[str]) -> list[list[str]]:
    """Groups of modules that import one another in a circle (strongly connected, > 1)."""
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for e in edges:
        if e.target in modules:
            graph[e.source].add(e.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's algorithm
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_dependencies_run_one_way():
    assert forbidden_imports(import_edges()) == []


def test_no_import_cycle():
    """Not even through an import inside a function, which only hides a circle."""
    edges = import_edges()
    modules = set(module_files())
    assert cycles([e for e in edges if not e.nested], modules) == []
    assert cycles(edges, modules) == []


def test_the_checks_see_a_wrong_import_and_a_cycle(tmp_path):
    for package in PACKAGES:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text('"""p."""\n')
    (tmp_path / "daemon" / "a.py").write_text("from . import b\n")
    (tmp_path / "daemon" / "b.py").write_text("def f():\n    from benchmarks import x\n"
                                              "from .a import g\n")
    (tmp_path / "mlx_core" / "c.py").write_text("import daemon.a\n")
    edges = import_edges(tmp_path)
    assert forbidden_imports(edges) == ["daemon.b (line 2) imports benchmarks",
                                        "mlx_core.c (line 1) imports daemon.a"]
    assert cycles(edges, set(module_files(tmp_path))) == [["daemon.a", "daemon.b"]]
