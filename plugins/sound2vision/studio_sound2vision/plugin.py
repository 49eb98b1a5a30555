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

# The bundled demo model: the same architectures with fewer channels, trained by
# scripts/make_demo_model.py on the synthetic sounds-scenes corpus (see its TRAINING.json).
DEMO_WEIGHTS = "models/demo"
DEMO_WEIGHTS_DIR = Path(__file__).parent / DEMO_WEIGHTS

PAPER = (
    "Sung-Bin, Senocak, Ha, Oh. Sound2Vision: Generating Diverse Visuals from Audio through "
    "Cross-Modal Latent Alignment (extension of Sound2Scene, CVPR 2023)"
)


STUDIO_CONTRACT = 1  # the plugin contract this module is written for (studio.api.contract)


@hookimpl
def studio_generators() -> list[GeneratorInfo]:
    return [
        GeneratorInfo(
            id="sound2vision:sound-to-scene",
            title="Sound to scene (Sound2Vision)",
            task=Task.SOUND_TO_SCENE,
            paper=PAPER,
            description=(
                "A picture of the scene that made the sound. Louder sources come out bigger and "
                "closer; a mix shows every source (paper §5)."
            ),
            inputs=(
                Slot("sound", Kind.AUDIO, "Sound (the mix of the selection; 10 s are used)"),
                Slot(
                    "image",
                    Kind.IMAGE,
                    "Image to blend with (optional)",
                    optional=True,
                    content="scene",  # framed whole, not centred on a face
                ),
            ),
            output=Kind.IMAGE,
            params=(
                Param(
                    "gain_db",
                    float,
                    0.0,
                    -40.0,
                    40.0,
                    title="Volume (dB)",
                    help="Scales the waveform before the front end (paper M1: louder sources "
                    "look bigger and closer); the mixer's faders do the same per track",
                ),
                Param(
                    "z_var",
                    float,
                    1.0,
                    0.0,
                    3.0,
                    title="Noise (z_var)",
                    help="Standard deviation of the noise vector, the official --z_var; "
                    "0 makes the picture a pure function of the sound",
                ),
                Param(
                    "variations",
                    int,
                    1,
                    1,
                    8,
                    title="Variations",
                    help="Pictures drawn with different noise from the same sound (test.py draws 8)",
                ),
                Param(
                    "blend",
                    float,
                    0.0,
                    0.0,
                    1.0,
                    title="Image blend λ",
                    help="λ z_image + (1 - λ) z_audio (paper M4); needs an image input",
                ),
            ),
            latent=LatentSpec(
                dim=2048,
                array="feature",
                basis="axes",
                unit_norm=True,
                title="Audio feature (unit norm)",
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
                    "studio_sound2vision.importer:import_official",
                    files=("sound2scene.pth", "icgan_biggan_imagenet_res128/", "[swav.pth.tar]"),
                    description="The authors' Sound2Scene encoder, the IC-GAN generator folder "
                    "(or its files) and optionally SwAV for image blending",
                ),
            ),
            load="studio_sound2vision.generator:load",
            untrained="studio_sound2vision.untrained:make",
            trainer="studio_sound2vision.train:main",
        )
    ]
