"""The sound-to-scene flow as a new user tries it in the app: two field recordings on two
tracks, Generate with the bundled demo model, raise one track's fader, Generate again: that
track's object (found by its colour, no classifier) is bigger: the rain and the bird."""

from __future__ import annotations

from app_driver import drop_files, generate, wait_for_tracks

from studio.demodata.scene_measure import areas
from studio.demodata.sound_scenes import write_recordings
from studio.demodata.sound_sources import CLASSES
from studio.ui.model.project import Selection

GENERATOR = "sound2vision:sound-to-scene"
BIRD = CLASSES.index("birdsong")


def test_raising_a_tracks_fader_grows_its_object(qtbot, window, tmp_path):
    write_recordings(tmp_path, seed=77)
    drop_files(window, [tmp_path / "rain.wav", tmp_path / "birdsong.wav"])
    wait_for_tracks(qtbot, window, 2)
    bird = {t.name: t for t in window.document.project.tracks}["birdsong.wav"]
    window.document.set_selection(Selection(0.0, 2.0, frozenset()))
    panel = window.generator
    panel.select_generator(GENERATOR)
    panel.params.set_values({"z_var": 0.0})
    fader = window.mixer.strips[bird.id].fader.slider

    fader.setValue(-60)  # the slider counts tenths of a dB
    quiet = generate(qtbot, window, GENERATOR)
    fader.setValue(120)
    assert window.document.project.track(bird.id).volume_db == 12.0
    loud = generate(qtbot, window, GENERATOR)

    assert (loud.model.plugin, loud.model.name) == ("sound2vision", "demo")
    before, after = areas(quiet.output.pixels)[BIRD], areas(loud.output.pixels)[BIRD]
    assert after > before + 0.02, (before, after)
