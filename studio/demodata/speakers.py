"""Synthetic speakers: the voice parameters that both the voice and the face are made from.

Every speaker is drawn from (seed, index) alone, so speaker 7 of seed 0 is the same whether 10 or
1000 speakers are drawn. Values are rounded when drawn, so what ``speakers.json`` records is
exactly what the synthesiser and the face painter used.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from . import seeds

F0_HZ = (85.0, 255.0)  # mean speaking F0
F0_RANGE_ST = (2.0, 7.0)  # intonation span, semitones: phrases fall 0.8x it, accents rise 0.35x
VTL_CM = (13.0, 19.0)  # vocal-tract length; formants scale as 1 / VTL
BREATHINESS = (0.0, 1.0)  # aspiration noise in the glottal source: -30 dB (0) .. +6 dB (1)
RATE_SYL_S = (3.0, 6.0)  # speaking rate, syllables per second
JITTER = (0.002, 0.012)  # standard deviation of each glottal period, as a fraction of it

# Two registers, like the two sexes of adult speech: log-F0 centred on one of these...
_REGISTER_CENTRES_HZ = (112.0, 192.0)
# ...spread by up to this much in ln(Hz) either way (a bell, so the modes stay apart).
_REGISTER_SPREAD = 0.27
# Low-register speakers get slightly longer tracts on average: a weak tie (r about -0.2), so a
# model cannot read VTL off F0 or the other way round; each has to be learnt on its own.
_VTL_REGISTER_TIE = 0.12


@dataclass(frozen=True)
class SpeakerParams:
    id: str  # "spk0007"
    index: int
    f0_hz: float
    f0_range_st: float
    vtl_cm: float
    breathiness: float
    rate_syl_s: float
    jitter: float

    @property
    def formant_scale(self) -> float:
        """Factor on every formant frequency of the 17.5 cm reference tract."""
        return 17.5 / self.vtl_cm

    @property
    def f0_position(self) -> float:
        """Mean F0 placed in 0..1 on a log scale across ``F0_HZ`` (what the face uses)."""
        return _unit(math.log(self.f0_hz), math.log(F0_HZ[0]), math.log(F0_HZ[1]))

    @property
    def vtl_position(self) -> float:
        """VTL placed in 0..1 across ``VTL_CM``."""
        return _unit(self.vtl_cm, *VTL_CM)

    @property
    def rate_position(self) -> float:
        """Speaking rate placed in 0..1 across ``RATE_SYL_S``."""
        return _unit(self.rate_syl_s, *RATE_SYL_S)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SpeakerParams:
        return cls(**{name: data[name] for name in cls.__dataclass_fields__})


def speaker_id(index: int) -> str:
    return f"spk{index:04d}"


def draw_speaker(index: int, seed: int = 0) -> SpeakerParams:
    # Only uniform draws, transformed by hand: Generator.random's stream is the most stable one.
    u = seeds.stream(seed, seeds.SPEAKER, index).random(9)
    low_register = u[0] < 0.5
    bell = (u[1] + u[2] + u[3]) / 3 - 0.5  # in [-0.5, 0.5], peaked at 0
    centre = _REGISTER_CENTRES_HZ[0] if low_register else _REGISTER_CENTRES_HZ[1]
    f0 = min(max(centre * math.exp(2 * _REGISTER_SPREAD * bell), F0_HZ[0]), F0_HZ[1])
    vtl_unit = (1 - _VTL_REGISTER_TIE) * u[4] + _VTL_REGISTER_TIE * low_register
    return SpeakerParams(
        id=speaker_id(index),
        index=index,
        f0_hz=round(f0, 2),
        f0_range_st=round(lerp(F0_RANGE_ST, u[5]), 3),
        vtl_cm=round(lerp(VTL_CM, vtl_unit), 3),
        breathiness=round(lerp(BREATHINESS, u[6]), 4),
        rate_syl_s=round(lerp(RATE_SYL_S, u[7]), 3),
        jitter=round(math.exp(lerp((math.log(JITTER[0]), math.log(JITTER[1])), u[8])), 5),
    )


def draw_speakers(n: int, seed: int = 0) -> list[SpeakerParams]:
    """Speakers ``spk0000`` .. ``spk{n-1}`` of ``seed``."""
    return [draw_speaker(index, seed) for index in range(n)]


def lerp(bounds: tuple[float, float], t: float) -> float:
    """The value a share ``t`` (0..1) of the way across ``bounds``."""
    return bounds[0] + (bounds[1] - bounds[0]) * float(t)


def _unit(value: float, low: float, high: float) -> float:
    return min(max((value - low) / (high - low), 0.0), 1.0)
