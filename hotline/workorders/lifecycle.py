"""The work-order lifecycle (DESIGN.md section 4): which action moves an order from which status to which.

登记 registered -> 受理 accepted -> 转办 assigned (re-assignable) -> 答复 replied -> 反馈 feedback ->
评价 evaluated -> 办结 closed; 重办 reopened (unsatisfied evaluation) goes back to assigned. 督办 supervise marks
an open order without moving it."""
from __future__ import annotations

STATUS_NAMES = {
    "registered": "已登记",
    "accepted": "已受理",
    "assigned": "已转办",
    "replied": "已答复",
    "feedback": "已回访",
    "evaluated": "已评价",
    "closed": "已办结",
    "reopened": "重办中",
}

# action -> (statuses it may start from, status it leads to; None keeps the status)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "register": (frozenset({""}), "registered"),
    "accept": (frozenset({"registered"}), "accepted"),
    "assign": (frozenset({"accepted", "assigned", "reopened"}), "assigned"),
    "reply": (frozenset({"assigned"}), "replied"),
    "feedback": (frozenset({"replied"}), "feedback"),
    "evaluate": (frozenset({"replied", "feedback"}), "evaluated"),
    "close": (frozenset({"evaluated", "feedback", "replied"}), "closed"),
    "reopen": (frozenset({"evaluated", "feedback", "replied", "closed"}), "reopened"),
    "supervise": (frozenset({"accepted", "assigned", "reopened", "replied"}), None),
    # the citizen corrects what was submitted (same submission, edited): fields change, the status does not
    "supplement": (frozenset({"registered", "accepted", "assigned", "reopened", "replied", "feedback"}), None),
}

OPEN_STATUSES = frozenset({"registered", "accepted", "assigned", "reopened", "replied", "feedback"})


class TransitionError(ValueError):
    """The lifecycle forbids this action in the order's current status."""


def next_status(current: str, action: str) -> str:
    if action not in TRANSITIONS:
        raise TransitionError(f"unknown action '{action}'")
    allowed, target = TRANSITIONS[action]
    if current not in allowed:
        raise TransitionError(
            f"'{action}' is not allowed when the order is {STATUS_NAMES.get(current, current)} ({current}); "
            f"allowed from: {', '.join(sorted(s or '(new)' for s in allowed))}")
    return target or current
