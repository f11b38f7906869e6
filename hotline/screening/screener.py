"""The screening gate: what the hotline does with a message before any intake.

Order of precedence, from the notice: an emergency goes to 110/119/120/122 at once whatever else the message
says; a matter for a court, arbitration, administrative review or discipline inspection is told its
statutory route; pure abuse is blocked with an explicit notice; a message with no substance gets a prompt;
everything else is accepted, a swear word inside a real request only masked and gently reminded.

This module is stateless: one message in, one decision out. What depends on the sender's history (repeated
abuse, a session without substance) lives in hotline.guard."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from hotline.language.text import Normalised, Normaliser, is_cjk, light, mask
from hotline.policy import POLICY_DIR, PolicyError, Reader, alternation, compile_pattern, load_yaml

_CLAUSE = re.compile(r"[，,。.！!？?；;：:\n\r\t、…]+|\s{2,}")

VERDICTS = ("accept", "emergency", "legal_route", "abusive", "no_substance")
SERVICES = ("110", "119", "120", "122")
ROUTES = ("litigation", "arbitration", "labor_arbitration", "administrative_review", "discipline_inspection")


@dataclass(frozen=True)
class Screening:
    verdict: str
    services: tuple[str, ...] = ()
    route: str | None = None
    civility: bool = False
    notice: str | None = None
    reasons: tuple[str, ...] = ()
    # the citizen's text with abusive words masked (the text itself when there are none)
    masked_text: str = ""

    @property
    def blocks_intake(self) -> bool:
        return self.verdict != "accept"

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["services"] = list(self.services)
        d["reasons"] = list(self.reasons)
        return d


@dataclass(frozen=True)
class EmergencyRule:
    services: tuple[str, ...]
    why: str
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class RouteRule:
    route: str
    patterns: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class RouteText:
    name: str
    where: str
    how: str
    basis: str


@dataclass
class ScreeningPolicy:
    normaliser: Normaliser
    max_chars: int
    emergency_rules: list[EmergencyRule]
    injury: re.Pattern[str]
    injury_adds: tuple[str, ...]
    not_now: re.Pattern[str]
    inquiry: re.Pattern[str]
    urgency: re.Pattern[str]
    harmless: re.Pattern[str]
    route_rules: list[RouteRule]
    route_texts: dict[str, RouteText]
    abuse_terms: re.Pattern[str]
    interjections: re.Pattern[str]
    abuse_filler: re.Pattern[str]
    nosub_filler: re.Pattern[str]
    min_latin_words: int
    min_digits: int
    min_distinct_chars: int
    long_text_chars: int
    notices: dict[str, Any]
    guard: dict[str, float] = field(default_factory=dict)
    model_enabled: bool = True
    model_threshold: float = 0.4
    model_service_threshold: float = 0.5
    model_min_chars: int = 6
    resolved: re.Pattern[str] | None = None

    @classmethod
    def load(cls, directory: Path | None = None) -> ScreeningPolicy:
        directory = directory or POLICY_DIR
        scr = Reader("screening.yml", load_yaml("screening.yml", directory))
        rts = Reader("routes.yml", load_yaml("routes.yml", directory))
        ntc = Reader("notices.yml", load_yaml("notices.yml", directory))

        norm = scr.get("normalisation")
        variants = {k: v.text() for k, v in norm.get("variants").items()}
        symbols = {k: v.text() for k, v in norm.get("symbols", {}).items()}
        normaliser = Normaliser(variants, symbols)

        em = scr.get("emergency")
        rules = []
        for r in em.get("rules").list():
            services = tuple(s.choice(set(SERVICES)) for s in r.get("services").list())
            if not services:
                raise PolicyError(f"screening.yml: {r.path}.services: name at least one service")
            rules.append(EmergencyRule(services, r.get("why").text(), tuple(r.get("patterns").patterns())))

        def joined(reader: Reader) -> re.Pattern[str]:
            return compile_pattern(alternation(reader.texts()), reader._fail)

        route_rules = []
        for r in rts.get("rules").list():
            route_rules.append(RouteRule(r.get("route").choice(set(ROUTES)), tuple(r.get("patterns").patterns()),
                                         tuple(r.get("unless", []).patterns())))
        route_texts = {}
        for name, r in rts.get("routes").items():
            if name not in ROUTES:
                raise PolicyError(f"routes.yml: routes.{name}: unknown route, expected one of {ROUTES}")
            route_texts[name] = RouteText(r.get("name").text(), r.get("where").text(), r.get("how").text(),
                                          r.get("basis").text())
        missing = set(ROUTES) - set(route_texts)
        if missing:
            raise PolicyError(f"routes.yml: routes: no text for {sorted(missing)}")

        ab = scr.get("abuse")
        ns = scr.get("no_substance")
        # filler lists are written as plain words: compare them in the same squeezed form as messages
        def canonical_words(reader: Reader) -> re.Pattern[str]:
            words = [w for line in reader.texts() for w in line.split("|")]
            return compile_pattern(alternation([re.escape(normaliser.canonical(w)) for w in words if w]),
                                   reader._fail)

        notices = {}
        for key in ("emergency", "legal_route", "abusive", "blocked", "civility_reminder", "no_substance",
                    "session_closed", "too_long"):
            notices[key] = ntc.get(key).text()
        notices["emergency_service"] = {s: ntc.get("emergency_service").get(s).text() for s in SERVICES}

        model = em.get("model", {"enabled": False, "threshold": 1, "service_threshold": 1})
        enabled = model.get("enabled").data
        if not isinstance(enabled, bool):
            raise PolicyError(f"screening.yml: {model.get('enabled').path}: expected true or false")
        return cls(
            model_enabled=enabled,
            model_threshold=model.get("threshold").number(0),
            model_service_threshold=model.get("service_threshold").number(0),
            model_min_chars=model.get("min_chars", 6).integer(0),
            resolved=joined(em.get("resolved", [])),
            normaliser=normaliser,
            max_chars=scr.get("limits").get("max_screened_chars").integer(100),
            emergency_rules=rules,
            injury=joined(em.get("injury").get("patterns")),
            injury_adds=tuple(s.choice(set(SERVICES)) for s in em.get("injury").get("add").list()),
            not_now=joined(em.get("not_now")),
            inquiry=joined(em.get("inquiry")),
            urgency=joined(em.get("urgency")),
            harmless=joined(em.get("harmless")),
            route_rules=route_rules,
            route_texts=route_texts,
            abuse_terms=joined(ab.get("terms")),
            interjections=joined(ab.get("interjections")),
            abuse_filler=canonical_words(ab.get("filler")),
            nosub_filler=canonical_words(ns.get("filler")),
            min_latin_words=ns.get("min_latin_words").integer(1),
            min_digits=ns.get("min_digits").integer(1),
            min_distinct_chars=ns.get("min_distinct_chars_in_long_text").integer(1),
            long_text_chars=ns.get("long_text_chars").integer(1),
            notices=notices,
            guard={
                "strikes_to_block": ab.get("strikes_to_block").integer(1),
                "strike_window_seconds": ab.get("strike_window_seconds").integer(1),
                "block_seconds": ab.get("block_seconds").integer(1),
                "block_notice_every_seconds": ab.get("block_notice_every_seconds").integer(0),
                "close_after_messages": ns.get("close_after_messages").integer(1),
                "close_after_minutes": ns.get("close_after_minutes").number(0),
            },
        )


class Screener:
    def __init__(self, policy: ScreeningPolicy | None = None):
        self.policy = policy or ScreeningPolicy.load()
        self._model = None
        if self.policy.model_enabled:
            from hotline.screening.emergency_model import load_or_train

            normaliser = self.policy.normaliser
            self._model = load_or_train(lambda t: normaliser.normalise(t).text, normaliser.fingerprint())

    def screen(self, text: str | None) -> Screening:
        p = self.policy
        original = text if isinstance(text, str) else ""
        screened = original[: p.max_chars]
        norm = p.normaliser.normalise(screened)
        squeezed = norm.squeezed()

        services, whys = self._emergency(screened, norm.text)
        if services:
            return Screening("emergency", services=services, notice=self._emergency_notice(services, whys),
                             reasons=tuple(f"{s}:{whys[s]}" for s in services), masked_text=original)

        route = self._route(norm.text)
        if route:
            rt = p.route_texts[route]
            notice = p.notices["legal_route"].format(name=rt.name, where=rt.where, how=rt.how, basis=rt.basis)
            return Screening("legal_route", route=route, notice=notice, reasons=(route,), masked_text=original)

        abusive_spans = [m.span() for m in p.abuse_terms.finditer(squeezed.text) if m.end() > m.start()]
        exclamations = [m.span() for m in p.interjections.finditer(light(screened)) if m.end() > m.start()]
        if abusive_spans or exclamations:
            spans = [squeezed.original_span(a, b) for a, b in abusive_spans] + exclamations
            masked = mask(original, spans)
            words = tuple(original[a:b].strip(" ,，!！。") for a, b in spans)
            if not self._has_request_beyond(squeezed.text, abusive_spans):
                return Screening("abusive", notice=p.notices["abusive"], reasons=words, masked_text=masked)
            return Screening("accept", civility=True, notice=p.notices["civility_reminder"], reasons=words,
                             masked_text=masked)

        empty_reason = self._no_substance(original, norm, squeezed)
        if empty_reason:
            return Screening("no_substance", notice=p.notices["no_substance"], reasons=(empty_reason,),
                             masked_text=original)
        return Screening("accept", masked_text=original)

    # -- emergencies
    def _emergency(self, screened: str, text: str) -> tuple[tuple[str, ...], dict[str, str]]:
        p = self.policy
        found: dict[str, str] = {}
        # Tense is decided clause by clause: "上个月投诉过停车难，刚刚闻到很浓的煤气味" is an emergency now.
        for clause in _CLAUSE.split(screened):
            ctext = p.harmless.sub("|", p.normaliser.normalise(clause).text)
            if ctext:
                self._events(ctext, found)
        whole = p.harmless.sub("|", text)
        if not found:
            # an event told across clauses ("两个小孩在河边玩，有一个掉下去了，快来人")
            self._events(whole, found)
        # a mere question about such an event is the hotline's, unless the message also says it is now
        if found and p.inquiry.search(text) and not p.urgency.search(text):
            return (), {}
        if p.resolved is not None and p.resolved.search(text):
            return (), {}
        # the model backs the rules up on messages with content that speak of no other time and ask nothing
        if (not found and self._model is not None
                and sum(1 for c in text if is_cjk(c) or c.isalpha()) >= p.model_min_chars
                and not p.not_now.search(text) and (not p.inquiry.search(text) or p.urgency.search(text))):
            prob, services = self._model.score(text)
            if prob >= p.model_threshold:
                chosen = [s for s in SERVICES if services[s] >= p.model_service_threshold]
                for s in chosen or [max(services, key=services.get)]:
                    found[s] = f"描述的情况可能危及安全（模型判断 {prob:.2f}）"
        if not found:
            return (), {}
        if p.injury.search(whole):
            for s in p.injury_adds:
                found.setdefault(s, "有人受伤")
        return tuple(found), found

    def _events(self, text: str, found: dict[str, str]) -> None:
        """Adds the services of every emergency rule that matches `text` as something happening now."""
        p = self.policy
        past = [m.end() for m in p.not_now.finditer(text)]
        if past and not p.urgency.search(text):
            return
        for rule in p.emergency_rules:
            for pt in rule.patterns:
                m = pt.search(text)
                # "去年着火的楼", "前天家门口发生车祸": a time word just before the event makes it past
                if m and not any(0 <= m.start() - end <= 8 for end in past):
                    for s in rule.services:
                        found.setdefault(s, rule.why)
                    break

    def _emergency_notice(self, services: tuple[str, ...], whys: dict[str, str]) -> str:
        n = self.policy.notices
        calls = "；".join(n["emergency_service"][s].format(why=whys[s]) for s in services)
        return n["emergency"].format(calls=calls, numbers="、".join(services))

    # -- statutory routes
    def _route(self, text: str) -> str | None:
        for rule in self.policy.route_rules:
            if any(pt.search(text) for pt in rule.patterns) and not any(u.search(text) for u in rule.unless):
                return rule.route
        return None

    # -- abuse and emptiness
    def _has_request_beyond(self, text: str, spans: list[tuple[int, int]]) -> bool:
        rest, pos = [], 0
        for a, b in spans:
            rest.append(text[pos:a])
            pos = b
        rest.append(text[pos:])
        remainder = self.policy.abuse_filler.sub("", "".join(rest))
        return sum(1 for c in remainder if is_cjk(c) or c.isalpha()) >= 2

    def _no_substance(self, original: str, norm: Normalised, squeezed: Normalised) -> str | None:
        p = self.policy
        if not squeezed.text:
            return "empty"
        rest = p.nosub_filler.sub("", squeezed.text)
        if not rest:
            return "greeting_or_filler"
        if rest.isdigit():
            # a phone or order number is an answer; "123", "0000000" and "测试123" are not
            digits = "".join(c for c in norm.text if c.isdigit())
            return "digits" if len(digits) < p.min_digits or len(set(digits)) < 3 else None
        if not any(is_cjk(c) for c in rest):
            words = [w for w in re.split(r"[^a-z]+", original.lower()) if len(w) >= 2]
            if len(set(words)) < p.min_latin_words and not any(c.isdigit() for c in rest):
                return "latin_without_request"
        if len(norm.text) >= p.long_text_chars and len(set(norm.text)) < p.min_distinct_chars:
            return "repetition"
        return None


@lru_cache(maxsize=1)
def default_screener() -> Screener:
    return Screener()


def screen(text: str | None) -> Screening:
    return default_screener().screen(text)
