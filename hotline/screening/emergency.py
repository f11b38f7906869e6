"""Emergencies: danger happening now, or about to happen, where police, fire, ambulance or traffic police
must come now (notice: 110/119/120/122 等紧急类, 即时联动转交).

A trigger word is not an emergency by itself. Its clause decides: a time before now (去年, 上个月, 2019年),
an incident already handled or reported (已报警, 住院, 医药费), a habit or a hazard (经常, 频发, 隐患, 随时可能),
a complaint about an agency (派出所不处理) make it background. A composed letter (a title, a salutation, a
few paragraphs) is background throughout unless a clause says the danger is happening right now."""
from __future__ import annotations

from dataclasses import dataclass, field

from hotline.language.discourse import Message, clauses, sentences
from hotline.language.text import is_cjk
from hotline.screening.policy import SERVICES, ScreeningPolicy


@dataclass
class EmergencyFinding:
    services: tuple[str, ...] = ()
    whys: dict[str, str] = field(default_factory=dict)
    # a danger the message describes without it being an emergency now: (service, what)
    hazard: tuple[str, str] | None = None


class EmergencyDetector:
    def __init__(self, policy: ScreeningPolicy, model=None):
        self.p = policy
        self.model = model

    def _norm(self, text: str) -> str:
        return self.p.harmless.sub("|", self.p.normaliser.normalise(text).text)

    def detect(self, message: Message, normalised: str) -> EmergencyFinding:
        p = self.p
        whole = p.harmless.sub("|", normalised)
        letter = message.is_letter
        found: dict[str, str] = {}
        for sentence in sentences(message.text):
            # in a letter only a sentence that says "right now" counts
            if letter and not p.letter_now.search(self._norm(sentence)):
                continue
            for clause in clauses(sentence):
                ctext = self._norm(clause)
                if ctext:
                    self._events(ctext, found)
        if not found and not letter:
            # an event told across clauses ("两个小孩在河边玩，有一个掉下去了，快来人")
            self._events(whole, found)
        if not found and letter and self.model is not None:
            # a letter whose every word says "happening now" (a titled report of a fire, a fight, a collapse)
            # without one of the now-words: the model, trained on long messages, must be very sure
            prob, by_service = self.model.score(whole)
            if prob >= p.letter_model_threshold:
                for sentence in sentences(message.text):
                    for clause in clauses(sentence):
                        ctext = self._norm(clause)
                        if ctext:
                            self._events(ctext, found)
                if not found:
                    chosen = [s for s in SERVICES if by_service[s] >= p.model_service_threshold]
                    for s in chosen or [max(by_service, key=by_service.get)]:
                        found[s] = f"描述的情况可能危及安全（模型判断 {prob:.2f}）"
        urgent = bool(p.urgency.search(whole))
        # a question about such an event, or a complaint about how it was handled, is the hotline's
        if found and not urgent and (p.inquiry.search(whole) or p.handled.search(whole)):
            found = {}
        if p.resolved.search(whole):
            return EmergencyFinding(hazard=self._hazard(whole))  # "已经没事了": over before it reached us
        if (not found and not letter and self.model is not None
                and sum(1 for c in whole if is_cjk(c) or c.isalpha()) >= p.model_min_chars
                and not p.not_now.search(whole) and not p.handled.search(whole)
                and (not p.inquiry.search(whole) or urgent)):
            prob, services = self.model.score(whole)
            if prob >= p.model_threshold:
                chosen = [s for s in SERVICES if services[s] >= p.model_service_threshold]
                for s in chosen or [max(services, key=services.get)]:
                    found[s] = f"描述的情况可能危及安全（模型判断 {prob:.2f}）"
        if not found:
            return EmergencyFinding(hazard=self._hazard(whole))
        if p.injury.search(whole):
            for s in p.injury_adds:
                found.setdefault(s, "有人受伤")
        return EmergencyFinding(tuple(found), found)

    def _events(self, text: str, found: dict[str, str]) -> None:
        """Adds the services of every emergency rule that matches `text` as something happening now."""
        p = self.p
        urgent = p.urgency.search(text)
        past = [m.end() for m in p.not_now.finditer(text)]
        if (past or p.background.search(text)) and not urgent:
            return
        for rule in p.emergency_rules:
            for pt in rule.patterns:
                m = pt.search(text)
                # "去年着火的楼", "前天家门口发生车祸": a time word just before the event makes it past
                if m and not any(0 <= m.start() - end <= 8 for end in past):
                    for s in rule.services:
                        found.setdefault(s, rule.why)
                    break

    def _hazard(self, text: str) -> tuple[str, str] | None:
        for h in self.p.hazards:
            if h.pattern.search(text):
                return h.service, h.what
        return None
