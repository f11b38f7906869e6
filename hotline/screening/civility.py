"""Abuse and civility (notice: 谩骂、低俗用语 … 互联网渠道自动拦截并明确提示).

Pure abuse is blocked; a real request that contains a swear word, or an insult aimed at a third party inside
a complaint, is accepted with the words masked in the citizen's own text and a gentle reminder. Words come
from the policy's patterns and the abuse lexicon (hotline.screening.lexicon); a message that is nothing but
one insult is also recognised by its sound, its pinyin or its initials."""
from __future__ import annotations

import re
from dataclasses import dataclass

from hotline.language.discourse import is_matter
from hotline.language.text import Normalised, is_cjk, light, mask
from hotline.policy import compile_pattern
from hotline.screening.lexicon import Lexicon
from hotline.screening.policy import ScreeningPolicy

# what may stand around a bare insult without making it a request ("你个傻逼吧", "你们这些人渣")
_LEAD = re.compile(r"^(?:我看你|你这个|你们这些|你们这帮|你们这群|你这种|你真是|你就是|你是个|你是|你个|你们|你这|真是|就是个|就是|"
                   r"简直是|简直|这个|那个|这些|这群|一群|一帮|一伙|去你|你|我)")
_TRAIL = re.compile(r"(?:东西|玩意儿|玩意|的|吧|啊|呀|哦|啦|吗|呢|了|么|嘛|哈|呵|啦你|吧你|你们|你)$")
_LATIN_TOKEN = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class AbuseFinding:
    words: tuple[str, ...]
    masked_text: str
    pure: bool  # nothing but abuse: blocked


class CivilityCheck:
    def __init__(self, policy: ScreeningPolicy, lexicon: Lexicon | None = None):
        self.p = policy
        self.lexicon = lexicon or Lexicon.load(policy.normaliser)
        words = self.lexicon.anywhere_pattern()
        self.terms = compile_pattern(f"{policy.abuse_terms.pattern}|{words}" if words else policy.abuse_terms.pattern,
                                     lambda what: ValueError(f"abuse lexicon: {what}"))

    def find(self, original: str, squeezed: Normalised) -> AbuseFinding | None:
        p = self.p
        abusive = [m.span() for m in self.terms.finditer(squeezed.text)
                   if m.end() > m.start() and not self.lexicon.part_of_a_word(squeezed.text, m.start())]
        spans = [squeezed.original_span(a, b) for a, b in abusive]
        lowered = light(original)
        spans += [m.span() for m in p.interjections.finditer(lowered) if m.end() > m.start()]
        spans += [m.span() for m in _LATIN_TOKEN.finditer(lowered) if m.group(0) in self.lexicon.latin_anywhere]
        if spans and self._request_beyond(original, spans):
            words = tuple(original[a:b].strip(" ,，!！。") for a, b in spans)
            return AbuseFinding(words, mask(original, spans), pure=False)
        if spans or self._bare_insult(squeezed.text) or self._bare_insult(_unsqueezed(squeezed)):
            whole = spans or [(0, len(original))]
            return AbuseFinding(tuple(original[a:b].strip(" ,，!！。") for a, b in whole), mask(original, whole),
                                pure=True)
        return None

    def _bare_insult(self, text: str) -> bool:
        """Is the message one insult and nothing else, in any spelling?"""
        if not text or len(text) > 16:
            return False
        core = text
        for _ in range(3):
            if self.lexicon.is_bare_insult(core) or any(pt.search(core) for pt in self.p.bare_patterns):
                return True
            stripped = _TRAIL.sub("", _LEAD.sub("", core))
            if stripped == core:
                break
            core = stripped
        return self.lexicon.is_bare_insult(core) or any(pt.search(core) for pt in self.p.bare_patterns)

    def _request_beyond(self, original: str, spans: list[tuple[int, int]]) -> bool:
        """Is there a request once the abusive words are taken out (and the words that only carry abuse)?"""
        rest = self.p.normaliser.normalise(mask(original, spans, char=" ")).squeezed().text
        remainder = self.p.abuse_filler.sub("", rest)
        n = sum(1 for c in remainder if is_cjk(c) or c.isalpha())
        return n >= 4 or (n >= 2 and is_matter(remainder))

def _unsqueezed(squeezed: Normalised) -> str:
    """The normalised text before repeated characters were folded ("nnd" must stay "nnd")."""
    out = []
    for c, (a, b) in zip(squeezed.text, squeezed.spans):
        out.append(c * max(1, sum(1 for ch in squeezed.original[a:b] if ch.lower() == c)) if c.isascii() else c)
    return "".join(out)
