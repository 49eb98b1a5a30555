"""Train the bundled avpgan demo models from scratch (``make demo-models``).

1. builds the synthetic voices-faces corpus (``persona-studio demo-data``, as wen2019's demo);
2. runs the recipe's stages as three parallel one-thread ``persona-studio train`` jobs, to fit
   the CPU budget: the GAN stage with CBAM, the same without CBAM (the paper's ablation), and
   the restoration stage (``steps=0``: no GAN). All take the frozen voice encoder from the
   bundled wen2019 demo model (AVP-GAN extends Voice2Face and keeps its speaker encoder);
3. joins each voice model with the trained restorer into ``studio_avpgan/models/demo`` and
   ``models/demo-no-cbam``;
4. measures the restorer on held-out avatars, runs ``persona-studio evaluate`` on both entries
   (with and without CBAM: the paper's Table 4 ablation, on the yardstick's figures), and
   writes TRAINING.json and the sliders' latent basis.

``--dest DIR`` puts both entries in DIR instead of the plugin's models folder. The shared steps
are ``studio.ml.demo_build``'s; this script holds the recipe and the joining.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from studio.ml.demo_build import (
    DemoRecipe,
    demo_arguments,
    ensure_corpus,
    last_metrics,
    mark_demo_source,
    run_persona_studio,
    shown,
    train_command,
    write_record,
    yardstick,
)

PLUGIN_DIR = Path(__file__).resolve().parents[1]
REPO = PLUGIN_DIR.parents[1]
WEN2019_DEMO = REPO / "plugins" / "wen2019" / "studio_wen2019" / "models" / "demo"
RECIPE = DemoRecipe(
    plugin="avpgan",
    generator="avpgan:voice-to-face",
    models=PLUGIN_DIR / "studio_avpgan" / "models",
    corpus_size=200,
    corpus_seed=1,
    faces="avatar",
    # 256 px avatars: the GAN stage reads them at its 64 px, the restorer learns to lift 64 px
    # faces to these.
    corpus_args=("--face-size", "256", "--espeak", "--augment"),
    yardstick=True,
)
JOBS = {  # export name -> settings beyond the demo preset
    "gan-cbam": ["restore_steps=0"],
    "gan-no-cbam": ["restore_steps=0", "cbam_generator=", "cbam_critic="],
    "restorer": ["steps=0"],
}
ENTRIES = {  # bundled entry -> (its voice model's job, what it is)
    "demo": ("gan-cbam", "with CBAM"),
    "demo-no-cbam": ("gan-no-cbam", "without CBAM"),
}


def settings_of(
    name: str, extra: list[str], steps: dict[str, int], encoder: Path = WEN2019_DEMO
) -> list[str]:
    settings = [f"voice_encoder={encoder}", *JOBS[name], *extra]
    if name == "restorer" and "restore_steps" in steps:
        settings.append(f"restore_steps={steps['restore_steps']}")
    elif name != "restorer" and "steps" in steps:
        settings.append(f"steps={steps['steps']}")
    return settings


def train_in_parallel(commands: dict[str, list[str]], env: dict, work: Path) -> None:
    """One child per stage; they share one voice-feature cache (files are written atomically)."""
    (work / "features").mkdir(parents=True, exist_ok=True)
    children = {}
    for name, command in commands.items():
        run = work / f"run-{name}"
        run.mkdir(parents=True, exist_ok=True)
        if not (run / "features").exists():
            (run / "features").symlink_to(work / "features", target_is_directory=True)
        print("$ persona-studio " + " ".join(command), flush=True)
        log = (work / f"{name}.log").open("w")
        children[name] = subprocess.Popen(
            [sys.executable, "-m", "studio.cli", *command], env=env, stdout=log, stderr=log
        )
    failed = [name for name, child in children.items() if child.wait() != 0]
    if failed:
        raise SystemExit(f"training failed: {', '.join(failed)} (see {work}/<name>.log)")


def join(voice_entry: Path, restorer_entry: Path, destination: Path, title: str) -> None:
    """The voice model of one entry with the restorer of another, as one bundled entry."""
    from safetensors.torch import load_file, save_file

    tensors = load_file(voice_entry / "model.safetensors")
    tensors = {k: v for k, v in tensors.items() if not k.startswith("restorer.")}
    restorer = load_file(restorer_entry / "model.safetensors")
    tensors.update({k: v for k, v in restorer.items() if k.startswith("restorer.")})
    config = json.loads((voice_entry / "config.json").read_text())
    config["restorer"] = json.loads((restorer_entry / "config.json").read_text())["restorer"]
    if destination.exists():
        shutil.rmtree(destination)
    destination.mkdir(parents=True)
    save_file(tensors, destination / "model.safetensors")
    (destination / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    shutil.copyfile(voice_entry / "source.json", destination / "source.json")
    from studio.weights.hashing import sha256_file

    origin = f"persona-studio train on the synthetic voices-faces corpus (demo preset, {title})"
    mark_demo_source(
        destination,
        dataclasses.replace(RECIPE, origin=origin),
        name=destination.name,
        sha256=sha256_file(destination / "model.safetensors"),
        bytes=(destination / "model.safetensors").stat().st_size,
    )


def main() -> None:
    parser = demo_arguments(RECIPE, __doc__)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the corpus and every trained entry already in --work (train only the others)",
    )
    parser.add_argument(
        "--gan-steps", type=int, help="steps of both GAN runs (default: the preset's)"
    )
    parser.add_argument("--restore-steps", type=int, help="steps of the restoration run")
    parser.add_argument(
        "--voice-encoder",
        type=Path,
        default=WEN2019_DEMO,
        help="the frozen voice encoder (default: the bundled wen2019 demo model's)",
    )
    parser.add_argument("--note", default="", help="a remark recorded in TRAINING.json")
    args = parser.parse_args()
    work = args.work.resolve()
    corpus, store = work / "corpus", work / "store"
    env = dict(os.environ, PERSONA_STUDIO_DATA=str(store), OMP_NUM_THREADS="1")
    started = time.time()
    demo_data = ensure_corpus(RECIPE, corpus, env, trusted=args.reuse)
    steps = {}
    if args.gan_steps is not None:
        steps["steps"] = args.gan_steps
    if args.restore_steps is not None:
        steps["restore_steps"] = args.restore_steps
    commands = {
        name: train_command(
            RECIPE, corpus, work / f"run-{name}", settings_of(name, args.settings, steps, args.voice_encoder),
            export=name,
        )
        for name in JOBS
    }  # fmt: skip
    entries = {name: store / "models" / "avpgan" / name for name in JOBS}
    missing = {
        name: command
        for name, command in commands.items()
        if not (args.reuse and (entries[name] / "model.safetensors").is_file())
    }
    minutes = None  # unknown when the trained entries are reused: say it in --note
    if missing:
        train_in_parallel(missing, env, work)
        minutes = round((time.time() - started) / 60, 1)
    models = args.dest.resolve()
    demo, ablation = models / "demo", models / "demo-no-cbam"
    for bundled, (job, title) in ENTRIES.items():
        join(entries[job], entries["restorer"], models / bundled, title)

    sys.path.insert(0, str(REPO))
    from studio.evaluation.face_evaluation import EVAL_SEED
    from studio.evaluation.latent_basis import principal_directions
    from studio.ml.latent_basis import write_latent_basis
    from studio_avpgan.evaluation import restoration_gain

    names, vectors = principal_directions("avpgan:voice-to-face", demo, corpus / "manifest.jsonl")
    write_latent_basis(demo, names, vectors)
    ablation_names, ablation_vectors = principal_directions(
        "avpgan:voice-to-face", ablation, corpus / "manifest.jsonl"
    )
    write_latent_basis(ablation, ablation_names, ablation_vectors)

    with tempfile.TemporaryDirectory(prefix="persona-eval-") as folder:
        run_persona_studio(
            "demo-data", "voices-faces", "--out", folder, "--speakers", "60",
            "--seed", str(EVAL_SEED), "--face-style", RECIPE.faces, "--face-size", "256",
            "--utterances", "2",
            "--heldout", "0", env=env,
        )  # fmt: skip
        held_out_faces = sorted(Path(folder, "faces").rglob("*.png"))
        restoration = restoration_gain(demo, held_out_faces)
    print("restoration", restoration, flush=True)
    record = {
        "commands": shown([demo_data, *commands.values()]),
        "torch_threads": "1 per job, three jobs in parallel (the machine was shared with other jobs)",
        "corpus": RECIPE.corpus_record(),
        "art": RECIPE.art,
        "voice_encoder": "frozen: the bundled wen2019 demo model's speaker encoder"
        if args.voice_encoder == WEN2019_DEMO
        else f"frozen: {args.voice_encoder}",
        "wall_minutes": minutes,
        "note": args.note,
        "final_losses": {
            name: last_metrics(work / f"run-{name}" / stage / "metrics.csv")
            for name, stage in (
                ("gan-cbam", "gan"),
                ("gan-no-cbam", "gan"),
                ("restorer", "restoration"),
            )
        },
        "restoration_on_held_out_faces": restoration,
        "latent_directions": names,
    }
    for destination in (demo, ablation):
        write_record(destination, record)
    figures = {}
    for destination in (demo, ablation):
        result, command = yardstick(RECIPE, destination, work, env)
        if result is not None:
            figures[destination.name] = {"command": shown([command])[0], **result}
    if figures:
        record["yardstick"] = figures
        for destination in (demo, ablation):
            write_record(destination, record)
    print(json.dumps(record, indent=2))


if __name__ == "__main__":
    main()
