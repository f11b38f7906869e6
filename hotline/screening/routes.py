"""Statutory routes (法定途径): what the citizen asks for belongs to a court, an arbitration body,
administrative review or discipline inspection (notice: 须通过或已进入诉讼、仲裁等法定途径的, 告知相应法定途径).

Only the matter counts, not its background: in a letter, the title and the sentences that ask for something;
in a short message, all of it. A complaint that names a court, a law, a contract or a violation while asking
a department to act is still the hotline's. A request that mixes a dispute with a matter the hotline handles
("邻居装修把墙弄裂了要赔偿，天天半夜施工") is accepted, and the route is named as advice for the dispute."""
from __future__ import annotations

from dataclasses import dataclass

from hotline.language.discourse import Message
from hotline.screening.policy import RouteText, ScreeningPolicy


@dataclass(frozen=True)
class RouteFinding:
    route: str
    advice_only: bool  # True: the request is accepted and the route is named as advice


class RouteDetector:
    def __init__(self, policy: ScreeningPolicy):
        self.p = policy

    def _match(self, text: str) -> str | None:
        for rule in self.p.route_rules:
            if any(pt.search(text) for pt in rule.patterns) and not any(u.search(text) for u in rule.unless):
                return rule.route
        return None

    def detect(self, message: Message) -> RouteFinding | None:
        normalise = self.p.normaliser.normalise
        focus = normalise(message.focus).text
        route = self._match(focus)
        if route is None:
            return None
        if not message.is_letter and self.p.mixed_matter.search(focus):
            return RouteFinding(route, advice_only=True)
        return RouteFinding(route, advice_only=False)

    def text(self, route: str) -> RouteText:
        return self.p.route_texts[route]
