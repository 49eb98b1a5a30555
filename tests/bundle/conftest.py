import sys
from pathlib import Path

# packaging/ is a folder of build scripts, not an installed package: its builder modules are
# imported the way packaging/build.py imports them.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging"))
