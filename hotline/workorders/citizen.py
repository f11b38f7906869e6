"""The citizen's side of the lifecycle (policy/citizen_side.yml): evaluating a replied order, reopening it
with the reason when unsatisfied, adding information to an open order. Only the citizen who filed an order
acts on it: from the chat account it was filed from, or naming the phone number registered on it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from hotline.language.discourse import content_chars
from hotline.language.identifiers import find_all
from hotline.policy import PolicyError, Reader, load_yaml
from hotline.workorders.lifecycle import EVALUATIONS, OPEN_STATUSES, STATUS_NAMES
from hotline.workorders.orders import WorkOrders

NOTICE_KEYS = ("ask_evaluation", "which_evaluation", "evaluated", "ask_reopen_reason", "reopened",
               "nothing_to_evaluate", "several_to_evaluate", "ask_supplement", "supplemented", "nothing_open",
               "not_open")
# what is left of "不满意，路灯还是不亮" once the evaluation is taken out, before it counts as the reason
_FILLER = re.compile(r"^[\s,，。.!！?？:：;；、~～]*(我|本人)?(的)?(评价|给个|给|打)?(是|为)?[\s,，。.!！?？:：;；、~～]*|[\s,，。.!！?？:：;；、~～]+$")


@dataclass(frozen=True)
class CitizenPolicy:
    evaluation_words: dict[str, re.Pattern[str]]
    evaluable: frozenset[str]
    notices: dict[str, str]

    @classmethod
    def load(cls, data: dict[str, Any] | None = None) -> CitizenPolicy:
        r = Reader("citizen_side.yml", data if data is not None else load_yaml("citizen_side.yml"))
        words = {k: v.pattern() for k, v in r.get("evaluation_words").items()}
        if set(words) != set(EVALUATIONS):
            raise PolicyError(f"citizen_side.yml: evaluation_words: expected exactly {', '.join(EVALUATIONS)}")
        evaluable = r.get("evaluable_statuses").texts()
        unknown = set(evaluable) - set(STATUS_NAMES)
        if unknown or not evaluable:
            raise PolicyError(f"citizen_side.yml: evaluable_statuses: unknown or empty: {sorted(unknown)}")
        notices = r.get("notices")
        return cls(words, frozenset(evaluable), {k: notices.get(k).text() for k in NOTICE_KEYS})


@dataclass(frozen=True)
class Evaluation:
    evaluation: str | None  # 满意 / 基本满意 / 不满意, None when the words give none
    reason: str | None  # what else the message says (the reason of an unsatisfied evaluation)


class CitizenSide:
    def __init__(self, orders: WorkOrders | None = None, policy: CitizenPolicy | None = None):
        self.orders = orders or WorkOrders()
        self.policy = policy or citizen_policy()

    def notice(self, key: str, **values: Any) -> str:
        return self.policy.notices[key].format(**values)

    # -- reading the citizen's words
    def evaluation_in(self, text: str) -> Evaluation:
        text = text or ""
        for order_number in (i.value for i in find_all(text) if i.kind == "order_number"):
            text = re.sub(r"\s*".join(order_number), "", text, flags=re.I)
        for evaluation in ("不满意", "基本满意", "满意"):
            m = self.policy.evaluation_words[evaluation].search(text)
            if m:
                before = re.sub(r"(非常|十分|特别|相当|很|挺|蛮|真)$", "", text[: m.start()])
                rest = _FILLER.sub("", re.sub(r"[，,。\s]{2,}", "，", before + "，" + text[m.end():]))
                return Evaluation(evaluation, rest if content_chars(rest) >= 4 else None)
        return Evaluation(None, None)

    # -- which orders
    def orders_of(self, sender_id: str, text: str) -> list[dict[str, Any]]:
        """The citizen's orders a message may act on, newest first: the numbers it names (when filed from this
        account, or the message also gives the phone registered on them), else those of this account."""
        found = find_all(text or "")
        numbers = [i.value for i in found if i.kind == "order_number"]
        phones = {i.value for i in found if i.kind in ("mobile", "landline")}
        if numbers:
            out = []
            for number in numbers:
                record = self.orders.get(number)
                if record and (record["sender_id"] == sender_id or record["citizen"].get("phone") in phones):
                    out.append(record)
            return out
        return self.orders.for_sender(sender_id, 20)

    def evaluable(self, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [r for r in records if r["status"] in self.policy.evaluable]

    @staticmethod
    def open_orders(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [r for r in records if r["status"] in OPEN_STATUSES]

    # -- acting
    def evaluate(self, number: str, evaluation: str, reason: str | None, actor: str) -> dict[str, Any]:
        """Records the evaluation; an unsatisfied one with its reason also reopens the order."""
        record = self.orders.apply(number, "evaluate", actor=actor, role="citizen", data={"evaluation": evaluation},
                                   note=reason)
        if evaluation == "不满意" and reason:
            record = self.reopen(number, reason, actor)
        return record

    def reopen(self, number: str, reason: str, actor: str) -> dict[str, Any]:
        return self.orders.apply(number, "reopen", actor=actor, role="citizen", note=reason[:2000],
                                 data={"reason": reason[:2000]})

    def supplement(self, number: str, text: str, actor: str) -> dict[str, Any]:
        return self.orders.apply(number, "supplement", actor=actor, role="citizen", note=text[:2000],
                                 data={"text": text[:5000]})


@lru_cache(maxsize=1)
def citizen_policy() -> CitizenPolicy:
    return CitizenPolicy.load()
