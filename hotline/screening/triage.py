"""The triage contract (DESIGN.md section 3): one JSON line in, one JSON line out, whatever the input."""
from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from hotline.intake.category import default_classifier
from hotline.language.identifiers import find_all
from hotline.screening.screener import Screener, default_screener

log = logging.getLogger(__name__)


class History:
    """The not-accepted rules that need history, for messages that say who sent them (`sender`, or a phone
    number in the text); the work-order store is opened at the first such message."""

    def __init__(self) -> None:
        self._rules = None
        self.broken = False

    def verdict(self, text: str, sender: str | None, category: str):
        phones = [i.value for i in find_all(text) if i.kind in ("mobile", "landline")]
        if self.broken or not (sender or phones):
            return None
        try:
            if self._rules is None:
                from hotline.workorders.history import HistoryRules

                self._rules = HistoryRules()
            return self._rules.verdict(text, sender_id=sender, phones=phones, category=category)
        except Exception as e:  # no store: the message is screened without its history, and that is said once
            self.broken = True
            print(f"triage: work-order store unavailable, history rules skipped ({type(e).__name__}: {e})",
                  file=sys.stderr)
            return None


def triage_one(item: dict[str, Any], screener: Screener | None = None,
               history: History | None = None) -> dict[str, Any]:
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
        guess = default_classifier().best(s.masked_text)
        out["category"] = guess.category.level1
        sender = item.get("sender")
        found = history.verdict(s.masked_text, str(sender) if sender not in (None, "") else None,
                                guess.path) if history else None
        if found:
            out.update(verdict="not_accepted", reason=found.reason, related=found.related, notice=found.notice,
                       category=None, route=found.route)
    return out


def triage_lines(lines: Iterable[str]) -> Iterator[str]:
    history = History()
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
        yield json.dumps(triage_one(item, history=history), ensure_ascii=False)
