"""The screening gate: what the hotline does with a message before any intake.

Order of precedence, from the notice: an emergency goes to 110/119/120/122 at once whatever else the message
says; a matter for a court, arbitration, administrative review or discipline inspection is told its
statutory route; pure abuse is blocked with an explicit notice; a message with no substance gets a prompt
(a greeting, a greeting back); everything else is accepted, a swear word inside a real request only masked
and gently reminded, a dispute inside a mixed request named as advice, a hazard with a safety reminder.

This module is stateless: one message in, one decision out. What depends on the sender's history (repeated
abuse, a session without substance) lives in hotline.screening.guard."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from hotline.language.discourse import Message
from hotline.screening.civility import CivilityCheck
from hotline.screening.emergency import EmergencyDetector
from hotline.screening.policy import ROUTES, SERVICES, VERDICTS, ScreeningPolicy  # noqa: F401 (re-exported)
from hotline.screening.routes import RouteDetector
from hotline.screening.substance import SubstanceCheck


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
    # for an accepted request: a statutory route named as advice, a hazard's safety reminder
    advice_route: str | None = None
    hazard: str | None = None

    @property
    def blocks_intake(self) -> bool:
        return self.verdict != "accept"

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["services"] = list(self.services)
        d["reasons"] = list(self.reasons)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Screening:
        """The screening carried along with a message (the channel screens once, everyone reads it)."""
        if d.get("verdict") not in VERDICTS:
            raise ValueError(f"not a screening: {d!r}")
        return cls(verdict=d["verdict"], services=tuple(d.get("services") or ()), route=d.get("route"),
                   civility=bool(d.get("civility")), notice=d.get("notice"), reasons=tuple(d.get("reasons") or ()),
                   masked_text=d.get("masked_text") or "", advice_route=d.get("advice_route"),
                   hazard=d.get("hazard"))


class Screener:
    def __init__(self, policy: ScreeningPolicy | None = None):
        self.policy = policy or ScreeningPolicy.load()
        model = None
        if self.policy.model_enabled:
            from hotline.screening.emergency_model import load_or_train

            normaliser = self.policy.normaliser
            model = load_or_train(lambda t: normaliser.normalise(t).text, normaliser.fingerprint())
        self.emergency = EmergencyDetector(self.policy, model)
        self.routes = RouteDetector(self.policy)
        self.civility = CivilityCheck(self.policy)
        self.substance = SubstanceCheck(self.policy)

    def screen(self, text: str | None) -> Screening:
        p = self.policy
        original = text if isinstance(text, str) else ""
        screened = original[: p.max_chars]
        message = Message(screened)
        norm = p.normaliser.normalise(screened)
        squeezed = norm.squeezed()

        em = self.emergency.detect(message, norm.text)
        if em.services:
            return Screening("emergency", services=em.services, notice=self._emergency_notice(em.services, em.whys),
                             reasons=tuple(f"{s}:{em.whys[s]}" for s in em.services), masked_text=original)

        route = self.routes.detect(message)
        if route and not route.advice_only:
            return Screening("legal_route", route=route.route, notice=self._route_notice(route.route),
                             reasons=(route.route,), masked_text=original)

        abuse = self.civility.find(original, squeezed)
        if abuse and abuse.pure:
            return Screening("abusive", notice=p.notices["abusive"], reasons=abuse.words, masked_text=abuse.masked_text)

        if abuse is None:
            empty = self.substance.reason(original, norm, squeezed)
            if empty:
                notice = p.notices["greeting" if empty == "greeting" else "no_substance"]
                return Screening("no_substance", notice=notice, reasons=(empty,), masked_text=original)

        notes, reasons = [], []
        if abuse:
            notes.append(p.notices["civility_reminder"])
            reasons += abuse.words
        if route:
            rt = p.route_texts[route.route]
            notes.append(p.notices["route_advice"].format(name=rt.name, where=rt.where, how=rt.how, basis=rt.basis))
            reasons.append(f"advice:{route.route}")
        if em.hazard:
            service, what = em.hazard
            notes.append(p.notices["safety_reminder"].format(what=what, number=service))
            reasons.append(f"hazard:{what}")
        return Screening("accept", civility=abuse is not None, notice="\n".join(notes) or None,
                         reasons=tuple(reasons), masked_text=abuse.masked_text if abuse else original,
                         advice_route=route.route if route else None,
                         hazard=em.hazard[1] if em.hazard else None)

    def _emergency_notice(self, services: tuple[str, ...], whys: dict[str, str]) -> str:
        n = self.policy.notices
        calls = "；".join(n["emergency_service"][s].format(why=whys[s]) for s in services)
        return n["emergency"].format(calls=calls, numbers="、".join(services))

    def _route_notice(self, route: str) -> str:
        rt = self.policy.route_texts[route]
        return self.policy.notices["legal_route"].format(name=rt.name, where=rt.where, how=rt.how, basis=rt.basis)


@lru_cache(maxsize=1)
def default_screener() -> Screener:
    return Screener()


def screen(text: str | None) -> Screening:
    return default_screener().screen(text)
