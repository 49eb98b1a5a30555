"""Train the bundled sound2vision demo model from scratch (``make demo-models``).

1. builds the synthetic sounds-scenes corpus (``persona-studio demo-data sounds-scenes``),
2. trains the recipe with the small ``demo`` preset (``persona-studio train``): small f_V and G
   fitted to the scenes, then f_A with the paper's loss,
3. measures it on the held-out items (R@1/R@5 audio-to-image retrieval, the volume and mixing
   checks of studio_sound2vision.evaluation),
4. writes the model-store entry into the plugin package (``studio_sound2vision/models/demo``)
   with a ``TRAINING.json`` record.
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
DESTINATION = PLUGIN_DIR / "studio_sound2vision" / "models" / "demo"
ITEMS = 1500
CORPUS_SEED = 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--work", type=Path, default=Path("build/demo-sound2vision"))
    parser.add_argument("--set", dest="settings", action="append", default=[])
    parser.add_argument("--skip-training", action="store_true", help="only re-evaluate")
    parser.add_argument(
        "--resume",
        action="store_true",
        help="continue the run folder's stages from their checkpoints (a finished scene stage "
        "is kept: delete run/audio to retrain only f_A after the sounds change)",
    )
    args = parser.parse_args()
    work = args.work.resolve()
    corpus, run = work / "corpus", work / "run"
    scratch = Path(tempfile.mkdtemp(prefix="persona-demo-store-"))
    env = dict(os.environ, PERSONA_STUDIO_DATA=str(scratch))  # keep the user's store out of it
    started = time.time()
    demo_data = [
        "demo-data",
        "sounds-scenes",
        "--out",
        str(corpus),
        "--items",
        str(ITEMS),
        "--seed",
        str(CORPUS_SEED),
    ]
    train = [
        "train",
        "sound2vision:sound-to-scene",
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
        *(["--resume"] if args.resume else []),
    ]
    if not args.skip_training:
        if not (corpus / "manifest.jsonl").is_file():
            run_persona_studio(*demo_data, env=env)
        run_persona_studio(*train, env=env)
        entry = scratch / "models" / "sound2vision" / "demo"
        if DESTINATION.exists():
            shutil.rmtree(DESTINATION)
        shutil.copytree(entry, DESTINATION)
        source = json.loads((DESTINATION / "source.json").read_text())
        source.update(
            demo=True,
            licence="demo weights trained by Persona Studio on synthetic data",
            origin="persona-studio train on the synthetic sounds-scenes corpus (demo preset)",
        )
        (DESTINATION / "source.json").write_text(
            json.dumps(source, indent=2, sort_keys=True) + "\n"
        )
    minutes = (time.time() - started) / 60

    sys.path.insert(0, str(PLUGIN_DIR.parents[1]))
    from studio.evaluation.sound_scene import evaluate_demo, write_basis

    names = write_basis(DESTINATION, corpus / "manifest.jsonl")
    quality = evaluate_demo(DESTINATION, corpus / "manifest.jsonl")
    here = f"{Path.cwd()}/"
    record_path = DESTINATION / "TRAINING.json"
    previous = json.loads(record_path.read_text()) if record_path.is_file() else {}
    record = {
        "commands": [
            ("persona-studio " + " ".join(command)).replace(here, "")
            for command in (demo_data, train)
        ],
        "torch_threads": os.environ.get("OMP_NUM_THREADS", "default"),
        "corpus": {"items": ITEMS, "seed": CORPUS_SEED},
        "wall_minutes": round(minutes, 1)
        if not args.skip_training
        else previous.get("wall_minutes"),
        "final_losses": {
            "scene": last_metrics(run / "scene" / "metrics.csv"),
            "audio": last_metrics(run / "audio" / "metrics.csv"),
        },
        "recipe": json.loads((run / "recipe.json").read_text()),
        "quality_on_held_out_items": quality,
        "latent_directions": names,
    }
    record_path.write_text(json.dumps(record, indent=2) + "\n")
    print(json.dumps(record, indent=2))
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
