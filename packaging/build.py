"""``make package``: the installable desktop app, from one script on Linux, macOS and Windows.

    python packaging/build.py [--variant cuda|cpu] [--no-archives] [--install-check] [--ci]

1. freeze the app with PyInstaller (packaging/persona_studio.spec) into ``dist/PersonaStudio``;
2. run the frozen self-test on it (every plugin and generator, the example third-party plugin
   from the user plugins folder, the main window offscreen) and time start-up;
3. make the platform's release files in ``dist/release``: Linux ``.tar.zst`` + ``.deb``,
   macOS signed ``.app`` in a DMG, Windows Inno Setup installer; files over 2 GiB are split
   into parts listed with checksums in ``SHA256SUMS``;
4. with ``--install-check`` (Linux, root): install the .deb, run the installed launcher's
   self-test headless, drop a WAV on its window under Xvfb, remove it, check nothing is left;
5. print the figures: bundle size and what dominates it, archive sizes, start-up median.

``--ci`` deletes each artifact once it is measured (the CUDA bundle is gigabytes).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from builder import contents, frozen_check, icons, release, variants
from builder.figures import human, largest_parts, tree_size

ROOT = contents.ROOT
DIST = ROOT / "dist"
WORK = ROOT / "build"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", choices=("cuda", "cpu"), default=variants.default_variant())
    parser.add_argument("--no-archives", action="store_true", help="bundle and self-test only")
    parser.add_argument(
        "--install-check", action="store_true", help="install, try and remove the .deb (root)"
    )
    parser.add_argument("--ci", action="store_true", help="delete each artifact once measured")
    args = parser.parse_args(argv)
    try:
        python = variants.environment(args.variant)
        if Path(python) != Path(sys.executable):  # build inside the variant's environment
            return subprocess.call([python, __file__, *(argv or sys.argv[1:])])
        build(args)
    except (variants.VariantUnavailable, contents.ContentsError) as error:
        print(f"package: error: {error}", file=sys.stderr)
        return 2
    except (frozen_check.FrozenCheckFailed, subprocess.CalledProcessError) as error:
        print(f"package: FAILED: {error}", file=sys.stderr)
        return 1
    return 0


def build(args) -> None:
    version = contents.version()
    plugins = contents.builtin_plugins()
    print(f"Persona Studio {version}, {args.variant} build, plugins: "
          + ", ".join(p.distribution for p in plugins))
    figures: list[str] = []
    rendered = icons.render_all(WORK / "icons")
    bundle = freeze(rendered["png"], figures)
    executable = bundle / (contents.EXECUTABLE + (".exe" if sys.platform == "win32" else ""))
    if sys.platform == "darwin":
        executable = DIST / f"{contents.APP_TITLE}.app/Contents/MacOS/{contents.EXECUTABLE}"
    check(executable, figures)
    size = tree_size(bundle)
    figures.append(f"bundle on disk: {human(size)} ({bundle})")
    for name, part in largest_parts(bundle / "_internal", depth=1, count=6):
        figures.append(f"    {name:40} {human(part):>12}  {100 * part / size:4.1f}%")
    if not args.no_archives:
        archives(bundle, rendered, version, args, figures)
    if args.ci:
        shutil.rmtree(bundle, ignore_errors=True)
        shutil.rmtree(WORK / "pyinstaller", ignore_errors=True)
    print("\nPackaging figures")
    for line in figures:
        print(f"  {line}")


def freeze(icon_dir: Path, figures: list[str]) -> Path:
    started = time.perf_counter()
    env = dict(os.environ, PERSONA_BUILD_ICONS=str(icon_dir))
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(DIST), "--workpath", str(WORK / "pyinstaller"),
         str(ROOT / "packaging" / "persona_studio.spec")],
        check=True, env=env,
    )
    figures.append(f"PyInstaller: {time.perf_counter() - started:.0f} s")
    return DIST / contents.EXECUTABLE


def check(executable: Path, figures: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="persona-frozen-") as scratch:
        output = frozen_check.selftest(executable, Path(scratch))
        print(output, end="")
        frozen_check.avatar_gallery(executable, Path(scratch))
        times = frozen_check.startup_ms(executable, Path(scratch))
    figures.append("frozen self-test: passed (every generator, the example plugin from the "
                   "user plugins folder, the main window offscreen, the demo avatars drawn)")
    figures.append(
        f"frozen app start to window shown: median {frozen_check.median(times):.0f} ms over "
        f"{len(times)} runs (min {min(times):.0f}, max {max(times):.0f})"
    )


def archives(bundle: Path, rendered: dict, version: str, args, figures: list[str]) -> None:
    out = DIST / "release"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    stem = f"persona-studio-{version}"
    made: list[Path] = []
    if sys.platform.startswith("linux"):
        from builder import linux

        arch = os.uname().machine
        if args.ci:  # CI keeps its minutes for the .deb, which it also installs and tries
            figures.append("tar.zst: skipped in CI")
        else:
            made.append(timed(figures, "tar.zst", lambda: linux.tarball(
                bundle, out / f"{stem}-linux-{arch}-{args.variant}.tar.zst")))
        root = linux.deb_root(bundle, rendered["png"], WORK / "deb-root", version, args.variant)
        arch_deb = linux.DEB_ARCH.get(arch, arch)
        suffix = "" if args.variant == "cuda" else "-cpu"
        made.append(timed(figures, ".deb", lambda: linux.deb(
            root, out / f"persona-studio{suffix}_{version}_{arch_deb}.deb")))
        shutil.rmtree(root, ignore_errors=True)
        if args.ci:  # measured already; frees its gigabytes before the .deb is installed
            shutil.rmtree(bundle, ignore_errors=True)
        if args.install_check:
            try_installed(made[-1], figures)
        if args.ci:
            made.pop().unlink()
    elif sys.platform == "darwin":
        from builder import macos

        app = DIST / f"{contents.APP_TITLE}.app"
        macos.sign(app)
        image = timed(figures, "DMG", lambda: macos.dmg(
            app, out / f"{stem}-macos-{os.uname().machine}-{args.variant}.dmg"))
        macos.notarise(image)
        made.append(image)
    elif sys.platform == "win32":
        from builder import windows

        made += windows.installer(bundle, rendered["ico"], out, version, args.variant)
    if made:
        sums = release.finish(out, made)
        figures.append(f"release files in {out} (checksums in {sums.name}):")
        figures += [f"    {path.name:56} {human(path.stat().st_size):>12}"
                    for path in sorted(out.iterdir())]


def try_installed(deb: Path, figures: list[str]) -> None:
    from builder import installed_check

    reason = installed_check.available()
    if reason:
        figures.append(f"installed-package check: skipped ({reason})")
        return
    from studio.audio.io import write_audio
    from studio.audio.synth import speech_like

    voice = WORK / "dropped-voice.wav"
    write_audio(voice, speech_like(4.0, 16000, seed=5))
    figures += installed_check.run(deb, voice)


def timed(figures: list[str], label: str, make):
    started = time.perf_counter()
    path = make()
    figures.append(f"{label}: {human(path.stat().st_size)} in {time.perf_counter() - started:.0f} s"
                   f" ({path.name})")
    return path


if __name__ == "__main__":
    sys.exit(main())
