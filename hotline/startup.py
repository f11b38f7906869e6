"""Loading every policy file once at start-up, so a mistake stops the process with a clear message."""
from __future__ import annotations

from datetime import date

from hotline.language.places import gazetteer
from hotline.screening.screener import default_screener
from hotline.workorders.citizen import citizen_policy
from hotline.workorders.history import history_policy
from hotline.workorders.routing import routing_table
from hotline.workorders.sla import sla_table
from hotline.workorders.taxonomy import taxonomy
from hotline.workorders.workdays import work_calendar


def check_all() -> list[str]:
    """Loads and validates every policy file; returns one line of what was loaded per file."""
    s = default_screener().policy
    cal = work_calendar()
    return [
        f"screening.yml: {len(s.emergency_rules)} emergency rules; routes.yml: {len(s.route_rules)} route rules",
        f"regions.yml: {len(gazetteer().cities)} cities",
        f"working days: chinese-calendar {cal.years.start}-{cal.years.stop - 1}"
        + ("" if cal.covers(date.today().year + 1) else f"; NO HOLIDAY DATA FOR {date.today().year + 1}: "
                                                         "deadlines that fall then count Monday to Friday"),
        f"sla.yml: {len(sla_table().by_type)} request types",
        f"routing.yml: {len(routing_table().rules)} rules",
        f"category_taxonomy.csv: {len(taxonomy().categories)} categories",
        f"history.yml: at least {history_policy().min_failed_mediations} failed mediations, "
        f"similarity {history_policy().similar_with_category}/{history_policy().similar_enough}",
        f"citizen_side.yml: evaluable when {', '.join(sorted(citizen_policy().evaluable))}",
    ]


def warm_up() -> None:
    """Loads every model a conversation needs, so that no request pays for it."""
    from hotline.intake.category import default_classifier
    from hotline.intake.request_type import default_request_types
    from hotline.language.names import looks_like_name
    from hotline.language.times import resolve

    default_classifier().best("路灯坏了")
    default_request_types().best("路灯坏了")
    looks_like_name("王建国")
    from hotline.language.words import words

    words("路灯坏了")  # jieba's dictionary, for the history rules
    resolve("昨天", __import__("datetime").datetime.now())
