"""The screening policy (hotline/policy/screening.yml, routes.yml, notices.yml), loaded and validated once.

A mistake in a file stops start-up with the file and the key named (hotline.policy.Reader)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hotline.language.text import Normaliser
from hotline.policy import POLICY_DIR, PolicyError, Reader, alternation, compile_pattern, load_yaml

VERDICTS = ("accept", "emergency", "legal_route", "abusive", "no_substance")
SERVICES = ("110", "119", "120", "122")
ROUTES = ("litigation", "arbitration", "labor_arbitration", "administrative_review", "discipline_inspection")
NOTICE_KEYS = ("emergency", "emergency_handed_over", "legal_route", "route_advice", "safety_reminder", "abusive", "blocked",
               "civility_reminder", "no_substance", "greeting", "session_closed", "too_long")


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


@dataclass(frozen=True)
class Hazard:
    """A danger a complaint may describe (fire risk, gas, a structure that may fall): accepted as a work
    order, with a one-line reminder of whom to call if it turns into an emergency."""

    service: str
    what: str
    pattern: re.Pattern[str]


@dataclass
class ScreeningPolicy:
    normaliser: Normaliser
    max_chars: int
    # emergencies
    emergency_rules: list[EmergencyRule]
    injury: re.Pattern[str]
    injury_adds: tuple[str, ...]
    not_now: re.Pattern[str]
    background: re.Pattern[str]
    handled: re.Pattern[str]
    inquiry: re.Pattern[str]
    urgency: re.Pattern[str]
    letter_now: re.Pattern[str]
    harmless: re.Pattern[str]
    resolved: re.Pattern[str]
    hazards: list[Hazard]
    # statutory routes
    route_rules: list[RouteRule]
    route_texts: dict[str, RouteText]
    mixed_matter: re.Pattern[str]
    # abuse
    abuse_terms: re.Pattern[str]
    interjections: re.Pattern[str]
    bare_patterns: list[re.Pattern[str]]
    abuse_filler: re.Pattern[str]
    lexicon_files: list[str]
    # no substance
    nosub_filler: re.Pattern[str]
    greetings: re.Pattern[str]
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
    letter_model_threshold: float = 0.9

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

        def joined(reader: Reader) -> re.Pattern[str]:
            return compile_pattern(alternation(reader.texts()), reader._fail)

        em = scr.get("emergency")
        rules = []
        for r in em.get("rules").list():
            services = tuple(s.choice(set(SERVICES)) for s in r.get("services").list())
            if not services:
                raise PolicyError(f"screening.yml: {r.path}.services: name at least one service")
            rules.append(EmergencyRule(services, r.get("why").text(), tuple(r.get("patterns").patterns())))
        hazards = [Hazard(h.get("service").choice(set(SERVICES)), h.get("what").text(), joined(h.get("patterns")))
                   for h in em.get("hazards", []).list()]

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

        # word lists are written as plain words: compare them in the same squeezed form as messages
        def canonical_words(reader: Reader) -> re.Pattern[str]:
            words = [w for line in reader.texts() for w in line.split("|")]
            return compile_pattern(alternation([re.escape(normaliser.canonical(w)) for w in words if w]),
                                   reader._fail)

        notices: dict[str, Any] = {key: ntc.get(key).text() for key in NOTICE_KEYS}
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
            letter_model_threshold=model.get("letter_threshold", 0.9).number(0),
            normaliser=normaliser,
            max_chars=scr.get("limits").get("max_screened_chars").integer(100),
            emergency_rules=rules,
            injury=joined(em.get("injury").get("patterns")),
            injury_adds=tuple(s.choice(set(SERVICES)) for s in em.get("injury").get("add").list()),
            not_now=joined(em.get("not_now")),
            background=joined(em.get("background")),
            handled=joined(em.get("handled")),
            inquiry=joined(em.get("inquiry")),
            urgency=joined(em.get("urgency")),
            letter_now=joined(em.get("letter_now")),
            harmless=joined(em.get("harmless")),
            resolved=joined(em.get("resolved", [])),
            hazards=hazards,
            route_rules=route_rules,
            route_texts=route_texts,
            mixed_matter=joined(rts.get("mixed_matter")),
            abuse_terms=joined(ab.get("terms")),
            interjections=joined(ab.get("interjections")),
            bare_patterns=ab.get("bare_patterns", []).patterns(),
            abuse_filler=canonical_words(ab.get("filler")),
            lexicon_files=ab.get("lexicons", []).texts(),
            nosub_filler=canonical_words(ns.get("filler")),
            greetings=canonical_words(ns.get("greetings")),
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
