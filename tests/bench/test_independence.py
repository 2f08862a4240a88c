"""The benchmark and its data generators stay outside the application: nothing in returnsvc/
imports bench (the app runs, and is installed, without it)."""

import ast
from pathlib import Path

import returnsvc

PACKAGE = Path(returnsvc.__file__).parent


def _imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_no_application_module_imports_the_benchmark():
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}: {module}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for module in _imported_modules(path)
        if module == "bench" or module.startswith("bench.")
    ]
    assert offenders == []


def test_the_seed_commands_left_the_flask_cli(app):
    seed = app.cli.get_command(None, "seed")
    assert set(seed.list_commands(None)) == {"demo", "demo-passwords"}
