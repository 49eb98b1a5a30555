"""The layer rules of ``make lint`` (tools/layers): they hold on the tree, and each one catches
a deliberate violation, written as a temporary module into a copy of the tree."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tools.layers", "--root", str(root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """A copy of the sources the check reads (studio/, the plugin packages and their scripts)."""
    copy = tmp_path_factory.mktemp("tree")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(ROOT / "studio", copy / "studio", ignore=ignore)
    for package in (ROOT / "plugins").glob("*/studio_*"):
        shutil.copytree(package, copy / "plugins" / package.parent.name / package.name, ignore=ignore)
    for scripts in (ROOT / "plugins").glob("*/scripts"):
        shutil.copytree(scripts, copy / "plugins" / scripts.parent.name / "scripts", ignore=ignore)
    return copy


def test_make_lint_runs_the_layer_check():
    lint = (ROOT / "Makefile").read_text().split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "-m tools.layers" in lint


def test_the_tree_follows_every_rule():
    result = run_check(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def check_with(tree: Path, where: str, text: str) -> subprocess.CompletedProcess:
    """The check's run on ``tree`` with one temporary module at ``where`` saying ``text``."""
    module = tree / where
    made = [folder for folder in reversed(module.parents) if not folder.exists()]
    module.parent.mkdir(parents=True, exist_ok=True)
    module.write_text(text, encoding="utf-8")
    try:
        return run_check(tree)
    finally:
        module.unlink()
        for folder in reversed(made):
            folder.rmdir()


# (rule, where the temporary module goes, what it says)
VIOLATIONS = [
    ("qt-only-in-ui", "studio/engine/bad_qt.py", "from PySide6.QtCore import QObject\n"),
    ("torch-lazy-outside-ml", "studio/host/bad_torch.py", "import torch\n"),
    (
        "no-plugin-in-the-app",
        "studio/evaluation/bad_plugin.py",
        "def f():\n    from studio_wen2019.generator import load\n",
    ),
    ("ui-not-cli", "studio/ui/bad_cli.py", "from studio.cli.main import main\n"),
    (
        "plugins-public-only",
        "plugins/wen2019/studio_wen2019/bad_private.py",
        "from studio.engine import Engine\n",
    ),
    (
        "plugins-public-only",
        "plugins/sf2f/scripts/bad_script.py",
        "from studio.demodata.corpus import build_voices_faces\n",
    ),
    ("layers", "studio/ml/bad_layer.py", "def f():\n    from studio.engine import Engine\n"),
]


@pytest.mark.parametrize(("rule", "where", "text"), VIOLATIONS, ids=[v[1] for v in VIOLATIONS])
def test_each_rule_fails_the_check_on_a_violation(tree, rule, where, text):
    result = check_with(tree, where, text)
    assert result.returncode == 1
    reported = [line for line in result.stdout.splitlines() if f"[{rule}]" in line]
    assert any(where in line for line in reported), result.stdout


def test_a_new_package_must_be_placed_in_a_layer(tree):
    result = check_with(tree, "studio/newpart/thing.py", "from studio.api import Image\n")
    assert result.returncode == 1
    assert "studio.newpart.thing belongs to no layer" in result.stdout


def test_lazy_torch_outside_ml_is_allowed(tree):
    result = check_with(tree, "studio/engine/lazy_torch.py", "def f():\n    import torch\n")
    assert result.returncode == 0, result.stdout


def test_docs_architecture_names_every_rule_and_layer():
    """docs/architecture.md is the picture of these rules: it names each rule and package."""
    sys.path.insert(0, str(ROOT))
    try:
        from tools.layers.rules import RULES, Layers
    finally:
        sys.path.remove(str(ROOT))
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [f"rule `{rule.name}`" for rule in RULES if f"`{rule.name}`" not in page]
    for rule in RULES:
        if isinstance(rule, Layers):
            packages = [p.split(".")[1] for layer in rule.layers for p in layer]
            missing += [
                f"layer {name}" for name in packages if not name.startswith("__") and name not in page
            ]
    assert not missing, f"docs/architecture.md does not mention: {missing}"
