"""Dependencies point one way (ARCHITECTURE.md): the import-linter contracts in pyproject.toml
hold, they catch a forbidden import, and no module dodges them with an import inside a
function."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "returnsvc"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", "pyproject.toml"],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": str(Path(sys.executable).parent)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_import_contracts_hold():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 kept, 0 broken" in result.stdout


def test_a_forbidden_import_breaks_a_contract(tmp_path):
    """The contracts are not vacuous: cases importing a case feature, even inside a function,
    fails the check."""
    shutil.copytree(PACKAGE, tmp_path / "returnsvc", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    timeline = tmp_path / "returnsvc" / "cases" / "timeline.py"
    sneaky = "def _sneaky():\n    from returnsvc.plans.models import PlanGoal\n"
    timeline.write_text(timeline.read_text() + "\n\n" + sneaky + "    return PlanGoal\n")
    result = _lint(tmp_path)
    assert result.returncode == 1
    assert "returnsvc.cases is not allowed to import returnsvc.plans" in result.stdout
    assert "returnsvc.cases.timeline -> returnsvc.plans.models" in result.stdout


def _imports_inside_functions(path: Path) -> list[str]:
    """Imports of the app's own modules inside functions (a third-party package may be
    imported late, e.g. to silence its warnings; our modules never are)."""
    found = []
    tree = ast.parse(path.read_text(), filename=str(path))
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom):
                own = node.level > 0 or (node.module or "").startswith("returnsvc")
            elif isinstance(node, ast.Import):
                own = any(alias.name.startswith("returnsvc") for alias in node.names)
            else:
                continue
            if own:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_module_imports_inside_a_function():
    """Imports sit at the top of modules, where the contracts and a reader see them. Only the
    app factory (returnsvc/__init__.py) imports as it wires the app together."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "__init__.py":
            continue
        found += _imports_inside_functions(path)
    assert found == []


def test_lazy_messages_come_from_our_own_lazy_text():
    """Flask-Babel's lazy_gettext renders as markup, user values included (PITFALLS.md); every
    module takes `_l` from returnsvc.core.i18n, whose lazy strings are text."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.ImportFrom) and node.module == "flask_babel":
                names = {alias.name for alias in node.names}
                if names & {"lazy_gettext", "lazy_ngettext", "lazy_pgettext"}:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


def test_flash_messages_go_through_the_server_side_store():
    """Flask's own flash puts the message (often a person's name) in the session cookie."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.ImportFrom) and node.module == "flask":
                if {alias.name for alias in node.names} & {"flash", "get_flashed_messages"}:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
    templates = ROOT / "templates"
    assert not [p for p in templates.rglob("*.html") if "get_flashed_messages" in p.read_text()]
