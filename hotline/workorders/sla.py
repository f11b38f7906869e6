"""Reply deadlines by request type and category (policy/sla.yml), in working days."""
from __future__ import annotations

from datetime import datetime, time
from functools import lru_cache

from hotline.policy import PolicyError, Reader, load_yaml
from hotline.workorders.record import REQUEST_TYPES
from hotline.workorders.workdays import WorkCalendar, work_calendar


class SlaTable:
    def __init__(self, by_type: dict[str, int], by_category: dict[str, dict[str, int]], reply_time: time,
                 calendar: WorkCalendar):
        self.by_type, self.by_category, self.reply_time, self.calendar = by_type, by_category, reply_time, calendar

    @classmethod
    def load(cls, calendar: WorkCalendar | None = None) -> SlaTable:
        r = Reader("sla.yml", load_yaml("sla.yml"))
        by_type = {k: v.integer(1) for k, v in r.get("by_type").items()}
        missing = set(REQUEST_TYPES) - set(by_type)
        if missing:
            raise PolicyError(f"sla.yml: by_type: no deadline for {sorted(missing)}")
        by_category = {}
        for cat, v in r.get("by_category", {}).items():
            by_category[cat] = {}
            for t, days in v.items():
                if t not in REQUEST_TYPES:
                    raise PolicyError(f"sla.yml: by_category.{cat}.{t}: unknown request type")
                by_category[cat][t] = days.integer(1)
        try:
            reply_time = time.fromisoformat(r.get("reply_time").text())
        except ValueError as e:
            raise PolicyError(f"sla.yml: reply_time: expected HH:MM: {e}") from e
        return cls(by_type, by_category, reply_time, calendar or work_calendar())

    def workdays_for(self, request_type: str, category_path: str | None) -> int:
        best, best_len = self.by_type[request_type], -1
        for prefix, table in self.by_category.items():
            if category_path and (category_path == prefix or category_path.startswith(prefix + "/")):
                if request_type in table and len(prefix) > best_len:
                    best, best_len = table[request_type], len(prefix)
        return best

    def deadline(self, request_type: str, category_path: str | None, accepted_at: datetime) -> datetime:
        return self.calendar.deadline(accepted_at, self.workdays_for(request_type, category_path),
                                      self.reply_time)


@lru_cache(maxsize=1)
def sla_table() -> SlaTable:
    return SlaTable.load()
