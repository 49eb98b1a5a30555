"""Train the bundled sound2vision demo model from scratch (``make demo-models``).

1. builds the synthetic sounds-scenes corpus (``persona-studio demo-data sounds-scenes``),
2. trains the recipe with the small ``demo`` preset (``persona-studio train``): small f_V and G
   fitted to the scenes, then f_A with the paper's loss,
3. measures it on the held-out items (R@1/R@5 audio-to-image retrieval, the volume and mixing
   checks of studio_sound2vision.evaluation),
4. writes the model-store entry into the plugin package (``studio_sound2vision/models/demo``,
   or ``--dest``) with a ``TRAINING.json`` record.

The shared steps are ``studio.ml.demo_build``'s; this script holds the recipe.
"""

from __future__ import annotations

import json
from pathlib import Path

from studio.ml.demo_build import DemoBuild, DemoRecipe, build_demo_model, demo_arguments

PLUGIN_DIR = Path(__file__).resolve().parents[1]
RECIPE = DemoRecipe(
    plugin="sound2vision",
    generator="sound2vision:sound-to-scene",
    models=PLUGIN_DIR / "studio_sound2vision" / "models",
    corpus="sounds-scenes",
    corpus_size=1500,
    corpus_seed=1,
    losses=("scene", "audio"),
)


def about_run(run: Path) -> dict:
    return {"recipe": json.loads((run / "recipe.json").read_text())}


def measure(entry: Path, manifest: Path) -> dict:
    from studio.evaluation.sound_scene import evaluate_demo, write_basis

    names = write_basis(entry, manifest)
    quality = evaluate_demo(entry, manifest)
    return {"quality_on_held_out_items": quality, "latent_directions": names}


def main() -> None:
    parser = demo_arguments(RECIPE, __doc__)
    parser.add_argument("--skip-training", action="store_true", help="only re-evaluate")
    parser.add_argument(
        "--resume",
        action="store_true",
        help="continue the run folder's stages from their checkpoints (a finished scene stage "
        "is kept: delete run/audio to retrain only f_A after the sounds change)",
    )
    args = parser.parse_args()
    build = DemoBuild(
        args.work,
        args.settings,
        dest=args.dest / RECIPE.entry,
        resume=args.resume,
        skip_training=args.skip_training,
    )
    build_demo_model(RECIPE, build, about_run=about_run, measure=measure)


if __name__ == "__main__":
    main()
