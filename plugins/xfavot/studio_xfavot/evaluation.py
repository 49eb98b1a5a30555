"""How well the xfavot demo model carries a speaker's traits across modalities.

On the held-out ("test") speakers of the synthetic voices-faces corpus:

- face -> voice: a few fixed source utterances are converted with every held-out speaker's
  face as the reference; the mean F0 of the output is measured (autocorrelation pitch on the
  voiced frames) and rank-correlated with the F0 of the face's speaker (the demo's target: >= 0.6);
- voice -> face: a fixed source face is restyled with every held-out speaker's voice; the face
  measurements of ``studio.ml.evaluation.faces`` are rank-correlated with the speaker's
  parameters (the same attribute pairs as the wen2019 evaluation; the demo's target: >= 0.6);
- face -> voice, vocal tract: the same outputs' formant scale against their sources
  (``formants``: LPC envelopes of the same words) is rank-correlated with the VTL of the face's
  speaker, which the corpus draws as head size; no threshold, it shows the voice changing
  with the photo beyond gender;
- content: the demo's vowel recogniser (the ASR role, trained on the corpus's known vowel
  sequences) transcribes the face -> voice outputs and their sources; the ratio of its vowel
  accuracy on converted speech to that on the source (the demo's target: >= 0.7).

Two diagnostics go with them (no threshold): voice -> voice mean-F0 Spearman, the same measure
with a voice reference (what face -> voice can reach once faces and voices share styles), and
the style spread: how far styles of one gender vary between speakers, relative to their size.
A spread near 0 means the style encoders have collapsed onto one style per gender head, so
only the gender can carry across.
Because the corpus's two F0 registers follow gender, gender alone ranks F0 well (a perfect
gender guess scores 0.86 on the 40 held-out speakers); the F0 Spearmans are therefore also
given within each register.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from studio.ml.evaluation.faces import ATTRIBUTES, face_pixels, smooth
from studio.ml.evaluation.formants import loud_frames, lpc_envelope, speech_formant_scale

SOURCES = 2  # source utterances / faces per evaluation, from the first held-out speakers
SOURCE_SECONDS = 3.0
PITCH_RANGE_HZ = (60.0, 400.0)
VOICED_PEAK = 0.5  # normalised autocorrelation above which a frame counts as voiced

# (generator id, inputs by slot name, params) -> the output Image or AudioClip
Run = Callable[[str, dict[str, Any], dict[str, Any]], Any]


def mean_f0(wave: np.ndarray, rate: int) -> float:
    """Median F0 (Hz) over the voiced 40 ms frames of ``wave``, NaN when none is voiced."""
    frame, hop = int(0.04 * rate), int(0.01 * rate)
    low, high = int(rate / PITCH_RANGE_HZ[1]), int(rate / PITCH_RANGE_HZ[0])
    found = []
    for start in range(0, len(wave) - frame, hop):
        x = wave[start : start + frame] - wave[start : start + frame].mean()
        energy = float(np.dot(x, x))
        if energy < 1e-6:
            continue
        ac = np.correlate(x, x, "full")[frame - 1 :] / energy
        lag = low + int(np.argmax(ac[low:high]))
        if ac[lag] > VOICED_PEAK:
            found.append(rate / lag)
    return float(np.median(found)) if found else float("nan")


def evaluate_demo(weights: Path, manifest: Path, run: Run) -> dict:
    """The figures above for the entry in ``weights``, every output made by ``run`` (the app
    hands its engine in: ``studio.evaluation.running.engine_runner``)."""
    from scipy.stats import spearmanr

    from studio.ml.audio import read_audio
    from studio.ml.datasets.synthetic_labels import read_speakers
    from studio.ml.evaluation.faces import measure_face
    from studio.ml.manifest import read_manifest

    manifest = Path(manifest)
    people = {p.id: p for p in read_speakers(manifest.parent / "speakers.json")}
    held_out = {}
    for pair in read_manifest(manifest):
        if pair.split == "test" and pair.speaker not in held_out:
            held_out[pair.speaker] = pair
    names = sorted(held_out)
    sources = [_shortened(read_audio(held_out[n].audio)) for n in names[:SOURCES]]
    source_envelopes = [lpc_envelope(loud_frames(s.samples[0], s.rate)) for s in sources]
    modules = load_modules(weights)
    recogniser = _Recogniser(
        modules.asr, manifest, people, [held_out[n].audio for n in names[:SOURCES]]
    )

    def converted(generator: str, reference: str, params: dict, score: bool, tract: bool = True):
        """Per held-out reference speaker: the outputs' mean F0, and (``tract``) their mean log
        formant scale against the sources they were converted from (same words, so only the
        tract differs; an empty list without ``tract``)."""
        f0s, scales = [], []
        for name in names:
            outputs = [run(generator, {"source": s, "reference": getattr(held_out[name], reference)}, params)
                       for s in sources]  # fmt: skip
            for index, output in enumerate(outputs):
                if score:
                    recogniser.score_converted(index, output)
            # NaN where an output has no voiced frame
            measured = [mean_f0(output.samples[0], 24000) for output in outputs]
            voiced = [m for m in measured if np.isfinite(m)]
            f0s.append(float(np.mean(voiced)) if voiced else float("nan"))
            if tract:
                scales.append(float(np.mean([
                    np.log(speech_formant_scale(output.samples[0], 24000, envelope))
                    for output, envelope in zip(outputs, source_envelopes)
                ])))  # fmt: skip
        return f0s, scales

    def drawn_faces(params: dict) -> list[list[np.ndarray]]:
        """Per held-out speaker: the voice -> face outputs of its voice on the source faces."""
        return [[run("xfavot:voice-to-face",
                     {"source": held_out[s].face, "reference": held_out[name].audio},
                     params).pixels
                 for s in names[:SOURCES]]
                for name in names]  # fmt: skip

    def face_spearmans(faces: list[list[np.ndarray]]) -> tuple[dict, dict]:
        """Per attribute: the Spearman of the faces' mean measurements over all held-out
        speakers, and within each register."""
        measured_faces = []
        for pixels in faces:
            outputs = [measure_face(smooth(_as_64(p))) for p in pixels]
            measured_faces.append({k: float(np.mean([o[k] for o in outputs])) for k in outputs[0]})
        overall, within = {}, {}
        for attribute, (measurement, sign) in ATTRIBUTES.items():
            truth = [getattr(people[name], attribute) for name in names]
            measured = [sign * f[measurement] for f in measured_faces]
            overall[attribute] = _rho(spearmanr(measured, truth))
            within[attribute] = _within_gender(measured, truth, f0_true)
        return overall, within

    f0_true = [people[name].f0_hz for name in names]
    # A longer tract lowers the formants: rank the VTL against minus the log scale.
    vtl_true = [people[name].vtl_cm for name in names]
    bridged, direct = {"bridge": True}, {"bridge": False}
    f0_out, scale_out = converted("xfavot:face-to-voice", "face", bridged, score=True)
    f0_direct, _ = converted("xfavot:face-to-voice", "face", direct, score=False, tract=False)
    f0_voice, scale_voice = converted("xfavot:voice-to-voice", "audio", {}, score=False)
    vtl_out, vtl_voice = [-s for s in scale_out], [-s for s in scale_voice]
    face_rho, face_within = face_spearmans(drawn_faces(bridged))
    face_rho_direct, _ = face_spearmans(drawn_faces(direct))
    true_rho, true_within = face_spearmans([[face_pixels(held_out[n].face)] for n in names])
    return {
        "held_out_speakers": len(names),
        "face_to_voice_f0_spearman": _rho(spearmanr(f0_out, f0_true, nan_policy="omit")),
        "face_to_voice_output_f0_hz": [round(v, 1) if np.isfinite(v) else None for v in f0_out],
        "voice_to_face_spearman": face_rho,
        **recogniser.summary(),
        "voice_to_voice_f0_spearman": _rho(spearmanr(f0_voice, f0_true, nan_policy="omit")),
        # The voice follows the face's head size too: the output's formants against its source.
        "face_to_voice_vtl_spearman": _rho(spearmanr(vtl_out, vtl_true)),
        "voice_to_voice_vtl_spearman": _rho(spearmanr(vtl_voice, vtl_true)),
        "vtl_spearman_within_gender": {
            "face_to_voice": _within_gender(vtl_out, vtl_true, f0_true),
            "voice_to_voice": _within_gender(vtl_voice, vtl_true, f0_true),
        },
        # Gender alone ranks the speakers' F0 well (two registers); these show the rest.
        "f0_spearman_within_gender": {
            "face_to_voice": _within_gender(f0_out, f0_true, f0_true),
            "voice_to_voice": _within_gender(f0_voice, f0_true, f0_true),
        },
        "voice_to_face_spearman_within_gender": face_within,
        # The same measurements on the speakers' own faces: how far a measure can rank its
        # attribute at all (within a register the face's pitch cues are small).
        "true_faces_spearman": {"all": true_rho, "within_gender": true_within},
        # The paper's direct use of the other modality's style (the bridge param off).
        "without_style_bridge": {
            "face_to_voice_f0_spearman": _rho(spearmanr(f0_direct, f0_true, nan_policy="omit")),
            "voice_to_face_spearman": face_rho_direct,
        },
        "style_spread": style_spread(modules, [held_out[n] for n in names], people),
    }


def style_spread(modules, samples: list, people: dict) -> dict[str, float]:
    """Per encoder, the within-gender standard deviation of the styles of ``samples`` (one per
    speaker, each through its speaker's gender head), over their mean absolute value."""
    voice, face, genders = speaker_styles(modules, samples, people)
    spread = {}
    for kind, matrix in (("voice", voice), ("face", face)):
        within = [matrix[genders == g].std(axis=0).mean() for g in np.unique(genders)]
        spread[kind] = round(float(np.mean(within) / np.abs(matrix).mean()), 4)
    return spread


def speaker_styles(modules, samples: list, people: dict):
    """E^au's style of each sample's voice and E^im's of its face, each through the gender
    head of the sample's speaker: (voice (N, 64), face (N, 64), gender codes (N,))."""
    import torch

    from studio.ml.audio import read_audio

    from .frontend import MelFrontEnd
    from .inputs import face_tensor, speech_mel
    from .training.data import REGISTER_SPLIT_HZ, read_face

    front_end, size = MelFrontEnd(), modules.config.image.img_size
    voice, face, genders = [], [], []
    with torch.inference_mode():
        for sample in samples:
            g = torch.tensor([int(people[sample.speaker].f0_hz >= REGISTER_SPLIT_HZ)])
            mel = speech_mel(read_audio(sample.audio), str(sample.audio), front_end)
            voice.append(modules.style_audio(mel[:, None], g)[0].numpy())
            picture = face_tensor(read_face(sample.face), str(sample.face), size)
            face.append(modules.style_image(picture, g)[0].numpy())
            genders.append(int(g))
    return np.stack(voice), np.stack(face), np.array(genders)


class _Recogniser:
    """Vowel accuracy of the entry's own recogniser on the sources and on converted speech."""

    def __init__(self, net, manifest: Path, people: dict, sources: list[Path]) -> None:
        from studio.ml.audio import read_audio
        from studio.ml.datasets.synthetic_labels import SAMPLE_RATE, utterance_labels

        self.net = net
        self.truth: list[list[int]] = []
        self.source_accuracy: list[float] = []
        self.converted: list[float] = []
        if self.net is None:
            return
        self.net.eval()
        cut = SOURCE_SECONDS * SAMPLE_RATE
        for path in sources:
            labels = utterance_labels(
                Path(manifest).parent, people[path.parent.name], int(path.stem)
            )
            self.truth.append([
                int(seg.label) + 1 for seg in labels.segments
                if seg.kind == "vowel" and (seg.start + seg.stop) / 2 < cut
            ])  # fmt: skip
            self.source_accuracy.append(
                self._accuracy(_shortened(read_audio(path)), self.truth[-1])
            )

    def _accuracy(self, clip, truth: list[int]) -> float:
        import torch

        from .frontend import MelFrontEnd, speech_wave
        from .training.auxiliary import recognise, vowel_accuracy

        with torch.inference_mode():
            mel = MelFrontEnd()(speech_wave(clip, "converted speech")[None])[0]
            return vowel_accuracy(recognise(self.net, mel), truth)

    def score_converted(self, source: int, clip) -> None:
        if self.net is not None:
            self.converted.append(self._accuracy(clip, self.truth[source]))

    def summary(self) -> dict:
        if self.net is None:
            return {"phone_accuracy_ratio": None}
        source, converted = float(np.mean(self.source_accuracy)), float(np.mean(self.converted))
        return {
            "phone_accuracy_source": round(source, 3),
            "phone_accuracy_converted": round(converted, 3),
            "phone_accuracy_ratio": round(converted / source, 3) if source > 0 else None,
        }


def load_modules(weights: Path):
    """The entry's modules on the CPU, in eval mode."""
    import json

    from studio.ml.checkpoint import load_safetensors

    from .model import from_entry

    weights = Path(weights)
    return from_entry(
        load_safetensors(weights / "model.safetensors"),
        json.loads((weights / "config.json").read_text()),
    ).to("cpu")


def _within_gender(
    measured: list[float], truth: list[float], f0_hz: list[float]
) -> dict[str, float | None]:
    """The Spearman within the low and the high F0 register (the corpus's two genders)."""
    from scipy.stats import spearmanr

    from .training.data import REGISTER_SPLIT_HZ

    measured_array, truth_array = np.array(measured), np.array(truth)
    high = np.array(f0_hz) >= REGISTER_SPLIT_HZ
    return {
        register: _rho(spearmanr(measured_array[rows], truth_array[rows], nan_policy="omit"))
        for register, rows in (("low", ~high), ("high", high))
    }


def _rho(result) -> float | None:
    """The statistic, or None (JSON null) when undefined, e.g. no output was voiced."""
    value = float(result.statistic)
    return round(value, 3) if np.isfinite(value) else None


def _shortened(clip):
    from studio.api import AudioClip

    return AudioClip(clip.samples[:, : int(SOURCE_SECONDS * clip.rate)], clip.rate)


def _as_64(pixels: np.ndarray) -> np.ndarray:
    if pixels.shape[0] == 64:
        return pixels
    from PIL import Image

    return np.asarray(Image.fromarray(pixels).resize((64, 64), Image.Resampling.LANCZOS))


def style_basis(weights: Path, manifest: Path, components: int = 8, per_speaker: int = 2):
    """Named slider directions of the shared style space, over the training speakers' voices
    AND faces (each through its own encoder and the speaker's gender head): first, for each
    speaker parameter, the ridge direction whose projection follows it (kept, and named "more
    <parameter>", when a direction fitted on half the speakers reaches a Spearman of
    ``NAMING_THRESHOLD`` on the other half), then the principal axes
    of what those leave, up to ``components``. L_csc with a sharp temperature spreads the
    styles evenly over many axes, so principal axes alone no longer line up with parameters."""
    from scipy.stats import spearmanr

    from studio.ml.datasets.synthetic_labels import read_speakers
    from studio.ml.evaluation.latent_names import NAMING_THRESHOLD, PARAMETER_NAMES
    from studio.ml.manifest import read_manifest

    modules = load_modules(weights)
    people = {p.id: p for p in read_speakers(Path(manifest).parent / "speakers.json")}
    taken: dict[str, int] = {}
    chosen = []
    for sample in read_manifest(manifest):
        if sample.split == "train" and taken.get(sample.speaker, 0) < per_speaker:
            taken[sample.speaker] = taken.get(sample.speaker, 0) + 1
            chosen.append(sample)
    voice, face, _ = speaker_styles(modules, chosen, people)
    # each sample's voice style, then its face style
    styles = np.stack([voice, face], axis=1).reshape(-1, voice.shape[1]).astype(np.float64)
    owners = [sample.speaker for sample in chosen for _ in ("voice", "face")]
    centred = styles - styles.mean(axis=0)
    # half the speakers fit a direction, the other half judge it: a 64-d fit in-sample would
    # name a direction after noise
    speakers = sorted(set(owners))
    fitting = np.isin(owners, speakers[::2])
    names, vectors = [], []
    for parameter, title in PARAMETER_NAMES.items():
        target = np.array([getattr(people[o], parameter) for o in owners], np.float64)
        half = _ridge_direction(centred[fitting], target[fitting])
        judged = spearmanr(centred[~fitting] @ half, target[~fitting]).statistic
        if judged >= NAMING_THRESHOLD:
            names.append(f"more {title}")
            vectors.append(_ridge_direction(centred, target))
    named = np.linalg.qr(np.stack(vectors).T)[0] if vectors else np.zeros((styles.shape[1], 0))
    rest = centred - centred @ named @ named.T
    _, _, axes = np.linalg.svd(rest, full_matrices=False)
    for index in range(components - len(vectors)):
        names.append(f"PC{index + 1}")
        vectors.append(axes[index])
    return names, np.stack(vectors)


def _ridge_direction(styles: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The unit direction of the style bridge's ridge fit (its strength, too) of ``target`` on
    ``styles``."""
    import torch

    from .training.style_bridge import RIDGE, ridge_map

    weight, _ = ridge_map(
        torch.from_numpy(styles).float(), torch.from_numpy(target).float()[:, None], RIDGE
    )
    direction = weight[:, 0].double().numpy()
    return direction / max(np.linalg.norm(direction), 1e-12)
