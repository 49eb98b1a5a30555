"""The suite itself: pytest's default import mode puts each test folder on sys.path and imports
test files by their bare name, so two files with the same name in different folders stop the
whole run at collection. Every test module name must be unique."""

from collections import defaultdict
from pathlib import Path

TESTS = Path(__file__).parent


def test_every_test_module_name_is_unique():
    seen = defaultdict(list)
    for path in TESTS.rglob("test_*.py"):
        seen[path.name].append(str(path.relative_to(TESTS)))
    clashes = {name: paths for name, paths in seen.items() if len(paths) > 1}
    assert not clashes, f"rename these (prefix the plugin or layer name): {clashes}"
