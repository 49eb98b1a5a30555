"""How well a sound-to-scene model does on synthetic sounds-scenes it never saw.

Everything runs through the engine, as the app runs it, with ``z_var`` = 0 (the picture is a
function of the sound alone):

- **R@1 / R@5 audio-to-image retrieval** over the held-out pairs: each sound's z^A ranks every
  held-out frame's z^V by L2 distance between unit features (the space the loss aligns);
  a hit is the sound's own frame among the first k. (The paper ranks CLIP text labels of the
  generated image; no CLIP exists offline, so the encoders' own shared space is used.)
- **volume (paper M1 through the mixer)**: a source track over the ambient-bed track, its fader
  at -6, 0, +6 and +12 dB (``studio.audio.mix``, the app's mixer); the share of clips whose
  drawn object grows at every step, measured as the area of all object colours
  (``studio.demodata.scene_measure``; one source is playing, so that is its object whatever
  class its colour says) and, stricter, as the area of the source's own class colour.
- **mixing (M2)**: two sources of different classes over the bed; the share of pairs whose
  picture shows both objects (and, as a check on class identity, the share showing a class
  that is not in the mix).
- **two recordings (M3, the demo's acceptance in docs/sound2vision.md)**: a rain and a bird field recording
  (``sound_scenes.recording``, each over its own bed) on two tracks, the bird's fader at
  -6, 0, +6 and +12 dB; the share of recording seeds whose bird (its own class colour) grows at
  every step.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

GENERATOR = "sound2vision:sound-to-scene"
FADER_DB = (-6.0, 0.0, 6.0, 12.0)
EVAL_SEED = 77  # sounds for the volume and mixing checks: new to the model
BASE_LEVEL_DB = 0.0


def recall_at_k(distances: np.ndarray, k: int) -> float:
    """Share of rows whose own column (the diagonal) is among the k smallest distances."""
    distances = np.asarray(distances, np.float64)
    own = np.diag(distances)[:, None]
    rank = np.sum(distances < own, axis=1)  # ties count in the query's favour
    return float(np.mean(rank < k))


def unit(rows: np.ndarray) -> np.ndarray:
    rows = np.asarray(rows, np.float64)
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)


class Scenes:
    """The engine with one weights entry, for repeated z_var = 0 generations."""

    def __init__(self, weights: Path | str) -> None:
        from studio.engine import Engine
        from studio.host import PluginHost
        from studio.weights import ModelStore

        self.engine = Engine(PluginHost(), ModelStore())
        self.weights = str(weights)

    def run(self, inputs: dict, **params):
        from studio.engine import GenerateRequest

        request = GenerateRequest(
            GENERATOR, inputs, {"z_var": 0.0, **params}, weights=self.weights, device="cpu"
        )
        return self.engine.generate(request)

    def picture(self, clip) -> np.ndarray:
        return self.run({"sound": clip}).output.pixels


def retrieval(scenes: Scenes, manifest: Path, split: str = "test") -> dict[str, float]:
    from studio.ml.manifest import read_manifest

    pairs = [s for s in read_manifest(manifest) if s.split == split and s.audio and s.face]
    audio, image = [], []
    for pair in pairs:
        extras = scenes.run({"sound": pair.audio, "image": pair.face}).latent.extras
        audio.append(extras["audio_feature"])
        image.append(extras["image_feature"])
    a, v = unit(np.stack(audio)), unit(np.stack(image))
    distances = np.linalg.norm(a[:, None, :] - v[None, :, :], axis=2)
    return {
        "R@1": round(recall_at_k(distances, 1) * 100, 1),
        "R@5": round(recall_at_k(distances, 5) * 100, 1),
        "pairs": len(pairs),
        "chance_R@1": round(100 / len(pairs), 1),
    }


def volume_check(scenes: Scenes, clips_per_class: int = 5) -> dict[str, float]:
    from studio.api.clip import AudioClip
    from studio.audio.mix import mix
    from studio.demodata.scene_measure import areas, object_area
    from studio.demodata.seeds import derive_seed
    from studio.demodata.sound_scenes import Placed, tracks
    from studio.demodata.sound_sources import CLASSES, RATE

    grew, own_grew, total = 0, 0, 0
    per_class = {}
    for kind in range(len(CLASSES)):
        good = 0
        for k in range(clips_per_class):
            seed = derive_seed(EVAL_SEED, kind, k)
            ambient, (source,) = tracks(seed, [Placed(kind, BASE_LEVEL_DB)])
            bed_track, source_track = AudioClip(ambient, RATE), AudioClip(source, RATE)
            pictures = [
                scenes.picture(mix([bed_track, source_track], [0.0, fader])) for fader in FADER_DB
            ]
            good += bool(np.all(np.diff([object_area(p) for p in pictures]) > 0))
            own_grew += bool(np.all(np.diff([areas(p)[kind] for p in pictures]) > 0))
        per_class[CLASSES[kind]] = good / clips_per_class
        grew += good
        total += clips_per_class
    return {
        "monotonic_share": round(grew / total, 3),
        "monotonic_share_own_class_colour": round(own_grew / total, 3),
        "clips": total,
        "per_class": per_class,
    }


def mixing_check(scenes: Scenes, pairs: int = 40) -> dict[str, float]:
    from studio.api.clip import AudioClip
    from studio.audio.mix import mix
    from studio.demodata.scene_measure import present
    from studio.demodata.seeds import derive_seed, stream
    from studio.demodata.sound_scenes import Placed, tracks
    from studio.demodata.sound_sources import CLASSES, RATE

    rng = stream(EVAL_SEED, 5)
    both = either = extra = 0
    for index in range(pairs):
        first, second = (int(k) for k in rng.choice(len(CLASSES), 2, replace=False))
        seed = derive_seed(EVAL_SEED, 100, index)
        levels = rng.uniform(3.0, 15.0, 2)
        ambient, sources = tracks(seed, [Placed(first, levels[0]), Placed(second, levels[1])])
        clip = mix([AudioClip(ambient, RATE)] + [AudioClip(s, RATE) for s in sources])
        shown = present(scenes.picture(clip))
        both += first in shown and second in shown
        either += first in shown or second in shown
        extra += bool(shown - {first, second})
    return {
        "both_shown_share": round(both / pairs, 3),
        "either_shown_share": round(either / pairs, 3),
        "other_class_shown_share": round(extra / pairs, 3),
        "pairs": pairs,
    }


def recordings_check(
    scenes: Scenes, background: int = 0, raised: int = 1, recordings: int = 5
) -> dict[str, float]:
    """The raised recording's own class colour area over its fader levels (default: the bird
    over rain), for ``recordings`` pairs of recordings made from different seeds."""
    from studio.audio.mix import mix
    from studio.demodata.scene_measure import areas
    from studio.demodata.sound_scenes import recording
    from studio.demodata.sound_sources import CLASSES

    grew, curves = 0, []
    for index in range(recordings):
        tracks = [recording(background, EVAL_SEED + index), recording(raised, EVAL_SEED + index)]
        grown = [areas(scenes.picture(mix(tracks, [0.0, fader])))[raised] for fader in FADER_DB]
        grew += bool(np.all(np.diff(grown) > 0))
        curves.append([round(float(a), 3) for a in grown])
    return {
        "tracks": [CLASSES[background], CLASSES[raised]],
        "fader_db": list(FADER_DB),
        "raised_object_grows_share": round(grew / recordings, 3),
        "raised_object_area": curves,
    }


def evaluate_demo(weights: Path, manifest: Path) -> dict:
    scenes = Scenes(weights)
    return {
        "retrieval_audio_to_image": retrieval(scenes, manifest),
        "volume_fader_grows_object": volume_check(scenes),
        "mix_shows_both": mixing_check(scenes),
        "rain_and_bird_recordings": recordings_check(scenes),
    }


def write_basis(weights: Path, manifest: Path, per_class: int = 30) -> list[str]:
    """Named slider directions in z^A space: "more <class>" (the class's mean unit feature minus
    the mean over all classes) and "louder" (paper M5: z^A at +6 dB over the bed minus at 0 dB,
    averaged), written as the entry's latent_basis.npz."""
    from studio.api.clip import AudioClip
    from studio.demodata.sound_scenes import Placed, tracks
    from studio.demodata.sound_sources import CLASSES, RATE
    from studio.ml.latent_basis import write_latent_basis

    scenes = Scenes(weights)

    def feature(clip) -> np.ndarray:
        return unit(scenes.run({"sound": clip}).latent.arrays["feature"][None])[0]

    means, louder = [], []
    for kind in range(len(CLASSES)):
        rows = []
        for k in range(per_class):
            seed = 10_000 + 100 * kind + k
            ambient, (quiet,) = tracks(seed, [Placed(kind, BASE_LEVEL_DB)])
            rows.append(feature(AudioClip(ambient + quiet, RATE)))
            if k < 5:
                loud = quiet * 10 ** (6 / 20)
                louder.append(feature(AudioClip(ambient + loud, RATE)) - rows[-1])
        means.append(np.mean(rows, axis=0))
    centre = np.mean(means, axis=0)
    names = ["louder (nearer, bigger)"] + [f"more {name}" for name in CLASSES]
    vectors = np.stack([np.mean(louder, axis=0)] + [m - centre for m in means])
    write_latent_basis(Path(weights), names, vectors)
    return names
