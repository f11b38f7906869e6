"""The triage contract (DESIGN.md section 3): one JSON line in, one JSON line out, whatever the input."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from hotline.intake.category import default_classifier
from hotline.screening.screener import Screener, default_screener


def triage_one(item: dict[str, Any], screener: Screener | None = None) -> dict[str, Any]:
    screener = screener or default_screener()
    text = item.get("text")
    text = text if isinstance(text, str) else ("" if text is None else str(text))
    s = screener.screen(text)
    out: dict[str, Any] = {
        "id": item.get("id"),
        "verdict": s.verdict,
        "services": list(s.services),
        "route": s.route,
        "civility": s.civility,
        "category": None,
        "notice": s.notice,
    }
    if s.verdict == "accept":
        out["category"] = default_classifier().best(s.masked_text).category.level1
    return out


def triage_lines(lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("not a JSON object")
        except ValueError as e:
            # a broken line still gets its one answer, so no request is lost silently
            out = triage_one({"id": None, "text": ""})
            out["error"] = f"invalid input line: {e}"
            yield json.dumps(out, ensure_ascii=False)
            continue
        yield json.dumps(triage_one(item), ensure_ascii=False)
