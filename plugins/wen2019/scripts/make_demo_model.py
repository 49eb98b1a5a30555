"""Train the bundled wen2019 demo model from scratch (``make demo-models``).

1. builds the synthetic voices-faces corpus (``persona-studio demo-data``),
2. trains the paper's recipe with the small ``demo`` preset (``persona-studio train``),
3. measures its quality on held-out synthetic speakers,
4. writes the model-store entry into the plugin package (``studio_wen2019/models/demo``)
   with a ``TRAINING.json`` record: the commands, the corpus seed, the final losses and
   the quality figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from studio.ml.demo_models import last_metrics, run_persona_studio

PLUGIN_DIR = Path(__file__).resolve().parents[1]
DESTINATION = PLUGIN_DIR / "studio_wen2019" / "models" / "demo"
SPEAKERS = 200
CORPUS_SEED = 1


def final_losses(run: Path) -> dict[str, float]:
    return last_metrics(run / "gan" / "metrics.csv")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--work", type=Path, default=Path("build/demo-wen2019"))
    parser.add_argument("--set", dest="settings", action="append", default=[])
    args = parser.parse_args()
    work = args.work.resolve()
    corpus, run = work / "corpus", work / "run"
    scratch = Path(tempfile.mkdtemp(prefix="persona-demo-store-"))
    env = dict(os.environ, PERSONA_STUDIO_DATA=str(scratch))  # keep the user's store out of it
    started = time.time()
    demo_data = [
        "demo-data",
        "voices-faces",
        "--out",
        str(corpus),
        "--speakers",
        str(SPEAKERS),
        "--seed",
        str(CORPUS_SEED),
    ]
    run_persona_studio(*demo_data, env=env)
    train = [
        "train",
        "wen2019:voice-to-face",
        "--data",
        str(corpus / "manifest.jsonl"),
        "--out",
        str(run),
        "--set",
        "preset=demo",
        *[f"--set={s}" for s in args.settings],
        "--export",
        "demo",
        "--replace",
        "--device",
        "cpu",
    ]
    run_persona_studio(*train, env=env)
    minutes = (time.time() - started) / 60
    entry = scratch / "models" / "wen2019" / "demo"
    if DESTINATION.exists():
        shutil.rmtree(DESTINATION)
    shutil.copytree(entry, DESTINATION)
    source = json.loads((DESTINATION / "source.json").read_text())
    source.update(
        demo=True,
        licence="demo weights trained by Persona Studio on synthetic data",
        origin="persona-studio train on the synthetic voices-faces corpus (demo preset)",
    )
    (DESTINATION / "source.json").write_text(json.dumps(source, indent=2, sort_keys=True) + "\n")

    sys.path.insert(0, str(PLUGIN_DIR.parents[1]))
    from studio.evaluation.latent_basis import principal_directions
    from studio.evaluation.voice_face import evaluate_demo
    from studio.ml.latent_basis import write_latent_basis

    # Named slider directions: principal axes of the voice embeddings over the training voices.
    names, vectors = principal_directions(
        "wen2019:voice-to-face", DESTINATION, corpus / "manifest.jsonl"
    )
    write_latent_basis(DESTINATION, names, vectors)

    quality = evaluate_demo(DESTINATION)
    here = f"{Path.cwd()}/"
    record = {
        "commands": [
            ("persona-studio " + " ".join(command)).replace(here, "")
            for command in (demo_data, train)
        ],
        "torch_threads": os.environ.get("OMP_NUM_THREADS", "default"),
        "corpus": {"speakers": SPEAKERS, "seed": CORPUS_SEED},
        "wall_minutes": round(minutes, 1),
        "final_losses": final_losses(run),
        "quality_on_held_out_speakers": quality.as_record(),
        "latent_directions": names,
    }
    (DESTINATION / "TRAINING.json").write_text(json.dumps(record, indent=2) + "\n")
    print(json.dumps(record, indent=2))
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
