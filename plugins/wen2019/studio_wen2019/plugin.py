"""The hook Persona Studio calls at start-up: descriptors only, no torch."""

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

# The bundled demo model: the same architecture with fewer channels, trained by
# scripts/make_demo_model.py on the synthetic voices-faces corpus (see its TRAINING.json).
DEMO_WEIGHTS = "models/demo"
DEMO_WEIGHTS_DIR = Path(__file__).parent / DEMO_WEIGHTS

PAPER = "Wen, Singh, Raj. Face Reconstruction from Voice using Generative Adversarial Networks. NeurIPS 2019"


STUDIO_CONTRACT = 1  # the plugin contract this module is written for (studio.api.contract)


@hookimpl
def studio_generators() -> list[GeneratorInfo]:
    return [
        GeneratorInfo(
            id="wen2019:voice-to-face",
            title="Voice to face (Wen et al. 2019)",
            task=Task.VOICE_TO_FACE,
            paper=PAPER,
            description="A 64x64 face whose identity traits (gender, age) match the voice.",
            inputs=(Slot("voice", Kind.AUDIO, "Voice recording"),),
            output=Kind.IMAGE,
            params=(
                Param(
                    "variation",
                    float,
                    0.0,
                    0.0,
                    1.0,
                    live=True,
                    title="Variation",
                    help="Gaussian noise added to the voice embedding (0 = the paper's inference)",
                ),
                Param(
                    "vad",
                    bool,
                    True,
                    title="Remove silence",
                    help="Keep only the speech WebRTC VAD finds, as the official code does",
                ),
                Param(
                    "vad_aggressiveness",
                    int,
                    2,
                    0,
                    3,
                    title="VAD aggressiveness",
                    help="WebRTC VAD mode 0-3; the official code uses 2",
                ),
            ),
            latent=LatentSpec(
                dim=64, array="embedding", basis="axes", unit_norm=True, title="Voice embedding"
            ),
            weights=(
                WeightsSpec(
                    "demo",
                    title="demo (synthetic data)",
                    bundled=DEMO_WEIGHTS,
                    demo=True,
                    licence="demo weights trained on synthetic data",
                ),
            ),
            importers=(
                ImporterSpec(
                    "official",
                    "studio_wen2019.importer:import_official",
                    files=("voice_embedding.pth", "generator.pth"),
                    description="The authors' pretrained_models/ files (GPL-3.0)",
                ),
            ),
            load="studio_wen2019.generator:load",
            untrained="studio_wen2019.untrained:make",
            trainer="studio_wen2019.train:main",
        )
    ]
