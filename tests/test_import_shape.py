"""The shape of `handlers`' imports, checked by `make lint`: no module of `handlers` reaches
itself through other modules of `handlers` (an import cycle), and no function imports a module
of `handlers` (the usual way a cycle hides: the import runs late, so Python never notices).

Built on grimp (which import-linter installs); the function-level scan reads the source with
`ast`, since grimp counts an import in a function like any other.
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

PACKAGE = "handlers"
ROOT = Path(__file__).resolve().parent.parent
# Imports inside functions that are allowed, as "module:line" -> a one-line reason. Empty.
ALLOWED_LATE_IMPORTS: dict[str, str] = {}


def cycles(graph, package: str = PACKAGE) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan, without recursion): each
    is a set of modules importing one another in a circle."""
    modules = sorted(m for m in graph.modules if m == package or m.startswith(package + "."))
    inside = set(modules)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in modules:
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root) & inside)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, following = work[-1]
            step = next(following, None)
            if step is not None:
                if step not in index:
                    index[step] = low[step] = len(index)
                    stack.append(step)
                    on_stack.add(step)
                    imported = graph.find_modules_directly_imported_by(step) & inside
                    work.append((step, iter(sorted(imported))))
                elif step in on_stack:
                    low[module] = min(low[module], index[step])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def describe(graph, group: list[str]) -> str:
    lines = [f"cycle among {len(group)} modules:"]
    for importer in group:
        for imported in group:
            if graph.direct_import_exists(importer=importer, imported=imported):
                details = graph.get_import_details(importer=importer, imported=imported)
                numbers = ", ".join(str(d["line_number"]) for d in details)
                lines.append(f"  {importer} -> {imported} (line {numbers})")
    return "\n".join(lines)


def late_imports(root: Path = ROOT, package: str = PACKAGE) -> list[str]:
    """ "module:line import …" for every import of a `package` module inside a function."""
    found = []
    for path in sorted((root / package).rglob("*.py")):
        module = ".".join(path.relative_to(root).with_suffix("").parts)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue
            for node in ast.walk(function):
                if _imports_package(node, package):
                    found.append(f"{module}:{node.lineno} {ast.unparse(node)}")
    return sorted(set(found))


def _imports_package(node: ast.AST, package: str) -> bool:
    def ours(name: str | None) -> bool:
        return bool(name) and (name == package or name.startswith(package + "."))

    if isinstance(node, ast.Import):
        return any(ours(alias.name) for alias in node.names)
    if isinstance(node, ast.ImportFrom):
        return node.level > 0 or ours(node.module)
    return False


def test_no_import_cycle_inside_handlers():
    graph = grimp.build_graph(PACKAGE, include_external_packages=False)
    found = cycles(graph)
    assert not found, "\n".join(describe(graph, group) for group in found)


def test_no_function_imports_a_handlers_module():
    late = [line for line in late_imports() if line.split(" ")[0] not in ALLOWED_LATE_IMPORTS]
    assert not late, "imports inside functions (move them to the top):\n" + "\n".join(late)


def test_the_check_sees_a_cycle_and_a_late_import(tmp_path):
    """The check itself can fail: a made-up package with a cycle and a late import."""
    graph = grimp.ImportGraph()
    for name in ("demo", "demo.a", "demo.b", "demo.c"):
        graph.add_module(name)
    graph.add_import(importer="demo.a", imported="demo.b")
    graph.add_import(importer="demo.b", imported="demo.a")
    graph.add_import(importer="demo.c", imported="demo.a")
    assert cycles(graph, "demo") == [["demo.a", "demo.b"]]
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "a.py").write_text(
        "import demo.c\n\ndef late():\n    from demo import b\n    import json\n"
    )
    assert late_imports(tmp_path, "demo") == ["demo.a:4 from demo import b"]
