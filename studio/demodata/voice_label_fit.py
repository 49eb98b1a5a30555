"""Refitting ``voice_label.CALIBRATION`` on the synthesiser's own speakers, and how well the
labeller then agrees with the parameters they were drawn with.

    .venv/bin/python -m studio.demodata.voice_label_fit [--speakers 60] [--seed 7]

prints the fitted constants (to paste into ``voice_label.CALIBRATION``) and, per parameter, the
Spearman correlation and the typical error of the label against the drawn value. The fit is
ordinary least squares of the drawn parameter on the raw measure (see ``voice_label``), each
speaker measured on two 4 s utterances joined by a pause.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence

import numpy as np

from . import seeds
from .speakers import SpeakerParams, draw_speakers
from .voice import utterance
from .voice_label import CALIBRATION, RATE, Measures, calibrate, join_clips, measure_voice

FIT_SPEAKERS = 60
FIT_SEED = 7
UTTERANCES = 2
SECONDS = 4.0
_LINEAR = {  # label name -> the raw measure it is fitted on
    "vtl_cm": "tube_length_cm",
    "breathiness": "hnr_db",
    "f0_range_st": "f0_span_st",
    "rate_syl_s": "peaks_per_s",
}
FIELDS = ("f0_hz", "f0_range_st", "vtl_cm", "breathiness", "rate_syl_s", "jitter")


def speaker_audio(speaker: SpeakerParams, seed: int) -> np.ndarray:
    """The speaker's utterances of ``seed`` joined into one 16 kHz signal."""
    clips = [
        utterance(speaker, seeds.derive_seed(seed, seeds.UTTERANCE, speaker.index, k), SECONDS)
        for k in range(UTTERANCES)
    ]
    return join_clips(clips)


def measure_speakers(
    speakers: Sequence[SpeakerParams], seed: int
) -> list[tuple[SpeakerParams, Measures]]:
    return [(s, measure_voice(speaker_audio(s, seed), RATE)) for s in speakers]


def fit_calibration(measured: list[tuple[SpeakerParams, Measures]]) -> dict[str, tuple[float, ...]]:
    """Least-squares constants of ``voice_label.CALIBRATION`` from (drawn, measured) pairs."""
    fitted: dict[str, tuple[float, ...]] = {}
    for name, raw in _LINEAR.items():
        x = np.array([getattr(m, raw) for _, m in measured])
        y = np.array([getattr(s, name) for s, _ in measured])
        slope, offset = np.polyfit(x, y, 1)
        fitted[name] = (round(float(slope), 4), round(float(offset), 4))
    design = np.array([[math.log(max(m.jitter_ppq5, 1e-6)), m.hnr_db, 1.0] for _, m in measured])
    target = np.log([s.jitter for s, _ in measured])
    coef = np.linalg.lstsq(design, target, rcond=None)[0]
    fitted["jitter"] = tuple(round(float(c), 4) for c in coef)
    return fitted


def agreement(measured: list[tuple[SpeakerParams, Measures]]) -> dict[str, dict[str, float]]:
    """Per parameter, with the constants now in ``CALIBRATION``: Spearman's rho of label against
    drawn value, and the median, 90th percentile and largest absolute error, relative to the
    drawn value for F0 and VTL (``relative`` 1) and in the parameter's units for the rest."""
    from scipy.stats import spearmanr

    out = {}
    for name in FIELDS:
        drawn = np.array([getattr(s, name) for s, _ in measured])
        labelled = np.array([getattr(calibrate(m), name) for _, m in measured])
        relative = name in ("f0_hz", "vtl_cm")
        error = np.abs(labelled - drawn) / (drawn if relative else 1.0)
        out[name] = {
            "spearman": float(spearmanr(drawn, labelled)[0]),
            "relative": float(relative),
            "median_error": float(np.median(error)),
            "p90_error": float(np.percentile(error, 90)),
            "max_error": float(error.max()),
        }
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m studio.demodata.voice_label_fit")
    parser.add_argument("--speakers", type=int, default=FIT_SPEAKERS)
    parser.add_argument("--seed", type=int, default=FIT_SEED)
    parser.add_argument(
        "--check", type=int, default=None, metavar="SEED", help="also report on other speakers"
    )
    args = parser.parse_args(argv)
    measured = measure_speakers(draw_speakers(args.speakers, args.seed), args.seed)
    print("fitted CALIBRATION = {")
    for name, values in fit_calibration(measured).items():
        print(f"    {name!r}: {values},  # in use: {CALIBRATION[name]}")
    print("}")
    sets = [(f"seed {args.seed} (the fit's speakers)", measured)]
    if args.check is not None:
        others = measure_speakers(draw_speakers(args.speakers, args.check), args.check)
        sets.append((f"seed {args.check} (other speakers)", others))
    for title, data in sets:
        print(f"labels with the constants in use, {len(data)} speakers of {title}:")
        for name, figures in agreement(data).items():
            form = "{:.1%}" if figures["relative"] else "{:.4g}"
            median, p90, most = (
                form.format(figures[key]) for key in ("median_error", "p90_error", "max_error")
            )
            print(
                f"  {name:12s} Spearman {figures['spearman']:.3f}  |error| median {median}  "
                f"90th percentile {p90}  max {most}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
