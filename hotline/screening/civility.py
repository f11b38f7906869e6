"""Abuse and civility (notice: 谩骂、低俗用语 … 互联网渠道自动拦截并明确提示).

Pure abuse is blocked; a real request that contains a swear word, or an insult aimed at a third party inside
a complaint, is accepted with the words masked in the citizen's own text and a gentle reminder."""
from __future__ import annotations

from dataclasses import dataclass

from hotline.language.text import Normalised, is_cjk, light, mask
from hotline.screening.policy import ScreeningPolicy


@dataclass(frozen=True)
class AbuseFinding:
    words: tuple[str, ...]
    masked_text: str
    pure: bool  # nothing but abuse: blocked


class CivilityCheck:
    def __init__(self, policy: ScreeningPolicy):
        self.p = policy

    def find(self, original: str, squeezed: Normalised) -> AbuseFinding | None:
        p = self.p
        abusive = [m.span() for m in p.abuse_terms.finditer(squeezed.text) if m.end() > m.start()]
        exclamations = [m.span() for m in p.interjections.finditer(light(original)) if m.end() > m.start()]
        if not abusive and not exclamations:
            return None
        spans = [squeezed.original_span(a, b) for a, b in abusive] + exclamations
        words = tuple(original[a:b].strip(" ,，!！。") for a, b in spans)
        return AbuseFinding(words, mask(original, spans), pure=not self._request_beyond(squeezed.text, abusive))

    def _request_beyond(self, text: str, spans: list[tuple[int, int]]) -> bool:
        rest, pos = [], 0
        for a, b in spans:
            rest.append(text[pos:a])
            pos = b
        rest.append(text[pos:])
        remainder = self.p.abuse_filler.sub("", "".join(rest))
        return sum(1 for c in remainder if is_cjk(c) or c.isalpha()) >= 2
