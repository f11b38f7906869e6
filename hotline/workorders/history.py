"""The not-accepted rules that need the citizen's earlier orders (notice: 调解类 and 无新证据), policy in
policy/history.yml.

调解类: the same citizen brings again a dispute whose earlier order saw repeated failed mediation and the
handling unit's advice of a statutory route: not accepted, naming the earlier order and the route.
无新证据: the same citizen brings again a matter already handled and closed: without new evidence it is not
accepted (the earlier reply is repeated); with new evidence it is accepted as a follow-up of the earlier order.

The same citizen: the same chat account or the same phone number. The same matter: jieba words alike enough
(cosine, each word weighted by how rare it is in the category examples), or a little less alike within the same
category (all three levels), and the place not contradicting (two districts, two matters)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from hotline.clock import utcnow
from hotline.intake.category import EXAMPLES_DIR, default_classifier, load_examples
from hotline.language.identifiers import find_all
from hotline.language.places import gazetteer
from hotline.language.words import WordWeights, content_words, cosine
from hotline.policy import PolicyError, Reader, alternation, compile_pattern, load_yaml
from hotline.screening.screener import default_screener
from hotline.storage.modelcache import cached, fingerprint
from hotline.workorders.orders import WorkOrders

MEDIATION = "mediation_failed"
NO_NEW_EVIDENCE = "no_new_evidence"
NOTICE_KEYS = ("mediation_not_accepted", "ask_new_evidence", "ask_evidence_details", "no_new_evidence_not_accepted",
               "follow_up_accepted")


@dataclass(frozen=True)
class HistoryPolicy:
    lookback_days: int
    max_candidates: int
    similar_enough: float
    similar_with_category: float
    district_must_agree: bool
    ignore_words: frozenset[str]
    min_failed_mediations: int
    new_evidence: re.Pattern[str]
    no_answer: re.Pattern[str]
    notices: dict[str, str]

    @classmethod
    def load(cls, data: dict[str, Any] | None = None) -> HistoryPolicy:
        r = Reader("history.yml", data if data is not None else load_yaml("history.yml"))
        m = r.get("matching")
        similar_enough = m.get("similar_enough").number(0)
        similar_with_category = m.get("similar_with_category").number(0)
        if not similar_with_category <= similar_enough <= 1:
            raise PolicyError("history.yml: matching: expected similar_with_category <= similar_enough <= 1")
        district = m.get("different_district_is_different_matter", True).data
        if not isinstance(district, bool):
            raise PolicyError("history.yml: matching.different_district_is_different_matter: expected true or false")
        evidence = r.get("new_evidence_words")
        notices = r.get("notices")
        return cls(
            lookback_days=r.get("lookback_days").integer(1),
            max_candidates=r.get("max_candidates").integer(1),
            similar_enough=similar_enough,
            similar_with_category=similar_with_category,
            district_must_agree=district,
            ignore_words=frozenset(m.get("ignore_words", []).texts()),
            min_failed_mediations=r.get("mediation").get("min_failed").integer(1),
            new_evidence=compile_pattern(alternation(evidence.texts()), evidence._fail),
            no_answer=r.get("no_answers").pattern(),
            notices={k: notices.get(k).text() for k in NOTICE_KEYS},
        )


@dataclass(frozen=True)
class EarlierMatter:
    """An earlier order of the same citizen about the same matter, and which rule it brings into play."""

    rule: str  # MEDIATION or NO_NEW_EVIDENCE
    number: str
    similarity: float
    registered_at: str
    closed_at: str | None
    reply: str | None
    route: str | None
    failed_mediations: int


@dataclass(frozen=True)
class HistoryVerdict:
    """The outcome for a single message (the triage command: no dialogue to ask for new evidence in)."""

    reason: str
    related: str
    notice: str
    route: str | None = None  # the statutory route advised (调解类)


def _date(iso: str | None) -> str:
    if not iso:
        return "此前"
    d = datetime.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


class HistoryRules:
    def __init__(self, orders: WorkOrders | None = None, policy: HistoryPolicy | None = None):
        self.orders = orders or WorkOrders()
        self.policy = policy or history_policy()

    # -- what a message says
    def words(self, text: str) -> list[str]:
        return content_words(text, self.policy.ignore_words)

    def similarity(self, a: str, b: str) -> float:
        weights = word_weights()
        return cosine(weights.vector(self.words(a)), weights.vector(self.words(b)))

    def has_new_evidence(self, text: str) -> bool:
        return bool(self.policy.new_evidence.search(text or ""))

    def says_no(self, text: str) -> bool:
        return bool(self.policy.no_answer.match((text or "").strip()))

    # -- finding the earlier matter
    def same_matter(self, text: str, record: dict[str, Any], category: str | None = None,
                    district: str | None = None) -> float:
        """The word similarity when `record` is about the same matter as `text`, else 0. `category` is the new
        message's category path."""
        sim = self.similarity(text, f"{record['title']} {record['description']}")
        if sim < self.policy.similar_with_category:
            return 0.0
        earlier_district = record["location"].get("district")
        if self.policy.district_must_agree and district and earlier_district and district != earlier_district:
            return 0.0
        c = record["category"]
        if sim >= self.policy.similar_enough or category == f"{c['level1']}/{c['level2']}/{c['level3']}":
            return sim
        return 0.0

    def earlier_matter(self, text: str, *, sender_id: str | None = None, phones: list[str] | tuple = (),
                       category: str | None = None, district: str | None = None,
                       now: datetime | None = None) -> EarlierMatter | None:
        """The earlier order this message repeats, when one brings a history rule into play: a failed
        mediation first, else a closed order (the most similar one)."""
        if not (text or "").strip():
            return None
        phones = list(phones) + [i.value for i in find_all(text) if i.kind in ("mobile", "landline")]
        since = (now or utcnow()) - timedelta(days=self.policy.lookback_days)
        records = self.orders.of_citizen(sender_id, phones, since, self.policy.max_candidates)
        if not records:
            return None
        if category is None:
            category = default_classifier().best(text).path
        if district is None:
            district = gazetteer().find(text).district
        best: EarlierMatter | None = None
        for record in records:
            candidate = self._rule_for(record)
            if candidate is None:
                continue
            sim = self.same_matter(text, record, category, district)
            if not sim:
                continue
            found = EarlierMatter(similarity=round(sim, 3), **candidate)
            if best is None or (found.rule == MEDIATION, found.similarity) > (best.rule == MEDIATION, best.similarity):
                best = found
        return best

    def earlier(self, number: str) -> EarlierMatter | None:
        """The earlier order by its number, when a history rule still applies to it."""
        record = self.orders.get(number)
        candidate = self._rule_for(record) if record else None
        return EarlierMatter(similarity=1.0, **candidate) if candidate else None

    def _rule_for(self, record: dict[str, Any]) -> dict[str, Any] | None:
        history = record["history"]
        failed = sum(1 for e in history if e["action"] == "mediate" and (e.get("data") or {}).get("outcome") == "failed")
        advice = [e for e in history if e["action"] == "advise" and (e.get("data") or {}).get("route")]
        closed = [e for e in history if e["action"] == "close"]
        common = {"number": record["number"], "registered_at": record["created_at"],
                  "closed_at": closed[-1]["at"] if closed else None, "reply": record.get("latest_reply"),
                  "failed_mediations": failed, "route": advice[-1]["data"]["route"] if advice else None}
        if failed >= self.policy.min_failed_mediations and advice:
            return {"rule": MEDIATION, **common}
        if record["status"] == "closed":
            return {"rule": NO_NEW_EVIDENCE, **common}
        return None

    # -- what the citizen is told
    def mediation_notice(self, m: EarlierMatter) -> str:
        rt = default_screener().policy.route_texts[m.route or "litigation"]
        return self.policy.notices["mediation_not_accepted"].format(
            number=m.number, date=_date(m.registered_at), count=m.failed_mediations, name=rt.name, where=rt.where,
            how=rt.how)

    def _reply(self, m: EarlierMatter) -> str:
        reply = (m.reply or "（无书面答复）").strip()
        return reply if reply.endswith(("。", "！", "？", "）")) else reply + "。"

    def ask_new_evidence(self, m: EarlierMatter) -> str:
        return self.policy.notices["ask_new_evidence"].format(number=m.number, date=_date(m.closed_at),
                                                              reply=self._reply(m))

    def ask_evidence_details(self) -> str:
        return self.policy.notices["ask_evidence_details"]

    def no_new_evidence_notice(self, m: EarlierMatter) -> str:
        return self.policy.notices["no_new_evidence_not_accepted"].format(number=m.number, date=_date(m.closed_at),
                                                                          reply=self._reply(m))

    def follow_up_notice(self, m: EarlierMatter) -> str:
        return self.policy.notices["follow_up_accepted"].format(number=m.number)

    # -- one message, no dialogue (triage)
    def verdict(self, text: str, *, sender_id: str | None = None, phones: list[str] | tuple = (),
                category: str | None = None, now: datetime | None = None) -> HistoryVerdict | None:
        m = self.earlier_matter(text, sender_id=sender_id, phones=phones, category=category, now=now)
        if m is None:
            return None
        if m.rule == MEDIATION:
            return HistoryVerdict(MEDIATION, m.number, self.mediation_notice(m), m.route)
        if self.has_new_evidence(text):
            return None  # accepted, as a follow-up of m.number
        return HistoryVerdict(NO_NEW_EVIDENCE, m.number, self.no_new_evidence_notice(m))


WEIGHTS_VERSION = "1"  # bump when content_words changes


def _save_weights(w: WordWeights, folder) -> None:
    (folder / "weights.json").write_text(json.dumps({"docs": w.docs, "doc_freq": w.doc_freq}, ensure_ascii=False),
                                         encoding="utf-8")


def _load_weights(folder) -> WordWeights:
    data = json.loads((folder / "weights.json").read_text(encoding="utf-8"))
    if not isinstance(data.get("docs"), int) or not isinstance(data.get("doc_freq"), dict):
        raise ValueError("not a word-weights file")
    return WordWeights({str(k): int(v) for k, v in data["doc_freq"].items()}, data["docs"])


@lru_cache(maxsize=1)
def word_weights() -> WordWeights:
    """Word weights from the category examples (a few thousand real-style requests), cached under var/cache."""
    key = fingerprint(WEIGHTS_VERSION, sorted(EXAMPLES_DIR.glob("*.yml")))
    return cached("word-weights", key, lambda: WordWeights.from_texts(t for t, _ in load_examples()),
                  _save_weights, _load_weights)


@lru_cache(maxsize=1)
def history_policy() -> HistoryPolicy:
    return HistoryPolicy.load()
