"""The hook Persona Studio calls at start-up: descriptors only, no torch.

One XFaVoT model serves every mode (one shared style space), so all generators share the same
weights entry and differ in what the source and the reference are.
"""

from __future__ import annotations

from pathlib import Path

from studio.api import (
    GeneratorInfo,
    ImporterSpec,
    Kind,
    LatentSpec,
    Param,
    Slot,
    Task,
    WeightsSpec,
    hookimpl,
)

DEMO_WEIGHTS = "models/demo"
DEMO_WEIGHTS_DIR = Path(__file__).parent / DEMO_WEIGHTS
PAPER = "Takahashi, Singh, Mitsufuji. Cross-modal Face- and Voice-style Transfer. arXiv 2302.13838"

WEIGHTS = (
    WeightsSpec(
        "demo",
        title="demo (synthetic data)",
        bundled=DEMO_WEIGHTS,
        demo=True,
        licence="demo weights trained on synthetic data",
    ),
)
IMPORTERS = (
    ImporterSpec(
        "svc-jdc",
        "studio_xfavot.importers:import_jdc",
        files=("bst.t7",),
        description="StarGANv2-VC's pretrained F0 network (Utils/JDC/bst.t7), for training",
    ),
    ImporterSpec(
        "svc-asr",
        "studio_xfavot.importers:import_asr",
        files=("epoch_00100.pth",),
        description="StarGANv2-VC's pretrained ASR (Utils/ASR/epoch_00100.pth), for training",
    ),
    ImporterSpec(
        "svc-vocoder",
        "studio_xfavot.importers:import_pwg",
        files=("checkpoint-400000steps.pkl",),
        description="StarGANv2-VC's 24 kHz Parallel WaveGAN vocoder, for the 'vocoder' param",
    ),
)
VOCODER = Param(
    "vocoder",
    str,
    "griffin-lim",
    choices=("griffin-lim", "parallel-wavegan"),
    live=True,
    title="Vocoder",
    help="griffin-lim needs no weights; parallel-wavegan needs StarGANv2-VC's vocoder imported",
)
GENDER = Param(
    "gender",
    str,
    "auto",
    choices=("auto", "male", "female"),
    title="Reference gender",
    help="The style encoders' domain head g~; auto asks the weights' gender probe for the "
    "reference's kind (or the classifier) when they have one",
)
BRIDGE = Param(
    "bridge",
    bool,
    True,
    title="Bridge styles across modalities",
    help="Map the reference's style into the output's style space with the weights' fitted "
    "bridge (a Persona Studio extension); off uses it directly, as the paper does",
)
STRENGTH = Param(
    "strength",
    float,
    1.0,
    0.0,
    1.0,
    live=True,
    title="Style strength",
    help="0 keeps the source's own style, 1 takes the reference's (interpolation in style space)",
)
MIX = Param(
    "mix",
    float,
    0.0,
    0.0,
    1.0,
    live=True,
    title="Mix with second reference",
    help="Interpolate from the first reference's style (0) to the second's (1)",
)
STYLE = LatentSpec(dim=64, array="style", basis="axes", title="Style vector")


def _reference_guided(
    name: str, task: Task, title: str, source: Kind, reference: Kind, output: Kind, what: str
) -> GeneratorInfo:
    noun = {Kind.AUDIO: "voice", Kind.IMAGE: "face"}
    return GeneratorInfo(
        id=f"xfavot:{name}",
        title=f"{title} (XFaVoT)",
        task=task,
        paper=PAPER,
        description=what,
        inputs=(
            Slot("source", source, f"Source {noun[source]}"),
            Slot("reference", reference, f"Reference {noun[reference]}"),
            Slot("reference_b", reference, f"Second reference {noun[reference]}", optional=True),
        ),
        output=output,
        params=(GENDER, *((BRIDGE,) if source is not reference else ()), STRENGTH, MIX)
        + ((VOCODER,) if output is Kind.AUDIO else ()),
        latent=STYLE,
        weights=WEIGHTS,
        importers=IMPORTERS,
        load=f"studio_xfavot.generator:load_{name.replace('-', '_')}",
        untrained="studio_xfavot.untrained:make",
        trainer="studio_xfavot.train:main",
    )


def _latent_guided(source: Kind) -> GeneratorInfo:
    noun = "voice" if source is Kind.AUDIO else "face"
    return GeneratorInfo(
        id=f"xfavot:latent-{noun}",
        title=f"Latent-guided {noun} (XFaVoT)",
        task=Task.LATENT_TO_FACE_AND_VOICE,
        paper=PAPER,
        description=(
            f"The source {noun} restyled by s = F(z): the same seed and head give the matching "
            f"{'face' if noun == 'voice' else 'voice'} in xfavot:latent-"
            f"{'face' if noun == 'voice' else 'voice'}."
        ),
        inputs=(Slot("source", source, f"Source {noun}"),),
        output=source,
        params=(
            Param(
                "gender",
                str,
                "female",
                choices=("male", "female"),
                live=True,
                title="Mapping head",
                help="The mapping network's gender head (used when speaker is -1)",
            ),
            Param(
                "speaker",
                int,
                -1,
                -1,
                127,
                live=True,
                title="Training speaker head",
                help="-1 = the gender head; otherwise one of the training speakers' heads",
            ),
            *((VOCODER,) if source is Kind.AUDIO else ()),
        ),
        latent=LatentSpec(dim=16, array="z", basis="axes", title="Latent code z"),
        weights=WEIGHTS,
        importers=IMPORTERS,
        load=f"studio_xfavot.generator:load_latent_{noun}",
        untrained="studio_xfavot.untrained:make",
        trainer="studio_xfavot.train:main",
    )


STUDIO_CONTRACT = 1  # the plugin contract this module is written for (studio.api.contract)


@hookimpl
def studio_generators() -> list[GeneratorInfo]:
    return [
        _reference_guided(
            "face-to-voice",
            Task.FACE_TO_VOICE,
            "Face to voice",
            Kind.AUDIO,
            Kind.IMAGE,
            Kind.AUDIO,
            "Your words in a voice that matches the reference face (image-guided voice conversion).",
        ),
        _reference_guided(
            "voice-to-face",
            Task.VOICE_TO_FACE,
            "Voice to face",
            Kind.IMAGE,
            Kind.AUDIO,
            Kind.IMAGE,
            "The source face restyled to match the reference voice; pose is kept.",
        ),
        _reference_guided(
            "face-to-face",
            Task.FACE_TO_FACE,
            "Face to face",
            Kind.IMAGE,
            Kind.IMAGE,
            Kind.IMAGE,
            "The source face in the style of the reference face (StarGAN v2-style).",
        ),
        _reference_guided(
            "voice-to-voice",
            Task.VOICE_TO_VOICE,
            "Voice to voice",
            Kind.AUDIO,
            Kind.AUDIO,
            Kind.AUDIO,
            "Any-to-any voice conversion: your words in the reference speaker's voice.",
        ),
        _latent_guided(Kind.AUDIO),
        _latent_guided(Kind.IMAGE),
    ]
