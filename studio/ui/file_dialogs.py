"""The file pickers and questions around the window's project: Open, Import audio, Save, Save
as, Export result, and "save the changes first?" before the project is closed or replaced.

Each function takes the main window. With no one at the screen (:mod:`.unattended`) nothing
here asks: closing keeps unsaved work in the recovery file instead.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from studio.api import Image
from studio.api.errors import StudioError
from studio.app.batch import AUDIO_SUFFIXES
from studio.project import SUFFIX

from .model.images import IMAGE_SUFFIXES
from .model.results import Result, default_name
from .unattended import unattended
from .workers import describe

CLOSING = "closing"  # what confirm_discard is asked before the window closes
PROJECT_FILTER = f"Persona Studio project (*{SUFFIX})"


def open_dialog(window) -> None:
    audio = " ".join(f"*{suffix}" for suffix in AUDIO_SUFFIXES)
    pictures = " ".join(f"*{suffix}" for suffix in sorted(IMAGE_SUFFIXES))
    paths, _ = QFileDialog.getOpenFileNames(
        window,
        "Open",
        "",
        f"Projects, audio and pictures (*{SUFFIX} {audio} {pictures});;"
        f"Persona Studio projects (*{SUFFIX});;Audio files ({audio});;"
        f"Pictures ({pictures});;All files (*)",
    )
    window.open_files(paths)


def import_dialog(window) -> None:
    audio = " ".join(f"*{suffix}" for suffix in AUDIO_SUFFIXES)
    paths, _ = QFileDialog.getOpenFileNames(
        window, "Import audio", "", f"Audio files ({audio});;All files (*)"
    )
    window.loader.open([Path(p) for p in paths])


def save(window) -> bool:
    if window.files.path is None:
        return save_as(window)
    window.files.save_to(window.files.path)
    return True


def save_as(window) -> bool:
    path = _choose_project_file(window, window.files.path or Path.home() / f"Untitled{SUFFIX}")
    if not path:
        return False
    path = Path(path)
    if path.suffix.lower() != SUFFIX:
        path = path.with_name(path.name + SUFFIX)
    window.files.save_to(path)
    return True


def _choose_project_file(window, suggested: Path) -> str:
    """The file name chosen in a Save dialog; empty when cancelled."""
    path, _ = QFileDialog.getSaveFileName(window, "Save project", str(suggested), PROJECT_FILTER)
    return path


def export_dialog(window, result: Result) -> None:
    if isinstance(result.output, Image):
        filters = "PNG image (*.png)"
    else:
        filters = "WAV audio (*.wav);;FLAC audio (*.flac)"
    path, _ = QFileDialog.getSaveFileName(window, "Export result", default_name(result), filters)
    if path:
        window.export_result(result, Path(path))


# -- unsaved changes ------------------------------------------------------------------------


def confirm_discard(window, doing: str) -> bool:
    """True when there are no unsaved changes, or the user saved or gave them up."""
    if not window.files.dirty:
        return True
    answer = window.ask_unsaved(doing)  # through the window: tests answer in its place
    if answer == "save":
        return _save_before(window)
    if answer == "keep":
        return _keep_unsaved(window, doing)
    return answer == "discard"


def ask_unsaved(window, doing: str) -> str:
    """ "save", "discard" or "cancel" (blocks until answered); "keep" without asking in an
    unattended run, where no one could answer."""
    if unattended():
        return "keep"
    answer = QMessageBox.question(
        window,
        "Unsaved changes",
        f"Save the changes to {window.files.title.rstrip(' *')} before {doing}?",
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )
    return {
        QMessageBox.StandardButton.Save: "save",
        QMessageBox.StandardButton.Discard: "discard",
    }.get(answer, "cancel")


def _keep_unsaved(window, doing: str) -> bool:
    """Closing keeps the work in the recovery file, offered back at the next start; opening
    or starting another project is refused, since that file holds only one project."""
    if doing != CLOSING:
        window.status.show_message(f"Not {doing}: there are unsaved changes and no one to ask")
        return False
    window.files.keep_unsaved()
    return True


def _save_before(window) -> bool:
    """Save on this thread (the project is about to be closed or replaced)."""
    path = window.files.path
    if path is None:
        chosen = _choose_project_file(window, Path.home() / f"Untitled{SUFFIX}")
        if not chosen:
            return False
        path = Path(chosen)
    try:
        window.files.save_now(path)
    except (StudioError, OSError) as error:
        window.show_failure(describe(error))
        return False
    return True
