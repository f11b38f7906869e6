"""The work-order lifecycle (DESIGN.md section 4): which action moves an order from which status to which, and
who may take it.

登记 registered -> 受理 accepted -> 转办 assigned (re-assignable; a handling unit may return it, 退回) -> 答复 replied
-> 反馈 feedback -> 评价 evaluated -> 办结 closed; 重办 reopened (an unsatisfied evaluation) goes back to assigned.
督办 supervise marks an open order without moving it, as do 补充 supplement (the citizen adds to it), 调解 mediate
(the unit records a mediation attempt) and 司法建议 advise (the unit advises a statutory route)."""
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
ACTION_NAMES = {
    "register": "登记", "accept": "受理", "assign": "转办", "return": "退回", "reply": "答复", "feedback": "回访",
    "evaluate": "评价", "reopen": "重办", "close": "办结", "supervise": "督办", "supplement": "补充",
    "mediate": "调解", "advise": "司法途径建议",
}

OPEN_STATUSES = frozenset({"registered", "accepted", "assigned", "reopened", "replied", "feedback"})
# action -> (statuses it may start from, status it leads to; None keeps the status)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "register": (frozenset({""}), "registered"),
    "accept": (frozenset({"registered"}), "accepted"),
    "assign": (frozenset({"accepted", "assigned", "reopened"}), "assigned"),
    "return": (frozenset({"assigned", "reopened"}), "accepted"),
    "reply": (frozenset({"assigned", "reopened"}), "replied"),
    "feedback": (frozenset({"replied"}), "feedback"),
    "evaluate": (frozenset({"replied", "feedback"}), "evaluated"),
    "close": (frozenset({"evaluated", "feedback", "replied"}), "closed"),
    "reopen": (frozenset({"evaluated", "feedback", "replied", "closed"}), "reopened"),
    "supervise": (frozenset({"accepted", "assigned", "reopened", "replied", "feedback"}), None),
    # the citizen corrects or adds to what was submitted: fields change, the status does not
    "supplement": (OPEN_STATUSES, None),
    "mediate": (frozenset({"assigned", "reopened", "replied", "feedback"}), None),
    "advise": (frozenset({"assigned", "reopened", "replied", "feedback", "evaluated", "closed"}), None),
}

ROLES = ("dispatcher", "handling_unit", "supervisor", "analyst", "admin")
# who may take which action (the citizen acts through the bot, the SLA scanner as "system")
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    "dispatcher": frozenset({"accept", "assign", "feedback", "close", "reopen"}),
    "handling_unit": frozenset({"return", "reply", "mediate", "advise"}),
    "supervisor": frozenset({"supervise", "reopen", "close", "assign"}),
    "analyst": frozenset(),
    "admin": frozenset(TRANSITIONS) - {"register"},
    "citizen": frozenset({"evaluate", "supplement", "reopen"}),
    "system": frozenset({"register", "accept", "supervise"}),
}
EVALUATIONS = ("满意", "基本满意", "不满意")


class TransitionError(ValueError):
    """The lifecycle forbids this action in the order's current status."""


class PermissionDenied(PermissionError):
    """The role may not take this action."""


def next_status(current: str, action: str) -> str:
    if action not in TRANSITIONS:
        raise TransitionError(f"unknown action '{action}'")
    allowed, target = TRANSITIONS[action]
    if current not in allowed:
        raise TransitionError(
            f"'{action}' is not allowed when the order is {STATUS_NAMES.get(current, current)} ({current}); "
            f"allowed from: {', '.join(sorted(s or '(new)' for s in allowed))}")
    return target or current


def check_role(role: str, action: str) -> None:
    if action not in ROLE_ACTIONS.get(role, frozenset()):
        raise PermissionDenied(f"the role '{role}' may not '{action}'")


def allowed_actions(role: str, status: str) -> list[str]:
    """The actions this role can take on an order in this status (what a console offers)."""
    return [a for a in TRANSITIONS if a in ROLE_ACTIONS.get(role, frozenset()) and status in TRANSITIONS[a][0]]
