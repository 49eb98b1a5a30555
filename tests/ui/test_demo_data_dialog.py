"""Help ▸ Demo data: the corpus's speakers as avatars, a seed, and the contact sheet saved."""

from __future__ import annotations

import pytest

pytest.importorskip("python_avatars")
pytest.importorskip("resvg")

from PySide6.QtWidgets import QFileDialog

from studio.demodata.avatar_gallery import gallery
from studio.demodata.speakers import draw_speakers
from studio.ui.demo_data_dialog import SPEAKERS, TILE


def shown(qtbot, dialog, seed: int) -> None:
    qtbot.waitUntil(
        lambda: dialog.rendered_seed == seed and dialog.sheet.count() > 0, timeout=30000
    )


def test_help_menu_shows_the_speakers_of_the_corpus_as_avatars(qtbot, window):
    window.actions_by_name["Demo data"].trigger()  # not modal: nothing waits on it
    dialog = window.demo_data_dialog
    assert dialog.isVisible() and not dialog.isModal()
    shown(qtbot, dialog, 1)
    speakers = draw_speakers(SPEAKERS, 1)
    assert dialog.sheet.count() == SPEAKERS
    first = dialog.sheet.item(0)
    assert first.text() == f"{speakers[0].id}\n{speakers[0].f0_hz:.0f} Hz"
    assert first.icon().availableSizes()[0].width() == TILE
    assert "vocal tract" in first.toolTip() and "grey" in first.toolTip()

    dialog.seed.setValue(2)  # another corpus: other voices, other avatars
    shown(qtbot, dialog, 2)
    assert dialog.sheet.item(0).text() == (
        f"{draw_speakers(1, 2)[0].id}\n{draw_speakers(1, 2)[0].f0_hz:.0f} Hz"
    )
    dialog.close()


def test_the_saved_sheet_is_the_command_line_one(qtbot, window, tmp_path):
    from studio.ui.demo_data_dialog import DemoDataDialog

    dialog = DemoDataDialog.show_for(window)
    dialog.seed.setValue(3)
    assert dialog.save_sheet(tmp_path / "sheet") == tmp_path / "sheet.png"  # suffix added
    expected = gallery(draw_speakers(SPEAKERS, 3), tmp_path / "cli.png")
    assert dialog.saved.read_bytes() == expected.read_bytes()
    assert "Saved" in dialog.status.text()
    dialog.close()


def test_the_tiles_are_the_avatars_and_any_worker_thread_may_draw_them():
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np

    from studio.demodata.avatar import avatar
    from studio.ui.demo_data_dialog import render_tiles

    speaker = draw_speakers(2, 5)[1]
    on_this_thread = avatar(speaker, TILE)
    for _ in range(2):  # two threads: resvg's options are per thread
        with ThreadPoolExecutor(1) as pool:
            tile = pool.submit(render_tiles, 2, 5).result()[1]
        assert np.array_equal(tile.pixels, on_this_thread)


def test_a_sheet_that_cannot_be_written_is_said_so(qtbot, window, tmp_path):
    from studio.ui.demo_data_dialog import DemoDataDialog

    (tmp_path / "file").write_text("")
    dialog = DemoDataDialog.show_for(window)
    assert dialog.save_sheet(tmp_path / "file" / "sheet.png") is None
    assert dialog.status.text().startswith("Not saved:")
    dialog.close()


def test_save_asks_nothing_with_no_one_at_the_screen(qtbot, window, monkeypatch):
    def asked(*args, **kwargs):
        raise AssertionError("a file dialog was opened unattended")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", asked)
    window.demo_data_sheet()
    window.demo_data_dialog.save_button.click()  # offscreen: unattended, so it does nothing
    assert window.demo_data_dialog.saved is None
    window.demo_data_dialog.close()
