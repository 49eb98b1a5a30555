"""One model-store entry holds every inference module of XFaVoT; this builds them from it.

Keys are prefixed by role (``generator_image.`` ...). Only what inference needs is stored (the
EMA copies of G^im, G^au, E^im, E^au and F, App. A), plus the frozen JDC when G^au has an F0
branch and, optionally, the classifier C and the gender probes for "auto" reference gender
(``networks/gender_probe.py``: ``face_gender`` for faces, ``voice_gender`` for voices, which
takes precedence over C's gender outputs) and the style bridge between the two encoders' style
spaces (``networks/style_bridge.py``). All three are fitted after training.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import torch
from torch import nn

from studio.api import WeightsError

from .networks.asr import ASRConfig, ASRNet
from .networks.audio import AudioConfig, AudioDiscriminator, AudioGenerator, AudioStyleEncoder
from .networks.gender_probe import GenderProbe, trunk_width
from .networks.image import ImageConfig, ImageGenerator, ImageStyleEncoder
from .networks.jdc import JDCConfig, JDCNet
from .networks.mapping import MappingConfig, MappingNetwork
from .networks.style_bridge import StyleBridge

ARCHITECTURE = "xfavot"
ROLES = ("generator_image", "generator_audio", "style_image", "style_audio", "mapping")
OPTIONAL_ROLES = ("f0", "classifier", "asr", "face_gender", "voice_gender", "style_bridge")


@dataclass(frozen=True)
class XFaVoTConfig:
    image: ImageConfig = field(default_factory=ImageConfig)
    audio: AudioConfig = field(default_factory=AudioConfig)
    mapping: MappingConfig = field(default_factory=MappingConfig)
    jdc: JDCConfig | None = field(default_factory=JDCConfig)
    # The phone recogniser the recipe's L_asr used, kept with the demo so its quality figure
    # (phone accuracy on converted speech) can be re-measured; generation never needs it.
    asr: ASRConfig | None = None
    # True when the classifier C's gender outputs were trained (L_cls with gender codes), so
    # "auto" reference gender may ask it.
    classifier_reads_gender: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "architecture": ARCHITECTURE,
            "image": asdict(self.image),
            "audio": asdict(self.audio),
            "mapping": asdict(self.mapping),
            "jdc": None if self.jdc is None else asdict(self.jdc),
            "asr": None if self.asr is None else asdict(self.asr),
            "classifier_reads_gender": self.classifier_reads_gender,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> XFaVoTConfig:
        if data.get("architecture") == "xfavot-aux":
            raise WeightsError(
                f"this entry holds only StarGANv2-VC's {data.get('role')} network, which the "
                "training recipe uses (--set f0=<entry>); pick a full XFaVoT model to generate"
            )
        if data.get("architecture") != ARCHITECTURE:
            raise WeightsError(f"not an XFaVoT entry (architecture {data.get('architecture')!r})")
        jdc, asr = data.get("jdc"), data.get("asr")
        return cls(
            image=ImageConfig(**data["image"]),
            audio=AudioConfig(**data["audio"]),
            mapping=MappingConfig(**data["mapping"]),
            jdc=None if jdc is None else JDCConfig(**{**jdc, "widths": tuple(jdc["widths"])}),
            asr=None if asr is None else ASRConfig(**asr),
            classifier_reads_gender=bool(data.get("classifier_reads_gender", False)),
        )

    def check(self) -> None:
        if self.jdc is not None and self.jdc.feature_channels != self.audio.f0_channel:
            raise WeightsError(
                f"config: JDC gives {self.jdc.feature_channels} channels but the audio generator's "
                f"F0 branch takes {self.audio.f0_channel}"
            )
        if self.jdc is None and self.audio.f0_channel:
            raise WeightsError("config: the audio generator has an F0 branch but no JDC network")


@dataclass
class XFaVoTModules:
    config: XFaVoTConfig
    generator_image: ImageGenerator
    generator_audio: AudioGenerator
    style_image: ImageStyleEncoder
    style_audio: AudioStyleEncoder
    mapping: MappingNetwork
    f0: JDCNet | None = None
    classifier: AudioDiscriminator | None = None
    asr: ASRNet | None = None
    face_gender: GenderProbe | None = None
    voice_gender: GenderProbe | None = None
    style_bridge: StyleBridge | None = None

    def named(self) -> dict[str, nn.Module]:
        found = {role: getattr(self, role) for role in ROLES + OPTIONAL_ROLES}
        return {role: module for role, module in found.items() if module is not None}

    def to(self, device: str) -> XFaVoTModules:
        for module in self.named().values():
            module.to(device).eval().requires_grad_(False)
        return self


def build(
    config: XFaVoTConfig,
    with_classifier: bool = False,
    with_face_gender: bool = False,
    with_voice_gender: bool = False,
    with_style_bridge: bool = False,
) -> XFaVoTModules:
    config.check()
    style_image = ImageStyleEncoder(config.image)
    style_audio = AudioStyleEncoder(config.audio)
    return XFaVoTModules(
        config=config,
        generator_image=ImageGenerator(config.image),
        generator_audio=AudioGenerator(config.audio),
        style_image=style_image,
        style_audio=style_audio,
        mapping=MappingNetwork(config.mapping),
        f0=None if config.jdc is None else JDCNet(config.jdc),
        classifier=AudioDiscriminator(config.audio) if with_classifier else None,
        asr=None if config.asr is None else ASRNet(config.asr),
        face_gender=GenderProbe(trunk_width(style_image)) if with_face_gender else None,
        voice_gender=GenderProbe(trunk_width(style_audio)) if with_voice_gender else None,
        style_bridge=(
            StyleBridge(config.mapping.num_genders, config.mapping.style_dim)
            if with_style_bridge
            else None
        ),
    )


def entry_tensors(modules: XFaVoTModules) -> dict[str, torch.Tensor]:
    return {
        f"{role}.{key}": value.detach().cpu().contiguous()
        for role, module in modules.named().items()
        for key, value in module.state_dict().items()
    }


def entry_layout(modules: XFaVoTModules) -> dict[str, tuple[int, ...]]:
    return {
        f"{role}.{key}": tuple(value.shape)
        for role, module in modules.named().items()
        for key, value in module.state_dict().items()
    }


def from_entry(tensors: dict[str, torch.Tensor], config_dict: dict[str, Any]) -> XFaVoTModules:
    """The modules of a stored entry, with each role's keys and shapes checked."""
    from studio.ml.checkpoint import check_layout

    config = XFaVoTConfig.from_dict(config_dict)
    optional = {
        "with_classifier": any(key.startswith("classifier.") for key in tensors),
        "with_face_gender": any(key.startswith("face_gender.") for key in tensors),
        "with_voice_gender": any(key.startswith("voice_gender.") for key in tensors),
        "with_style_bridge": any(key.startswith("style_bridge.") for key in tensors),
    }
    with torch.device("meta"):
        expected = entry_layout(build(config, **optional))
    check_layout(tensors, expected, "model.safetensors")
    modules = build(config, **optional)
    for role, module in modules.named().items():
        prefix = role + "."
        module.load_state_dict(
            {k[len(prefix) :]: v for k, v in tensors.items() if k.startswith(prefix)}
        )
    return modules


def compact_tensors(
    tensors: dict[str, torch.Tensor], config: XFaVoTConfig
) -> dict[str, torch.Tensor]:
    """A smaller entry for shipping: float16 storage (loading casts back to float32) and no
    classifier unless its gender outputs were trained (it serves only "auto" gender)."""
    keep = {
        key: value
        for key, value in tensors.items()
        if config.classifier_reads_gender or not key.startswith("classifier.")
    }
    return {
        key: value.half() if value.is_floating_point() else value for key, value in keep.items()
    }


# The shipped demo keeps F's gender heads and this many of its training-speaker heads: each
# head is four 128-wide layers, and all 160 would take the entry past its 10 MB limit.
SHIPPED_SPEAKER_HEADS = 16


def fewer_speaker_heads(
    tensors: dict[str, torch.Tensor], config: dict[str, Any], keep: int = SHIPPED_SPEAKER_HEADS
) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    """The entry with F's speaker heads cut to the first ``keep`` (the gender heads and every
    other module untouched): latent-guided generation then offers speakers 0..keep-1."""
    mapping = dict(config["mapping"])
    if mapping["num_speakers"] <= keep:
        return tensors, config
    last = mapping["num_genders"] + keep
    kept = {
        key: value
        for key, value in tensors.items()
        if not key.startswith("mapping.unshared.") or int(key.split(".")[2]) < last
    }
    mapping["num_speakers"] = keep
    return kept, {**config, "mapping": mapping}
