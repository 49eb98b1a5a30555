"""The .deb's contents, built from a tiny stand-in bundle (the real one is built by
``make package``): files under /opt, a launcher on the PATH, the menu entry, icons, the
.persona MIME type, and the dependencies the package declares."""

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree

import pytest
from builder import contents, icons, linux

REQUIRED_DEPENDS = {"libgl1", "libegl1", "libxcb-icccm4", "libxcb-keysyms1", "libportaudio2"}
needs_dpkg = pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="needs dpkg-deb")


@pytest.fixture(scope="module")
def built_deb(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("deb")
    bundle = scratch / "dist" / contents.EXECUTABLE
    (bundle / "_internal").mkdir(parents=True)
    (bundle / contents.EXECUTABLE).write_text("#!/bin/sh\necho frozen app\n")
    (bundle / "_internal" / "base_library.zip").write_bytes(b"zip")
    rendered = icons.render_all(scratch / "icons")
    root = linux.deb_root(bundle, rendered["png"], scratch / "root", "1.2.3", "cuda")
    return linux.deb(root, scratch / "persona-studio_1.2.3_amd64.deb")


def dpkg_field(deb, field):
    return subprocess.run(
        ["dpkg-deb", "--field", str(deb), field], capture_output=True, text=True, check=True
    ).stdout.strip()


@needs_dpkg
def test_control_names_the_package_and_its_dependencies(built_deb):
    assert dpkg_field(built_deb, "Package") == "persona-studio"
    assert dpkg_field(built_deb, "Version") == "1.2.3"
    depends = {d.strip() for d in dpkg_field(built_deb, "Depends").split(",")}
    assert REQUIRED_DEPENDS <= depends
    assert int(dpkg_field(built_deb, "Installed-Size")) > 0


@needs_dpkg
def test_files_land_where_a_desktop_expects_them(built_deb):
    listing = subprocess.run(
        ["dpkg-deb", "--contents", str(built_deb)], capture_output=True, text=True, check=True
    ).stdout
    rows = {line.split()[-1].lstrip("."): line.split()[0] for line in listing.splitlines()}
    assert rows["/opt/persona-studio/PersonaStudio"] == "-rwxr-xr-x"
    assert rows["/usr/bin/persona-studio"] == "-rwxr-xr-x"
    for path in (
        "/opt/persona-studio/_internal/base_library.zip",
        "/usr/share/applications/persona-studio.desktop",
        "/usr/share/mime/packages/persona-studio.xml",
        "/usr/share/icons/hicolor/scalable/apps/persona-studio.svg",
        "/usr/share/icons/hicolor/256x256/apps/persona-studio.png",
        "/usr/share/icons/hicolor/scalable/mimetypes/application-x-persona-studio.svg",
    ):
        assert path in rows, path
    owners = {line.split()[1] for line in listing.splitlines()}
    assert owners == {"root/root"}


def test_the_launcher_runs_the_installed_bundle():
    launcher = (linux.LINUX / "persona-studio.sh").read_text()
    assert 'exec /opt/persona-studio/PersonaStudio "$@"' in launcher


def test_the_menu_entry_opens_projects_and_audio():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(linux.LINUX / "persona-studio.desktop")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == "persona-studio %F"
    assert desktop["Icon"] == contents.APP_ID
    assert contents.MIME_TYPE in desktop["MimeType"].split(";")
    validate = shutil.which("desktop-file-validate")
    if validate:
        done = subprocess.run([validate, str(linux.LINUX / "persona-studio.desktop")],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_mime_type_claims_persona_files():
    namespace = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ElementTree.parse(linux.LINUX / "persona-studio-mime.xml").getroot()
    mime = root.find("m:mime-type", namespace)
    assert mime.get("type") == contents.MIME_TYPE
    assert mime.find("m:glob", namespace).get("pattern") == "*" + contents.PROJECT_SUFFIX
