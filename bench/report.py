"""The results table: req/s against the static-file ceiling, printed and written as JSON."""

import json
from datetime import datetime

COLUMNS = ("URL", "req/s", "p50 ms", "p95 ms", "p99 ms", "queries", "vs static")


def with_ratios(rows, ceiling_name="static"):
    """Each row gets ``ratio``: its req/s as a fraction of the static file's. The file is
    measured first and last (``static_first``, ``static``): the ceiling is the higher of the
    two, so that a burst of other load on the machine while one of them ran does not lower
    the ceiling and flatter every page."""
    ceiling = max(
        (r["rps"] for r in rows if r["name"] in (ceiling_name, f"{ceiling_name}_first")),
        default=0,
    )
    return [{**row, "ratio": round(row["rps"] / ceiling, 3) if ceiling else None} for row in rows]


def _cell(value, digits=1):
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _queries(row):
    """Warm count, with the cold (first request) count in brackets when it differs."""
    warm, cold = row.get("queries"), row.get("queries_cold")
    if cold is None or cold == warm:
        return _cell(warm)
    return f"{_cell(warm)} ({cold})"


def table(rows):
    """A Markdown table, readable in a terminal and pasteable in the docs."""
    lines = [
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "|".join("---" if i == 0 else "---:" for i in range(len(COLUMNS))) + "|",
    ]
    for row in rows:
        cells = [
            f"{row['label']} `{row['path']}`" if row.get("label") else row["path"],
            _cell(row["rps"]),
            _cell(row["p50_ms"]),
            _cell(row["p95_ms"]),
            _cell(row["p99_ms"]),
            _queries(row),
            _cell(row.get("ratio"), 3),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write(results_dir, mode, payload, now=None):
    now = now or datetime.now()
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"{now:%Y%m%d-%H%M%S}-{mode}.json"
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
