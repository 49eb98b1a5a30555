"""``persona-studio models list|import|verify|remove``: the model store."""

from __future__ import annotations

from pathlib import Path

from studio.api.contract import Importer
from studio.api.errors import StudioError
from studio.app.context import Context


def add_parser(commands) -> None:
    parser = commands.add_parser("models", help="list, import, verify and remove model weights")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="weights in the model store")
    listing.add_argument("plugin", nargs="?")
    listing.set_defaults(run=run_list)
    importing = actions.add_parser("import", help="import official checkpoint files")
    importing.add_argument("plugin")
    importing.add_argument("files", nargs="+", type=Path)
    importing.add_argument("--name", help="name in the store (default: the importer's name)")
    importing.add_argument("--importer", help="which importer of the plugin to use")
    importing.add_argument("--replace", action="store_true", help="replace an entry of that name")
    importing.set_defaults(run=run_import)
    verifying = actions.add_parser("verify", help="check stored weights against their sha256")
    verifying.add_argument("plugin", nargs="?")
    verifying.add_argument("name", nargs="?")
    verifying.set_defaults(run=run_verify)
    removing = actions.add_parser("remove", help="delete stored weights")
    removing.add_argument("plugin")
    removing.add_argument("name")
    removing.set_defaults(run=run_remove)


def run_list(args) -> int:
    context = Context()
    entries = context.store.list(args.plugin)
    bundled = bundled_weights(context.host, args.plugin)
    if not entries and not bundled:
        print("no weights imported yet")
    for entry in entries:
        size = f"{entry.bytes / 1e6:8.1f} MB"
        label = "demo (synthetic data)" if entry.demo else entry.origin
        print(f"{entry.plugin}/{entry.name}  {size}  sha256 {entry.sha256[:16]}  {label}")
    for plugin, spec in bundled:
        print(f"{plugin}/{spec.name}  bundled with the plugin  {spec.title or spec.name}")
    return 0


def bundled_weights(host, plugin: str | None) -> list:
    """(plugin, WeightsSpec) of every weights set shipped inside a plugin, once each."""
    seen = {}
    for info in host.generators.values():
        if plugin in (None, info.plugin):
            for spec in info.weights:
                if spec.bundled:
                    seen.setdefault((info.plugin, spec.name), spec)
    return [(key[0], spec) for key, spec in sorted(seen.items())]


def run_import(args) -> int:
    context = Context()
    importer = find_importer(context.host, args.plugin, args.importer)
    make: Importer = context.host.resolve(importer[0], importer[1].function)
    imported = make(list(args.files))
    name = args.name or importer[1].name
    ref = context.store.add(
        args.plugin,
        name,
        imported,
        original_files=files_in(args.files),
        importer=importer[1].function,
        replace=args.replace,
    )
    print(f"imported {args.plugin}/{name} (sha256 {ref.sha256}) into {ref.directory}")
    return 0


def files_in(paths: list[Path]) -> list[Path]:
    """The files given, with a folder (e.g. IC-GAN's checkpoint folder) standing for its files."""
    return [
        file
        for path in paths
        for file in (sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path])
    ]


def find_importer(host, plugin: str, name: str | None):
    """The (generator, importer) pair of ``plugin`` called ``name``, or its first importer."""
    candidates = [
        (info, spec)
        for info in host.generators.values()
        if info.plugin == plugin
        for spec in info.importers
    ]
    if not candidates:
        known = sorted({info.plugin for info in host.generators.values() if info.importers})
        raise StudioError(
            f"plugin {plugin!r} has no importer (plugins with importers: {', '.join(known) or 'none'})"
        )
    for candidate in candidates:
        if name is None or candidate[1].name == name:
            return candidate
    names = sorted({spec.name for _, spec in candidates})
    raise StudioError(f"plugin {plugin!r} has no importer {name!r} (importers: {', '.join(names)})")


def run_verify(args) -> int:
    store = Context().store
    entries = [e for e in store.list(args.plugin) if args.name in (None, e.name)]
    if args.name and not entries:
        store.get(args.plugin, args.name)  # raises the "no such weights" message
    failed = 0
    for entry in entries:
        report = store.verify(entry.plugin, entry.name)
        print(f"{entry.plugin}/{entry.name}: {report}")
        failed += not report.ok
    return 1 if failed else 0


def run_remove(args) -> int:
    Context().store.remove(args.plugin, args.name)
    print(f"removed {args.plugin}/{args.name}")
    return 0
