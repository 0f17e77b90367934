"""The house rules of docs/architecture.md, checked by reading the package's source.

- no module imports (or reads) another module's ``_private`` name;
- no import circle between the package's modules;
- imports inside functions only for optional or heavy dependencies, each with a comment saying why;
- each subpackage says its purpose in one line; the top level holds little more than ``__init__``,
  ``errors``, ``magics`` (and ``__main__``);
- the lists Python and the front end must agree on (view traits, op names) are equal.
"""

from __future__ import annotations

import ast
import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import cjm_widgets
from cjm_widgets.sync import ops, view_state

PACKAGE = Path(cjm_widgets.__file__).parent
REPO = PACKAGE.parent
NAME = "cjm_widgets"

# Private attributes of other libraries' objects that we must touch, and why.
FOREIGN_PRIVATES = {
    # traitlets' own storage: Table.set replaces HasTraits.set to skip pandas' == comparison.
    ("widgets/table_sync.py", "_trait_values"),
    ("widgets/table_sync.py", "_notify_trait"),
}
# Imports inside functions: optional dependencies, and what plain `import cjm_widgets` must not load.
LAZY_IMPORTS = {
    ("__init__.py", "cjm_widgets.magics"),  # the %%journey magic pulls in the widgets
    ("datasets/event_log.py", "pyarrow"),
    ("io/spreadsheet.py", "openpyxl"),
    ("charts/board.py", "marimo"),  # only marimo calls _display_
    ("widgets/journey_map.py", "panel"),  # only Panel calls __panel__
    ("analytics/engines.py", "polars"),
    ("analytics/engines.py", "pyspark.sql"),
    ("analytics/fast_path/log_arrays.py", "pyarrow"),
    ("analytics/fast_path/log_arrays.py", "pyarrow.compute"),
    ("analytics/fast_path/log_arrays.py", "polars"),
}


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    tree: ast.Module

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"

    @property
    def rel(self) -> str:
        return self.path.relative_to(PACKAGE).as_posix()


def modules(root: Path = PACKAGE) -> list[Module]:
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found.append(Module(".".join(parts), path, ast.parse(path.read_text(encoding="utf-8"))))
    return found


def _type_checking_nodes(tree: ast.Module) -> set[int]:
    """ids of the nodes under ``if TYPE_CHECKING:`` (never run, so no runtime edge)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            skipped |= {id(n) for child in node.body for n in ast.walk(child)}
    return skipped


def _resolve(module: Module, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.name.split(".") if module.is_package else module.name.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imports(module: Module, known: set[str]) -> Iterator[tuple[ast.stmt, str, str | None]]:
    """(node, imported module, imported name or None) for each runtime import of a module."""
    skipped = _type_checking_nodes(module.tree)
    for node in ast.walk(module.tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name, None
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, node)
            for alias in node.names:
                target = f"{base}.{alias.name}"
                yield (node, target, None) if target in known else (node, base, alias.name)


def _function_level(tree: ast.Module) -> set[int]:
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            inside |= {id(n) for n in ast.walk(node) if n is not node}
    return inside


ALL = modules()
KNOWN = {m.name for m in ALL}
# the compiled extensions: importable modules without a .py file
KNOWN |= {f"{NAME}.analytics.fast_path._journey_pass", f"{NAME}.analytics.fast_path._text_encoder"}


def test_the_walker_sees_the_whole_package() -> None:
    assert len(ALL) > 60
    assert f"{NAME}.model.journey" in KNOWN and f"{NAME}.sync.ops" in KNOWN


def test_no_module_imports_another_modules_private_name() -> None:
    offenders = [
        f"{m.rel}:{node.lineno} imports {name} from {target}"
        for m in ALL
        for node, target, name in imports(m, KNOWN)
        if target.startswith(NAME) and name is not None and name.startswith("_") and not name.startswith("__")
    ]
    assert offenders == []


def test_no_module_reads_another_objects_private_attribute() -> None:
    offenders = []
    for m in ALL:
        for node in ast.walk(m.tree):
            if not (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")):
                continue
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
                continue
            if isinstance(owner, ast.Call) and ast.unparse(owner.func) == "super":
                continue
            if (m.rel, node.attr) not in FOREIGN_PRIVATES:
                offenders.append(f"{m.rel}:{node.lineno} reads {ast.unparse(node)}")
    assert offenders == []


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m.name: set() for m in ALL}
    for m in ALL:
        for _node, target, _name in imports(m, KNOWN):
            if target in KNOWN and target != m.name:
                graph[m.name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_circle() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_circle() -> None:
    # The check above must be able to fail: a planted circle is found.
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_imports_inside_functions_are_few_and_say_why() -> None:
    offenders = []
    for m in ALL:
        inside = _function_level(m.tree)
        lines = m.path.read_text(encoding="utf-8").splitlines()
        for node, target, _name in imports(m, KNOWN):
            if id(node) not in inside:
                continue
            module = target
            said = "#" in lines[node.lineno - 1] or lines[node.lineno - 2].strip().startswith("#")
            if (m.rel, module) not in LAZY_IMPORTS or not said:
                offenders.append(f"{m.rel}:{node.lineno} imports {module} inside a function")
    assert offenders == []


def _part(module: str) -> str:
    """The subpackage (or top-level module) a module belongs to: cjm_widgets.sync.ops -> sync."""
    return module.split(".")[1] if "." in module else ""


def test_the_layers_point_one_way() -> None:
    # docs/architecture.md: errors <- schema <- sync <- model <- io, render, insights, analytics,
    # classroom, templates, datasets <- widgets, charts, magics. Nothing imports upwards.
    # about/ reports on the install (analytics' pass, render's bundle): it sits on top, as a view does.
    layer = {"errors": 0, "schema": 1, "sync": 2, "model": 3, "widgets": 5, "charts": 5, "magics": 5, "about": 5}
    layer["__main__"] = 5  # `python -m cjm_widgets` runs about/
    offenders = [
        f"{source} imports {target}"
        for source, targets in import_graph().items()
        for target in targets
        if _part(source) and _part(target) and layer.get(_part(source), 4) < layer.get(_part(target), 4)
    ]
    assert offenders == []


def test_each_subpackage_says_its_purpose_in_one_line() -> None:
    for init in sorted(PACKAGE.rglob("__init__.py")):
        if init.parent == PACKAGE:
            continue
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc, f"{init} has no docstring"
        assert len(doc.splitlines()[0]) <= 120 and doc.splitlines()[0].endswith("."), init


def test_the_top_level_holds_little_more_than_init_errors_and_magics() -> None:
    # (__main__ is what `python -m cjm_widgets` runs: three lines handing over to about/cli.py.)
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "errors.py", "magics.py"]
    assert len((PACKAGE / "__main__.py").read_text(encoding="utf-8").splitlines()) < 10
    assert (PACKAGE / "py.typed").is_file()


def test_every_public_exception_lives_in_errors() -> None:
    from cjm_widgets import errors

    for name in ("SchemaError", "FormatError", "EditError", "AutosaveConflict", "OutlineError", "LockedError"):
        cls = getattr(errors, name)
        assert cls.__module__ == "cjm_widgets.errors" and cls.__doc__
    for name in ("SchemaError", "FormatError", "EditError", "AutosaveConflict"):
        assert getattr(cjm_widgets, name) is getattr(errors, name)
    defined = [
        f"{m.rel}: {node.name}"
        for m in ALL
        if m.rel != "errors.py"
        for node in ast.walk(m.tree)
        if isinstance(node, ast.ClassDef)
        and any(ast.unparse(b).endswith(("Error", "Exception", "Conflict")) for b in node.bases)
    ]
    assert defined == []


def _ts_array(path: Path, name: str) -> tuple[str, ...]:
    text = path.read_text(encoding="utf-8")
    found = re.search(rf"export const {name}\s*=\s*\[(.*?)\]\s*as const", text, re.S)
    assert found, f"{name} not found in {path}"
    return tuple(re.findall(r'"([^"]+)"', found.group(1)))


@pytest.mark.parametrize("name", ["MAP_DATA_TRAITS", "MAP_VIEW_TRAITS", "SETTABLE_TRAITS"])
def test_python_and_the_front_end_declare_the_same_view_traits(name: str) -> None:
    declared = REPO / "js" / "src" / "journey_map" / "view_traits.ts"
    assert _ts_array(declared, name) == getattr(view_state, name)


def test_python_ops_mirror_the_front_ends_ops() -> None:
    source = (REPO / "js" / "src" / "core" / "ops.ts").read_text(encoding="utf-8")
    start = source.index("export type Op =")
    union = source[start : source.index("\n\n", start)]
    in_ts = set(re.findall(r'op: "(\w+)"', union))
    in_py = {typing.get_args(typing.get_type_hints(t)["op"])[0] for t in typing.get_args(ops.Op)}
    # restore_stage_refs is Python's own (part of an undo); views ignore it (ops.ts says so)
    assert in_py - {"restore_stage_refs"} == in_ts


def test_the_widgets_settable_traits_are_the_declared_ones() -> None:
    from cjm_widgets.widgets.journey_map import JourneyMap

    assert JourneyMap._view_traits == view_state.SETTABLE_TRAITS
