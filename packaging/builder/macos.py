"""macOS: the ``.app`` (made by the spec's BUNDLE step, with Info.plist and entitlements), then
signing, a DMG and notarisation. Signing and notarisation run only when their credentials are
in the environment, so an unsigned DMG still builds on any Mac:

- ``MACOS_SIGN_IDENTITY``: a "Developer ID Application: ..." identity in the keychain;
- ``MACOS_NOTARY_PROFILE``: a ``xcrun notarytool store-credentials`` profile name.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .contents import APP_TITLE, ROOT

ENTITLEMENTS = ROOT / "packaging" / "macos" / "entitlements.plist"


def sign(app: Path) -> bool:
    identity = os.environ.get("MACOS_SIGN_IDENTITY")
    if not identity:
        print("macOS: MACOS_SIGN_IDENTITY not set, the app stays unsigned (Gatekeeper will warn)")
        return False
    subprocess.run(
        ["codesign", "--force", "--deep", "--timestamp", "--options", "runtime",
         "--entitlements", str(ENTITLEMENTS), "--sign", identity, str(app)],
        check=True,
    )
    subprocess.run(["codesign", "--verify", "--deep", "--strict", str(app)], check=True)
    return True


def dmg(app: Path, out: Path) -> Path:
    if out.exists():
        out.unlink()
    subprocess.run(
        ["hdiutil", "create", "-volname", APP_TITLE, "-srcfolder", str(app), "-ov",
         "-format", "UDZO", str(out)],
        check=True,
    )
    return out


def notarise(image: Path) -> bool:
    profile = os.environ.get("MACOS_NOTARY_PROFILE")
    if not profile:
        print("macOS: MACOS_NOTARY_PROFILE not set, the DMG is not notarised")
        return False
    subprocess.run(
        ["xcrun", "notarytool", "submit", str(image), "--keychain-profile", profile, "--wait"],
        check=True,
    )
    subprocess.run(["xcrun", "stapler", "staple", str(image)], check=True)
    return True
