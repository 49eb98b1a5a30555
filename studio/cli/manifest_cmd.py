"""``persona-studio manifest voxceleb-vggface``: a manifest from the papers' public layouts."""

from __future__ import annotations

from pathlib import Path


def add_parser(commands) -> None:
    parser = commands.add_parser("manifest", help="build dataset manifests from public layouts")
    layouts = parser.add_subparsers(dest="layout", metavar="LAYOUT", required=True)
    vox = layouts.add_parser(
        "voxceleb-vggface", help="VoxCeleb1 audio + VGGFace faces (Wen et al. 2019)"
    )
    vox.add_argument(
        "--audio", type=Path, required=True, help="VoxCeleb1 wav/ folder (one folder per id)"
    )
    vox.add_argument(
        "--faces", type=Path, required=True, help="VGGFace folder (one folder per name)"
    )
    vox.add_argument("--meta", type=Path, required=True, help="vox1_meta.csv")
    vox.add_argument("-o", "--output", type=Path, required=True, help="manifest .jsonl to write")
    vox.set_defaults(run=run_voxceleb_vggface)


def run_voxceleb_vggface(args) -> int:
    from collections import Counter

    from studio.ml.datasets.voxceleb_vggface import build_samples
    from studio.ml.manifest import write_manifest

    samples = build_samples(args.audio, args.faces, args.meta)
    write_manifest(args.output, samples)
    speakers = Counter(
        sample.split for sample in {(s.speaker, s.split): s for s in samples}.values()
    )
    print(
        f"wrote {args.output}: {len(samples)} samples, "
        + ", ".join(f"{n} {split} identities" for split, n in sorted(speakers.items()))
    )
    return 0
