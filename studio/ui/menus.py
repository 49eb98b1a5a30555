"""The main window's menu bar, recent-files menu and transport toolbar.

Every action is named in ``window.actions_by_name`` (its text without ``&`` or ``…``), which
the keyboard shortcuts sheet lists; the window keeps the transport actions and the toolbar's
labels as attributes (``play_action``, ``time_label``, …).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel

from . import file_dialogs
from .icons import icon
from .model.viewport import format_time


def add_action(
    window, menu, text: str, slot=None, shortcut=None, tip: str = "", icon_name: str = ""
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setStatusTip(tip)
    if icon_name:
        action.setIcon(icon(icon_name))
    if slot is not None:
        action.triggered.connect(slot)
    menu.addAction(action)
    window.actions_by_name[text.replace("&", "").rstrip("…")] = action
    return action


def build_menus(window) -> None:
    bar = window.menuBar()
    _file_menu(window, bar.addMenu("&File"))
    _edit_menu(window, bar.addMenu("&Edit"))
    _view_menu(window, bar.addMenu("&View"))
    _transport_menu(window, bar.addMenu("&Transport"))
    _tools_menu(window, bar.addMenu("T&ools"))
    _help_menu(window, bar.addMenu("&Help"))


def _file_menu(window, file) -> None:
    action = partial(add_action, window, file)
    action("&New project", window.new_project, QKeySequence.StandardKey.New,
           "Start an empty project", "document-new")  # fmt: skip
    action("&Open…", partial(file_dialogs.open_dialog, window), QKeySequence.StandardKey.Open,
           "Open a project, or audio files as new tracks", "document-open")  # fmt: skip
    window.recent_menu = file.addMenu("Open &recent")
    window.recent_menu.aboutToShow.connect(window.rebuild_recent)
    window.rebuild_recent()
    action("&Save", partial(file_dialogs.save, window), QKeySequence.StandardKey.Save,
           "Save the project", "document-save")  # fmt: skip
    action("Save &as…", partial(file_dialogs.save_as, window), "Ctrl+Shift+S",
           "Save the project under a new name", "document-save-as")  # fmt: skip
    file.addSeparator()
    action("&Import audio…", partial(file_dialogs.import_dialog, window), "Ctrl+I",
           "Add audio files as new tracks", "audio-import")  # fmt: skip
    action(
        "&Export result…",
        lambda: window.output.current and file_dialogs.export_dialog(window, window.output.current),
        "Ctrl+Shift+E",
        "Save the shown result as PNG, WAV or FLAC with its recipe",
        "export",
    )
    action("&Batch generate…", window.batch_dialog, "Ctrl+B",
           "Run a folder of files through one generator", "batch")  # fmt: skip
    file.addSeparator()
    action("&Preferences…", window.preferences_dialog, QKeySequence.StandardKey.Preferences,
           "Device, audio, storage, theme", "preferences")  # fmt: skip
    window.actions_by_name["Preferences"].setShortcuts(
        [QKeySequence("Ctrl+,")]  # the platform's own key (macOS: Cmd+,) is this one too
    )
    file.addSeparator()
    action("&Quit", window.close, QKeySequence.StandardKey.Quit)


def fill_recent_menu(window) -> None:
    menu = window.recent_menu
    menu.clear()
    for number, path in enumerate(window.settings.recent, start=1):
        action = menu.addAction(f"&{number % 10}  {Path(path).name}")
        action.setToolTip(path)
        action.setStatusTip(path)
        action.triggered.connect(lambda _=False, p=path: window.open_files([p]))
    menu.setEnabled(bool(window.settings.recent))


def _edit_menu(window, edit) -> None:
    action = partial(add_action, window, edit)
    editor = window.editor
    undo = window.document.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence("Ctrl+Z"))
    redo = window.document.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit.addActions([undo, redo])
    edit.addSeparator()
    action("Cu&t", editor.cut, QKeySequence.StandardKey.Cut)
    action("&Copy", editor.copy, QKeySequence.StandardKey.Copy)
    action("&Paste", editor.paste, QKeySequence.StandardKey.Paste)
    action("&Delete", editor.delete, QKeySequence.StandardKey.Delete)
    action("&Trim to selection", editor.trim, "Ctrl+T")
    edit.addSeparator()
    action("Fade &in", editor.fade_in)
    action("Fade &out", editor.fade_out)
    action("&Normalise", editor.normalise)
    action("&Gain…", window.ask_gain)
    edit.addSeparator()
    action("Select &all", window.select_all, QKeySequence.StandardKey.SelectAll)

    def snap(checked: bool) -> None:
        window.timeline.snap_to_zero = checked

    action("&Snap to zero crossings", snap).setCheckable(True)


def _view_menu(window, view) -> None:
    action = partial(add_action, window, view)
    timeline = window.timeline
    zoom_in = action("Zoom &in", timeline.zoom_in)
    zoom_in.setShortcuts([QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")])
    action("Zoom &out", timeline.zoom_out, QKeySequence.StandardKey.ZoomOut)
    action("Zoom to &selection", window.zoom_to_selection, "Ctrl+E")
    action("Zoom to &fit", timeline.fit, "Ctrl+F")
    smooth = action("S&mooth image scaling", window.output.smooth.setChecked)
    smooth.setCheckable(True)
    window.output.smooth.toggled.connect(smooth.setChecked)
    view.addAction(window.mixer_dock.toggleViewAction())


def _transport_menu(window, transport_menu) -> None:
    action = partial(add_action, window, transport_menu)
    transport = window.transport
    window.play_action = action("▶ Play", transport.play_pause, "Space",
                                "Play or pause the selection, or from the playhead")  # fmt: skip
    window.stop_action = action("■ Stop", transport.stop, "Ctrl+Space",
                                "Stop and go back to where playback started")  # fmt: skip
    window.loop_action = action("⟲ Loop", None, "L", "Repeat the selection while playing")
    window.loop_action.setCheckable(True)
    window.loop_action.toggled.connect(transport.set_loop)
    action("● Record / stop recording", window.record_bar.toggle, "R")


def _tools_menu(window, tools) -> None:
    action = partial(add_action, window, tools)
    action("&Model manager…", window.model_manager, "Ctrl+Shift+M",
           "Weights per plugin: import, verify, rename, remove", "models")  # fmt: skip
    action("&Plugin manager…", window.plugin_manager, "Ctrl+Shift+P",
           "Plugins, their generators and errors; turn them on or off", "plugins")  # fmt: skip
    action("&Generate", window.generator.generate_or_cancel, "Ctrl+Return",
           "Generate (or cancel the running generation)", "generate")  # fmt: skip


def _help_menu(window, help_menu) -> None:
    add_action(window, help_menu, "&Keyboard shortcuts", window.shortcuts_sheet, "Ctrl+/",
               "Every action and its keys", "keyboard")  # fmt: skip
    keys = (QKeySequence("Ctrl+/"), QKeySequence(QKeySequence.StandardKey.HelpContents))
    window.actions_by_name["Keyboard shortcuts"].setShortcuts(
        [key for key in keys if not key.isEmpty()]
    )
    add_action(window, help_menu, "&Demo data…", window.demo_data_sheet, None,
               "The synthetic corpus's speakers as avatars, and how a voice makes one",
               "demo-data")  # fmt: skip


# -- transport toolbar ------------------------------------------------------------------------


def build_toolbar(window) -> None:
    """Play, stop, loop, the playhead's time, why playback is unavailable, and recording."""
    bar = window.addToolBar("Transport")
    bar.setObjectName("transport")
    bar.setMovable(False)
    bar.addAction(window.play_action)
    bar.addAction(window.stop_action)
    bar.addAction(window.loop_action)
    window.time_label = QLabel("0:00.000")
    window.time_label.setMinimumWidth(90)
    window.time_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    bar.addWidget(window.time_label)
    window.playback_reason = QLabel()
    window.playback_reason.setStyleSheet("color: gray")
    window.playback_action = bar.addWidget(window.playback_reason)
    bar.addSeparator()
    bar.addWidget(window.record_bar)
    window.transport.stateChanged.connect(lambda: show_transport_state(window))
    window.timeline.playheadChanged.connect(
        lambda seconds: window.time_label.setText(format_time(seconds, 0.001))
    )
    show_transport_state(window)


def show_transport_state(window) -> None:
    transport = window.transport
    window.play_action.setText("❚❚ Pause" if transport.playing else "▶ Play")
    for action in (window.play_action, window.stop_action):
        action.setEnabled(transport.available)
        action.setToolTip(transport.unavailable or action.text().split(" ", 1)[1])
    window.playback_reason.setText(transport.unavailable or "")
    window.playback_action.setVisible(not transport.available)
