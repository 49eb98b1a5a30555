"""Windows: the Inno Setup installer (``packaging/windows/persona-studio.iss``), compiled by
``iscc`` when Inno Setup 6 is installed (the CI workflow installs it with Chocolatey)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from .contents import ROOT

SCRIPT = ROOT / "packaging" / "windows" / "persona-studio.iss"
DEFAULT_ISCC = Path(os.environ.get("ProgramFiles(x86)", "C:/Program Files (x86)")) / "Inno Setup 6/ISCC.exe"


def iscc() -> str | None:
    found = shutil.which("iscc")
    return found or (str(DEFAULT_ISCC) if DEFAULT_ISCC.is_file() else None)


def installer(bundle: Path, icon: Path, out_dir: Path, version: str, variant: str) -> list[Path]:
    compiler = iscc()
    if compiler is None:
        print("Windows: Inno Setup (iscc) not found, no installer built (choco install innosetup)")
        return []
    before = set(out_dir.glob("*"))
    subprocess.run(
        [compiler, f"/DAppVersion={version}", f"/DBundleDir={bundle}", f"/DOutputDir={out_dir}",
         f"/DVariant={variant}", f"/DIconFile={icon}", str(SCRIPT)],
        check=True,
    )
    return sorted(set(out_dir.glob("*")) - before)
