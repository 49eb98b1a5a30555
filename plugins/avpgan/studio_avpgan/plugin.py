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

# The bundled demo model: the paper's topologies with fewer channels, trained by
# scripts/make_demo_model.py on the synthetic voices-faces corpus (see its TRAINING.json).
# It holds the voice model and a small restoration network; "demo-no-cbam" is the ablation.
DEMO_WEIGHTS = "models/demo"
DEMO_WEIGHTS_DIR = Path(__file__).parent / DEMO_WEIGHTS
ABLATION_WEIGHTS = "models/demo-no-cbam"

PAPER = (
    "Mao, Zhou, Wang, Li, Liu, Bu. Attention-Enhanced Voice Portrait Model Using Generative "
    "Adversarial Network (AVP-GAN), 2024"
)
VIEWS = ("restored", "before/after", "raw")

DEMO = WeightsSpec(
    "demo",
    title="demo (synthetic data)",
    bundled=DEMO_WEIGHTS,
    demo=True,
    licence="demo weights trained on synthetic data",
)
IMPORTERS = (
    ImporterSpec(
        "gfpgan",
        "studio_avpgan.importer:import_gfpgan",
        files=("GFPGANv1.4.pth", "[AVP-GAN model folder]"),
        description=(
            "GFP-GAN's clean restoration weights (GFPGANv1Clean, v1.3, v1.4; Apache-2.0), "
            "paired with the bundled demo voice model or the AVP-GAN model folder given"
        ),
    ),
)
BLEND = Param(
    "restore_blend",
    float,
    1.0,
    0.0,
    1.0,
    live=True,
    title="Restoration blend",
    help="0 = the bicubic-upscaled face, 1 = the restored face (app extension, not in the paper)",
)
VIEW = Param(
    "view",
    str,
    "restored",  # a file holds the result; the comparison is asked for
    choices=VIEWS,
    live=True,
    title="View",
    help="restored: the final face alone; before/after: the upscaled raw face beside the "
    "restored one (the paper's Fig. 7); raw: the upscaled raw face",
)


STUDIO_CONTRACT = 1  # the plugin contract this module is written for (studio.api.contract)


@hookimpl
def studio_generators() -> list[GeneratorInfo]:
    return [
        GeneratorInfo(
            id="avpgan:voice-to-face",
            title="Voice to face, attention-enhanced (AVP-GAN)",
            task=Task.VOICE_TO_FACE,
            paper=PAPER,
            description=(
                "A 64x64 face from the voice (CBAM-enhanced Voice2Face GAN), optionally restored "
                "to 512x512 by a GFP-GAN-style network. Speculative, never an identification."
            ),
            inputs=(Slot("voice", Kind.AUDIO, "Voice recording"),),
            output=Kind.IMAGE,
            params=(
                Param(
                    "clip_seconds",
                    float,
                    8.0,
                    0.0,
                    60.0,
                    title="Clip length (s)",
                    help="Seconds of speech used: the paper tests 4 and 8 s; 0 = the whole clip",
                ),
                Param(
                    "crop_offset",
                    float,
                    0.0,
                    0.0,
                    3600.0,
                    title="Crop start (s)",
                    help="Where the clip starts within the speech (after silence removal)",
                ),
                Param(
                    "variation",
                    float,
                    0.0,
                    0.0,
                    1.0,
                    live=True,
                    title="Variation",
                    help="Gaussian noise on the voice embedding, drawn from the seed (0 = the paper's inference)",
                ),
                Param(
                    "restore",
                    bool,
                    True,
                    live=True,
                    title="Restore face",
                    help="Run the image enhancement module (bicubic 64->512, then restoration)",
                ),
                BLEND,
                VIEW,
                Param("vad", bool, True, title="Remove silence", help="WebRTC VAD, mode 2"),
            ),
            latent=LatentSpec(
                dim=64, array="embedding", basis="axes", unit_norm=True, title="Voice embedding"
            ),
            weights=(
                DEMO,
                WeightsSpec(
                    "demo-no-cbam",
                    title="demo without CBAM (ablation)",
                    bundled=ABLATION_WEIGHTS,
                    demo=True,
                    licence="demo weights trained on synthetic data",
                ),
            ),
            importers=IMPORTERS,
            load="studio_avpgan.generator:load",
            untrained="studio_avpgan.untrained:make",
            trainer="studio_avpgan.train:main",
        ),
        GeneratorInfo(
            id="avpgan:restore-face",
            title="Face restoration (AVP-GAN / GFP-GAN)",
            task=Task.RESTORE_FACE,
            paper=PAPER,
            description=(
                "Any face picture in, a 512x512 restored face out: degradation-removal U-Net, "
                "StyleGAN2 face prior and channel-split feature transforms."
            ),
            inputs=(Slot("face", Kind.IMAGE, "Face picture"),),
            output=Kind.IMAGE,
            params=(BLEND, VIEW),
            weights=(DEMO,),
            importers=IMPORTERS,
            load="studio_avpgan.restore:load",
            untrained="studio_avpgan.untrained:make",
        ),
    ]
