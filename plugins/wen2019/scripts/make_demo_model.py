"""Train the bundled wen2019 demo model from scratch (``make demo-models``).

1. builds the synthetic voices-faces corpus (``persona-studio demo-data``),
2. trains the paper's recipe with the small ``demo`` preset (``persona-studio train``),
3. measures its quality with ``persona-studio evaluate`` (held-out synthetic speakers and
   held-out espeak-ng voices),
4. writes the model-store entry into the plugin package (``studio_wen2019/models/demo``, or
   ``--dest``) with a ``TRAINING.json`` record: the commands, the corpus seed, the final losses
   and the quality figures.

The shared steps are ``studio.ml.demo_build``'s; this script holds the recipe.
"""

from __future__ import annotations

from pathlib import Path

from studio.ml.demo_build import (
    DemoBuild,
    DemoRecipe,
    build_demo_model,
    demo_arguments,
    run_minutes,
)

PLUGIN_DIR = Path(__file__).resolve().parents[1]
RECIPE = DemoRecipe(
    plugin="wen2019",
    generator="wen2019:voice-to-face",
    models=PLUGIN_DIR / "studio_wen2019" / "models",
    corpus_size=200,
    corpus_seed=1,
    # The avatars at the generator's 64 px, with espeak-ng speakers and augmented takes.
    corpus_args=("--face-size", "64", "--espeak", "--augment"),
    faces="avatar",
    losses=("embedding", "gan"),
    yardstick=True,
)


def measure(entry: Path, manifest: Path) -> dict:
    from studio.evaluation.latent_basis import principal_directions
    from studio.ml.latent_basis import write_latent_basis

    # Named slider directions: principal axes of the voice embeddings over the training voices.
    # The quality figures are the yardstick's (`persona-studio evaluate`), run by the build.
    names, vectors = principal_directions(RECIPE.generator, entry, manifest)
    write_latent_basis(entry, names, vectors)
    return {"latent_directions": names}


def stage_minutes(run: Path) -> dict:
    """Each stage's own clock (metrics.csv's last ``time``): true also for a resumed build."""
    return {"stage_minutes": {s: run_minutes(run / s / "metrics.csv") for s in RECIPE.losses}}


def main() -> None:
    parser = demo_arguments(RECIPE, __doc__)
    parser.add_argument(
        "--resume", action="store_true", help="continue the run in --work from its checkpoint"
    )
    args = parser.parse_args()
    build = DemoBuild(args.work, args.settings, dest=args.dest / RECIPE.entry, resume=args.resume)
    build_demo_model(RECIPE, build, about_run=stage_minutes, measure=measure)


if __name__ == "__main__":
    main()
