"""The yardstick's report as one plain-text table: a row per figure, a column per speech set
and, beside each, the same figure for the avatars themselves (the ceiling)."""

from __future__ import annotations

import math

ROWS = (  # (label, path into a set's figures, format)
    ("pictures (speakers)", ("pictures",), "count"),
    ("face found, % at 256 px", ("face_found",), "percent"),
    ("  over the avatars' rate", ("face_found_over_truth",), "ratio"),
    ("crispness (avatars = 1)", ("crispness",), "ratio"),
    ("fidelity: skin ~ breathiness", ("fidelity", "breathiness"), "rho"),
    ("fidelity: width ~ vocal tract", ("fidelity", "vtl_cm"), "rho"),
    ("fidelity: grey ~ slow speech", ("fidelity", "rate_syl_s"), "rho"),
    ("register agreement, %", ("register_agreement",), "percent"),
    ("diversity (between / within)", ("diversity",), "ratio"),
    ("1-of-2 matching, %", ("matching",), "percent"),
)
TITLES = {"synthetic": "held-out synthetic", "real": "real speech"}


def table(report: dict) -> str:
    columns = []
    for name, figures in report["sets"].items():
        columns.append((TITLES.get(name, name), figures))
        columns.append(("  its avatars", report["truth"].get(name, {})))
    first = max(len(label) for label, _, _ in ROWS) + 2
    width = max(14, *(len(title) + 2 for title, _ in columns))
    lines = [
        f"{report['generator']} ({report.get('weights') or 'default weights'}), "
        f"{_size(report)} px pictures, {report.get('seconds', 0):.0f} s",
        "".ljust(first) + "".join(title.rjust(width) for title, _ in columns),
    ]
    for label, path, kind in ROWS:
        cells = []
        for _, figures in columns:
            value = _get(figures, path)
            if kind == "count" and figures:
                cells.append(f"{figures['pictures']} ({figures['speakers']})")
            else:
                cells.append(_format(value, kind) if figures else "")
        lines.append(label.ljust(first) + "".join(cell.rjust(width) for cell in cells))
    return "\n".join(lines)


def _size(report: dict) -> str:
    sizes = {figures.get("size") for figures in report["sets"].values() if figures}
    return "/".join(str(s) for s in sorted(s for s in sizes if s)) or "?"


def _get(figures: dict, path: tuple[str, ...]):
    value = figures
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _format(value, kind: str) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and math.isinf(value):
        return "inf"
    if kind == "percent":
        return f"{value * 100:.1f}"
    if kind == "rho":
        return f"{value:+.2f}"
    return f"{value:.2f}"
