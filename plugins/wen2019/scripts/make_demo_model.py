"""Train the bundled wen2019 demo model from scratch (``make demo-models``).

1. builds the synthetic voices-faces corpus (``persona-studio demo-data``),
2. trains the paper's recipe with the small ``demo`` preset (``persona-studio train``),
3. measures its quality on held-out synthetic speakers, and with ``persona-studio evaluate``
   where that command exists,
4. writes the model-store entry into the plugin package (``studio_wen2019/models/demo``, or
   ``--dest``) with a ``TRAINING.json`` record: the commands, the corpus seed, the final losses
   and the quality figures.

The shared steps are ``studio.ml.demo_build``'s; this script holds the recipe.
"""

from __future__ import annotations

from pathlib import Path

from studio.ml.demo_build import DemoBuild, DemoRecipe, build_demo_model, demo_arguments

PLUGIN_DIR = Path(__file__).resolve().parents[1]
RECIPE = DemoRecipe(
    plugin="wen2019",
    generator="wen2019:voice-to-face",
    models=PLUGIN_DIR / "studio_wen2019" / "models",
    corpus_size=200,
    corpus_seed=1,
    faces="drawn",  # the shipped model learnt the drawn faces ("avatar": the avatars)
    losses=("gan",),
    yardstick=True,
)


def measure(entry: Path, manifest: Path) -> dict:
    from studio.evaluation.latent_basis import principal_directions
    from studio.evaluation.voice_face import evaluate_demo
    from studio.ml.latent_basis import write_latent_basis

    # Named slider directions: principal axes of the voice embeddings over the training voices.
    names, vectors = principal_directions(RECIPE.generator, entry, manifest)
    write_latent_basis(entry, names, vectors)
    quality = evaluate_demo(entry)
    return {"quality_on_held_out_speakers": quality.as_record(), "latent_directions": names}


def main() -> None:
    args = demo_arguments(RECIPE, __doc__).parse_args()
    build = DemoBuild(args.work, args.settings, dest=args.dest / RECIPE.entry)
    build_demo_model(RECIPE, build, measure=measure)


if __name__ == "__main__":
    main()
