"""``persona-studio train GENERATOR_ID --data MANIFEST --out DIR``: run a plugin's training recipe.

The same command runs under ``torchrun --nproc-per-node N`` for data-parallel training; only
the main process exports. Ctrl-C stops after the current step with a checkpoint written.
"""

from __future__ import annotations

from pathlib import Path

from studio.api.contract import Trainer
from studio.api.errors import StudioError
from studio.app.context import Context

from .generate_cmd import add_set_option, parse_settings

EXIT_INTERRUPTED = 130


def add_parser(commands) -> None:
    parser = commands.add_parser("train", help="train a generator on a dataset manifest")
    parser.add_argument("generator", help="generator id, e.g. wen2019:voice-to-face")
    parser.add_argument(
        "--data", type=Path, required=True, metavar="MANIFEST", help="JSONL manifest"
    )
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="run folder")
    add_set_option(parser, "override a training setting (repeatable)")
    parser.add_argument(
        "--resume", action="store_true", help="continue from the run folder's last checkpoint"
    )
    parser.add_argument(
        "--export", metavar="NAME", help="at the end, add the weights to the model store as NAME"
    )
    parser.add_argument(
        "--replace", action="store_true", help="let --export replace an entry of that name"
    )
    parser.add_argument(
        "--device", help="auto, cpu, cuda or cuda:N (torchrun picks cuda:LOCAL_RANK)"
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    from studio.api import TrainRequest
    from studio.ml.training import Interrupted

    context = Context()
    info = context.host.generator(args.generator)
    if not info.trainer:
        raise StudioError(f"{info.id} has no training recipe")
    trainer: Trainer = context.host.resolve(info, info.trainer)
    request = TrainRequest(
        args.data, args.out, parse_settings(args.settings), args.resume, args.device
    )
    try:
        exported = trainer(request)
    except Interrupted as stop:
        print(f"interrupted at step {stop.step}; checkpoint {stop.path}; continue with --resume")
        return EXIT_INTERRUPTED
    if args.export and exported is not None:
        ref = context.store.add(
            info.plugin, args.export, exported, importer=info.trainer, replace=args.replace
        )
        print(f"exported {info.plugin}/{args.export} (sha256 {ref.sha256}) into {ref.directory}")
    return 0
