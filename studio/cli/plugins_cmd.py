"""``persona-studio plugins``: the generators found, and failed plugins with their reasons."""

from __future__ import annotations

from .context import Context


def add_parser(commands) -> None:
    parser = commands.add_parser("plugins", help="list plugins, their generators and failures")
    parser.set_defaults(run=run)


def run(args) -> int:
    from studio.host.discovery import user_plugins_dir

    host = Context().host
    if not host.plugins:
        print("no plugins found (is a plugin distribution installed?)")
    for record in host.plugins.values():
        status = "ok" if record.ok else "FAILED"
        print(f"{record.name} {record.version} ({record.distribution}): {status}")
        for generator_id in record.generators:
            info = host.generators[generator_id]
            print(f"  {generator_id:32} {info.task.value:16} {info.title}")
        for failure in record.failures:
            print(f"  error [{failure.stage}]: {failure.message}")
    print(f"user plugins folder: {user_plugins_dir()} (pip install --target there to add plugins)")
    return 0
