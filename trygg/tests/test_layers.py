"""The apps depend one way: governance > dialog > incidents > trygg (the contract in .importlinter)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(cwd, pythonpath):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(ROOT / ".importlinter")],
        cwd=cwd,
        env={"PYTHONPATH": str(pythonpath), "PATH": str(LINT_IMPORTS.parent)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_apps_depend_one_way():
    result = lint_imports(ROOT, ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_upward_import_breaks_the_contract(tmp_path):
    for app in ("trygg", "incidents", "dialog", "governance"):
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
    (tmp_path / "incidents" / "models.py").write_text("import trygg\n")
    (tmp_path / "trygg" / "models.py").write_text("from incidents.models import trygg\n")
    result = lint_imports(tmp_path, tmp_path)
    assert result.returncode == 1
    assert "trygg.models -> incidents.models" in result.stdout
