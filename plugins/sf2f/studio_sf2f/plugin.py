"""The hook Persona Studio calls at start-up: descriptors only, no torch."""

from __future__ import annotations

from pathlib import Path

from studio.api import GeneratorInfo, Kind, LatentSpec, Param, Slot, Task, WeightsSpec, hookimpl

# The bundled demo model: the paper's topology with fewer channels (the 512-d embedding and
# the fuser are full size), trained by scripts/make_demo_model.py on the synthetic
# voices-faces corpus (see its TRAINING.json).
DEMO_WEIGHTS = "models/demo"
DEMO_WEIGHTS_DIR = Path(__file__).parent / DEMO_WEIGHTS

PAPER = (
    "Bai, Ma, Wang, Zhang. Speech Fusion to Face: Bridging the Gap Between Human's Vocal "
    "Characteristics and Facial Imaging"
)


STUDIO_CONTRACT = 1  # the plugin contract this module is written for (studio.api.contract)


@hookimpl
def studio_generators() -> list[GeneratorInfo]:
    return [
        GeneratorInfo(
            id="sf2f:voice-to-face",
            title="Voice to face, fused over segments (SF2F)",
            task=Task.VOICE_TO_FACE,
            paper=PAPER,
            description=(
                "A frontal face from every 1.25 s window of the recording, fused by attention; "
                "the attention each window received is returned with the face."
            ),
            inputs=(Slot("voice", Kind.AUDIO, "Voice recording (one speaker)"),),
            output=Kind.IMAGE,
            params=(
                Param(
                    "resolution",
                    int,
                    128,
                    choices=(64, 128),
                    live=True,
                    title="Resolution",
                    help="Output size; weights draw the sizes they were trained for (the demo "
                    "128 only, the untrained multi-resolution model both)",
                ),
                Param(
                    "fuser",
                    bool,
                    True,
                    title="Fuse segments",
                    help="Attention fusion over all windows; off: the whole clip through the "
                    "encoder at once (the paper's 'no fuser' model)",
                ),
                Param(
                    "window_seconds",
                    float,
                    1.25,
                    0.5,
                    3.0,
                    title="Segment window (s)",
                    help="Length of each segment; the paper trains on 1-1.5 s",
                ),
                Param(
                    "overlap",
                    float,
                    0.5,
                    0.0,
                    0.9,
                    title="Segment overlap",
                    help="Share of each window the next one repeats (the paper: 0.5)",
                ),
            ),
            latent=LatentSpec(
                dim=512, array="embedding", basis="axes", unit_norm=True, title="Fused embedding"
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
            load="studio_sf2f.generator:load",
            untrained="studio_sf2f.untrained:make",
            trainer="studio_sf2f.train:main",
        )
    ]
