"""Train the bundled SF2F demo model from scratch (``make demo-models``).

1. builds the synthetic voices-faces corpus (``persona-studio demo-data``), unless ``--corpus``
   names one already built with the same arguments,
2. trains both stages of the paper's recipe with the small ``demo`` preset
   (``persona-studio train``),
3. measures the paper's retrieval metrics on held-out synthetic speakers, fused against
   single-segment, and runs ``persona-studio evaluate`` where that command exists,
4. writes the model-store entry into the plugin package (``studio_sf2f/models/demo``, or
   ``--dest``) with a ``TRAINING.json`` record: the commands, the corpus seed, the final losses
   and the metrics.

``--evaluate-only`` redoes steps 3-4 on the bundled entry. The shared steps are
``studio.ml.demo_build``'s; this script holds the recipe.
"""

from __future__ import annotations

import json
from pathlib import Path

from studio.ml.demo_build import DemoBuild, DemoRecipe, build_demo_model, demo_arguments

PLUGIN_DIR = Path(__file__).resolve().parents[1]
RECIPE = DemoRecipe(
    plugin="sf2f",
    generator="sf2f:voice-to-face",
    models=PLUGIN_DIR / "studio_sf2f" / "models",
    corpus_size=200,
    corpus_seed=1,
    faces="avatar",
    corpus_args=("--face-size", "128", "--espeak", "--augment"),
    losses=("stage1", "stage2"),
    yardstick=True,
)


def about_run(run: Path) -> dict:
    return {"notes": json.loads((run / "recipe.json").read_text())["perceptual_loss"]}


def measure(entry: Path, manifest: Path) -> dict:
    from studio.evaluation.latent_basis import principal_directions
    from studio.evaluation.sf2f_retrieval import evaluate_sf2f_demo
    from studio.ml.latent_basis import write_latent_basis

    names, vectors = principal_directions(RECIPE.generator, entry, manifest)
    write_latent_basis(entry, names, vectors)
    report = evaluate_sf2f_demo(entry)
    print(report)
    return {"retrieval_on_held_out_speakers": report.as_record(), "latent_directions": names}


def main() -> None:
    parser = demo_arguments(RECIPE, __doc__)
    parser.add_argument("--corpus", type=Path, help="an existing corpus of the same arguments")
    parser.add_argument("--evaluate-only", action="store_true")
    args = parser.parse_args()
    build = DemoBuild(
        args.work,
        args.settings,
        dest=args.dest / RECIPE.entry,
        corpus=args.corpus,
        skip_training=args.evaluate_only,
    )
    build_demo_model(RECIPE, build, about_run=about_run, measure=measure)


if __name__ == "__main__":
    main()
