"""Linux artifacts: a ``.tar.zst`` of the bundle and a ``.deb`` that installs it under
``/opt/persona-studio`` with a launcher on the PATH, a menu entry, icons and the ``.persona``
MIME type. Debian's triggers (desktop-file-utils, shared-mime-info, hicolor-icon-theme) refresh
their caches, so the package needs no maintainer scripts and ``dpkg -r`` leaves nothing behind."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from pathlib import Path

from .contents import APP_ID, EXECUTABLE, ROOT
from .figures import tree_size
from .icons import PNG_SIZES

LINUX = ROOT / "packaging" / "linux"
INSTALL_DIR = Path("opt") / APP_ID
DEB_ARCH = {"x86_64": "amd64", "aarch64": "arm64"}


def tarball(bundle: Path, out: Path) -> Path:
    """``<bundle name>/...`` compressed with multi-threaded zstd (11x faster than gzip here)."""
    if not shutil.which("zstd"):
        raise RuntimeError("zstd is not installed (apt-get install zstd)")
    subprocess.run(
        ["tar", "-I", "zstd -3 -T0", "-cf", str(out), "-C", str(bundle.parent), bundle.name],
        check=True,
    )
    return out


def deb_root(bundle: Path, icons: Path, root: Path, version: str, variant: str) -> Path:
    """The package's file tree. The bundle is hard-linked, not copied: it is gigabytes."""
    if root.exists():
        shutil.rmtree(root)
    target = root / INSTALL_DIR
    target.parent.mkdir(parents=True)
    try:
        shutil.copytree(bundle, target, copy_function=os.link)
    except OSError:  # another file system: copy
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(bundle, target)
    install(LINUX / "persona-studio.sh", root / "usr/bin" / APP_ID, mode=0o755)
    install(LINUX / "persona-studio.desktop", root / "usr/share/applications" / f"{APP_ID}.desktop")
    install(LINUX / "persona-studio-mime.xml", root / "usr/share/mime/packages" / f"{APP_ID}.xml")
    hicolor = root / "usr/share/icons/hicolor"
    install(ROOT / "resources/icons" / f"{APP_ID}.svg", hicolor / "scalable/apps" / f"{APP_ID}.svg")
    install(
        ROOT / "resources/icons/application-x-persona-studio.svg",
        hicolor / "scalable/mimetypes/application-x-persona-studio.svg",
    )
    for size in PNG_SIZES:
        install(icons / str(size) / f"{APP_ID}.png", hicolor / f"{size}x{size}/apps/{APP_ID}.png")
    control = (LINUX / "control.in").read_text()
    arch = DEB_ARCH.get(platform.machine(), platform.machine())
    fields = {
        "@VERSION@": version,
        "@ARCH@": arch,
        "@INSTALLED_SIZE@": str(tree_size(root) // 1024),
        "@VARIANT@": variant.upper() if variant == "cpu" else "CUDA",
    }
    for key, value in fields.items():
        control = control.replace(key, value)
    install_text(control, root / "DEBIAN/control")
    # The exe must stay executable; everything else readable by all users.
    (target / EXECUTABLE).chmod(0o755)
    return root


def deb(root: Path, out: Path) -> Path:
    subprocess.run(
        ["dpkg-deb", "-Zzstd", "-z3", "--root-owner-group", "--build", str(root), str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return out


def install(source: Path, target: Path, mode: int = 0o644) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    target.chmod(mode)


def install_text(text: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    target.chmod(0o644)
