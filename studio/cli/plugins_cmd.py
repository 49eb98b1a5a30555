"""``persona-studio plugins``: the generators found, and failed plugins with their reasons."""

from __future__ import annotations

from studio.app.context import Context


def add_parser(commands) -> None:
    parser = commands.add_parser("plugins", help="list plugins, their generators and failures")
    parser.add_argument("--enable", metavar="PLUGIN", help="turn a plugin back on (remembered)")
    parser.add_argument("--disable", metavar="PLUGIN", help="turn a plugin off (remembered)")
    parser.set_defaults(run=run)


def run(args) -> int:
    if args.enable or args.disable:
        from studio.host.plugin_state import PluginState

        PluginState.load().set_enabled(args.enable or args.disable, bool(args.enable))
        print(
            f"{args.enable or args.disable}: {'on' if args.enable else 'off'} from the next start"
        )
        return 0
    from studio.host.discovery import user_plugins_dir

    context = Context()
    host = context.host
    for notice in context.gate.notices:
        print(notice)
    if not host.plugins:
        print("no plugins found (is a plugin distribution installed?)")
    for record in host.plugins.values():
        status = {"ok": "ok", "failed": "FAILED", "off": f"off: {record.skipped}"}[record.status]
        print(f"{record.name} {record.version} ({record.distribution}): {status}")
        for generator_id in record.generators:
            info = host.generators[generator_id]
            print(f"  {generator_id:32} {info.task.value:16} {info.title}")
        for failure in record.failures:
            print(f"  error [{failure.stage}]: {failure.message}")
    print(f"user plugins folder: {user_plugins_dir()} (pip install --target there to add plugins)")
    return 0
