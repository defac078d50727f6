"""The layer contract, enforced: a Qt-free core at the bottom, the GUI and CLI on top.

- `core` imports only `core`;
- `storage`, `importing`, `analysis` and `export` import only `core` and themselves;
- `application` joins them up: it imports those layers, and nothing imports it but the top;
- `gui` and `cli` sit on top and reach the layers below only through `application` (and
  `core`'s types); nothing below `gui` imports PySide6;
- heavy libraries stay in the layer that needs them (spaCy in analysis, reportlab and
  python-docx in export).

Every import counts, also one inside a function or under TYPE_CHECKING.
"""

import ast
import re
from pathlib import Path

from conftest import ROOT

MIDDLE = ("storage", "importing", "analysis", "export")
ALLOWED = {
    "core": {"core"},
    **{layer: {"core", layer} for layer in MIDDLE},
    "application": {"core", "application", *MIDDLE},
    "gui": {"core", "application", "gui"},
    "top": {"core", "application", "gui", "cli", "cli_output", "__init__"},  # cli.py, cli_output.py, __main__.py
}
LIBRARY_HOMES = {"PySide6": {"gui"}, "spacy": {"analysis"}, "reportlab": {"export"}, "docx": {"export"},
                 "pypdf": {"export"}}


def imports_of(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def layer_of(package_root: Path, path: Path) -> str:
    parts = path.relative_to(package_root).parts
    return parts[0] if len(parts) > 1 else "top"


def layer_violations(package_root: Path) -> list[str]:
    problems = []
    for path in sorted(package_root.rglob("*.py")):
        layer = layer_of(package_root, path)
        if layer == "resources":
            continue
        for line, module in imports_of(path):
            top, _, rest = module.partition(".")
            where = f"{path.relative_to(package_root.parent)}:{line}"
            if top == package_root.name and rest:
                target = rest.split(".")[0]
                # ecqwriter.resources is data (framework packs, fonts), not a layer
                if layer in ALLOWED and target not in ALLOWED[layer] | {"resources"}:
                    problems.append(f"{where}: {layer} imports {module}")
            homes = LIBRARY_HOMES.get(top)
            if homes is not None and layer not in homes and not (top == "PySide6" and layer == "top"):
                problems.append(f"{where}: {layer} imports {top}")
    return problems


def test_the_package_keeps_its_layers():
    assert layer_violations(ROOT / "ecqwriter") == []


def test_a_planted_wrong_import_is_caught(tmp_path):
    package = tmp_path / "ecqwriter"
    for folder in ("core", "storage", "gui"):
        (package / folder).mkdir(parents=True)
    (package / "core" / "model.py").write_text("from ecqwriter.core.ids import new_id\n")
    (package / "core" / "samples.py").write_text("def f():\n    from ecqwriter.storage.packagefile import PackageFile\n")
    (package / "storage" / "file.py").write_text("from PySide6.QtCore import QObject\nimport ecqwriter.core.model\n")
    (package / "gui" / "window.py").write_text("from PySide6.QtWidgets import QWidget\nimport ecqwriter.storage.file\n")
    (package / "cli.py").write_text("from ecqwriter.application.documents import read_package\n"
                                    "from ecqwriter.analysis.engine import get_analyzer\n")
    assert layer_violations(package) == [
        "ecqwriter/cli.py:2: top imports ecqwriter.analysis.engine",
        "ecqwriter/core/samples.py:2: core imports ecqwriter.storage.packagefile",
        "ecqwriter/gui/window.py:2: gui imports ecqwriter.storage.file",
        "ecqwriter/storage/file.py:1: storage imports PySide6",
    ]


def import_graph(package_root: Path) -> dict[str, set[str]]:
    """Module -> the package's modules it imports (also inside a function, but not for a
    type checker only): ``from a.b
    import c`` counts as importing ``a.b.c`` when that is a module, else ``a.b``."""
    modules = {}
    for path in package_root.rglob("*.py"):
        name = ".".join(path.relative_to(package_root.parent).with_suffix("").parts)
        modules[name.removesuffix(".__init__")] = path
    graph = {}
    for name, path in modules.items():
        targets = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # imports only a type checker runs (``if TYPE_CHECKING:``) name types across a
        # circle without making one at run time
        checking_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                         and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
                         for n in ast.walk(node)}
        for node in ast.walk(tree):
            if id(node) in checking_only:
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    module = f"{node.module}.{alias.name}"
                    targets.add(module if module in modules else node.module)
            elif isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, round a circle (strongly connected)."""
    order, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(module):
        order[module] = low[module] = len(order)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph[module]):
            if target not in order:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], order[target])
        if low[module] == order[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
                on_stack.discard(group[-1])
            if len(group) > 1:
                circles.append(sorted(group))

    for module in sorted(graph):
        if module not in order:
            visit(module)
    return circles


def test_no_modules_import_each_other_round_a_circle():
    assert import_circles(import_graph(ROOT / "ecqwriter")) == []


def test_a_planted_circle_is_caught(tmp_path):
    package = tmp_path / "ecqwriter"
    (package / "gui" / "controllers").mkdir(parents=True)
    (package / "gui" / "app.py").write_text("from ecqwriter.gui.main_window import MainWindow\n")
    (package / "gui" / "main_window.py").write_text("from ecqwriter.gui.controllers import documents\n")
    (package / "gui" / "controllers" / "documents.py").write_text(
        "def open_sample():\n    from ecqwriter.gui.app import samples_folder\n")
    assert import_circles(import_graph(package)) == [
        ["ecqwriter.gui.app", "ecqwriter.gui.controllers.documents", "ecqwriter.gui.main_window"]]


def test_no_module_is_over_500_lines():
    """One module, one concern: a module a newcomer can read in one sitting."""
    long = [f"{path.relative_to(ROOT)}: {n}" for path in sorted((ROOT / "ecqwriter").rglob("*.py"))
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500]
    assert long == []


def test_no_gui_module_or_class_grows_into_a_house_of_its_own():
    """The window composes; its parts live in modules a newcomer can read in one sitting."""
    gui = ROOT / "ecqwriter" / "gui"
    assert len((gui / "main_window.py").read_text(encoding="utf-8").splitlines()) <= 250
    for path in gui.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert len(source.splitlines()) <= 500, path
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef):
                assert node.end_lineno - node.lineno + 1 <= 400, f"{path}: class {node.name}"


def test_the_parts_use_the_window_through_its_named_interface():
    """Controllers, review and undo commands never reach for the window's private names."""
    gui = ROOT / "ecqwriter" / "gui"
    for path in [*gui.glob("controllers/*.py"), gui / "commands.py", gui / "menus.py"]:
        source = path.read_text(encoding="utf-8")
        for name in ("window._", "w._", "self.window._"):
            assert name not in source, f"{path} uses {name}"


def test_every_package_folder_is_installed():
    """A folder of modules left out of pyproject.toml installs as nothing (found once the
    hard way: the application layer was missing from a wheel)."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    for init in (ROOT / "ecqwriter").rglob("__init__.py"):
        name = ".".join(init.parent.relative_to(ROOT).parts)
        assert name in listed, name


def test_the_window_paints_before_spacy_and_reportlab_load():
    """Importing the window must not import the engine's heavy libraries: they load in the
    background after the window is on screen (a regression once cost a second at start)."""
    import subprocess
    import sys

    code = ("import sys; import ecqwriter.gui.main_window, ecqwriter.cli; "
            "print(sorted(m for m in ('spacy', 'reportlab', 'docx', 'numpy') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", done.stdout


def test_the_window_and_the_command_line_use_the_open_package_not_what_is_under_it():
    """The application layer owns open packages and the checks: neither the GUI nor the CLI
    reaches a storage session (its file, its journal) or the analysis engine."""
    sources = [*(ROOT / "ecqwriter" / "gui").rglob("*.py"), ROOT / "ecqwriter" / "cli.py"]
    for path in sources:
        source = path.read_text(encoding="utf-8")
        for name in ("EditingSession", r"session\.file\b", r"session\.journal\b", "get_analyzer",
                     r"\.analyze_text\(", r"\bAnalyzer\("):
            assert not re.search(name, source), f"{path.relative_to(ROOT)} uses {name}"


def forwarders(source: str, controllers: set[str]) -> list[str]:
    """Methods of a class whose whole body hands the call to one of its controllers
    (``def save(self): return self.documents.save()``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ClassDef):
            continue
        for method in node.body:
            if not isinstance(method, ast.FunctionDef) or len(method.body) != 1:
                continue
            statement = method.body[0]
            call = statement.value if isinstance(statement, (ast.Return, ast.Expr)) else None
            target = call.func if isinstance(call, ast.Call) else None
            owner = target.value if isinstance(target, ast.Attribute) else None
            if (isinstance(owner, ast.Attribute) and isinstance(owner.value, ast.Name)
                    and owner.value.id == "self" and owner.attr in controllers):
                found.append(method.name)
    return found


WINDOW_CONTROLLERS = {"documents", "editing", "checking", "review", "interview", "conversion", "cohorts", "analysis"}


def test_the_window_only_builds_and_wires_with_no_forwarders():
    source = (ROOT / "ecqwriter" / "gui" / "main_window.py").read_text(encoding="utf-8")
    assert forwarders(source, WINDOW_CONTROLLERS) == []


def test_a_planted_forwarder_is_caught():
    planted = ("class MainWindow:\n    def save(self) -> bool:\n        return self.documents.save()\n\n"
               "    def zoom(self, step):\n        size = step\n        self.apply(size)\n")
    assert forwarders(planted, WINDOW_CONTROLLERS) == ["save"]
