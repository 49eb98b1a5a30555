"""Train the bundled SF2F demo model from scratch (``make demo-models``).

1. builds the synthetic voices-faces corpus (``persona-studio demo-data``), unless ``--corpus``
   names one already built with the same arguments,
2. trains both stages of the paper's recipe with the small ``demo`` preset
   (``persona-studio train``),
3. measures the paper's retrieval metrics on held-out synthetic speakers, fused against
   single-segment,
4. writes the model-store entry into the plugin package (``studio_sf2f/models/demo``) with a
   ``TRAINING.json`` record: the commands, the corpus seed, the final losses and the metrics.

``--evaluate-only`` redoes steps 3-4 on the bundled entry.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from studio.ml.demo_models import last_metrics, run_persona_studio

PLUGIN_DIR = Path(__file__).resolve().parents[1]
DESTINATION = PLUGIN_DIR / "studio_sf2f" / "models" / "demo"
GENERATOR = "sf2f:voice-to-face"
SPEAKERS = 200
CORPUS_SEED = 1


def final_losses(folder: Path) -> dict[str, float]:
    return {key: round(value, 4) for key, value in last_metrics(folder / "metrics.csv").items()}


def train(work: Path, corpus: Path | None, settings: list[str]) -> dict:
    run = work / "run"
    scratch = Path(tempfile.mkdtemp(prefix="persona-demo-store-"))
    env = dict(os.environ, PERSONA_STUDIO_DATA=str(scratch))  # keep the user's store out of it
    started = time.time()
    demo_data = [
        "demo-data",
        "voices-faces",
        "--out",
        str(corpus or work / "corpus"),
        "--speakers",
        str(SPEAKERS),
        "--seed",
        str(CORPUS_SEED),
    ]
    if corpus is None:
        corpus = work / "corpus"
        run_persona_studio(*demo_data, env=env)
    command = [
        "train",
        GENERATOR,
        "--data",
        str(corpus / "manifest.jsonl"),
        "--out",
        str(run),
        "--set",
        "preset=demo",
        *[f"--set={s}" for s in settings],
        "--export",
        "demo",
        "--replace",
        "--device",
        "cpu",
    ]
    run_persona_studio(*command, env=env)
    minutes = (time.time() - started) / 60
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_minutes = (children.ru_utime + children.ru_stime) / 60
    entry = scratch / "models" / "sf2f" / "demo"
    if DESTINATION.exists():
        shutil.rmtree(DESTINATION)
    shutil.copytree(entry, DESTINATION)
    shutil.rmtree(scratch, ignore_errors=True)
    source = json.loads((DESTINATION / "source.json").read_text())
    source.update(
        demo=True,
        licence="demo weights trained by Persona Studio on synthetic data",
        origin="persona-studio train on the synthetic voices-faces corpus (demo preset)",
    )
    (DESTINATION / "source.json").write_text(json.dumps(source, indent=2, sort_keys=True) + "\n")
    here = f"{Path.cwd()}/"
    return {
        "commands": [
            ("persona-studio " + " ".join(c)).replace(here, "") for c in (demo_data, command)
        ],
        "torch_threads": os.environ.get("OMP_NUM_THREADS", "default"),
        "corpus": {"speakers": SPEAKERS, "seed": CORPUS_SEED},
        "wall_minutes": round(minutes, 1),
        "cpu_minutes": round(cpu_minutes, 1),  # the budget: the machine was shared
        "final_losses": {
            "stage1": final_losses(run / "stage1"),
            "stage2": final_losses(run / "stage2"),
        },
        "notes": json.loads((run / "recipe.json").read_text())["perceptual_loss"],
    }


def evaluate(corpus: Path) -> dict:
    sys.path.insert(0, str(PLUGIN_DIR.parents[1]))
    from studio.evaluation.latent_basis import principal_directions
    from studio.evaluation.sf2f_retrieval import evaluate_sf2f_demo
    from studio.ml.latent_basis import write_latent_basis

    names, vectors = principal_directions(GENERATOR, DESTINATION, corpus / "manifest.jsonl")
    write_latent_basis(DESTINATION, names, vectors)
    report = evaluate_sf2f_demo(DESTINATION)
    print(report)
    return {"retrieval_on_held_out_speakers": report.as_record(), "latent_directions": names}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--work", type=Path, default=Path("build/demo-sf2f"))
    parser.add_argument("--corpus", type=Path, help="an existing corpus of the same arguments")
    parser.add_argument("--set", dest="settings", action="append", default=[])
    parser.add_argument("--evaluate-only", action="store_true")
    args = parser.parse_args()
    work = args.work.resolve()
    corpus = args.corpus.resolve() if args.corpus else None
    record_file = DESTINATION / "TRAINING.json"
    if args.evaluate_only:
        record = json.loads(record_file.read_text())
    else:
        record = train(work, corpus, args.settings)
        record_file.write_text(json.dumps(record, indent=2) + "\n")
    record.update(evaluate(corpus or work / "corpus"))
    record_file.write_text(json.dumps(record, indent=2) + "\n")
    print(json.dumps(record, indent=2))


if __name__ == "__main__":
    main()
