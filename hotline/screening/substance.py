"""Messages without substance (notice: 长时间无实质诉求内容): empty, greetings, laughter, tests, digits,
letters typed at random. A greeting is answered as a greeting; the rest get a prompt."""
from __future__ import annotations

import re

from hotline.language.text import Normalised, is_cjk
from hotline.screening.policy import ScreeningPolicy


class SubstanceCheck:
    def __init__(self, policy: ScreeningPolicy):
        self.p = policy

    def reason(self, original: str, norm: Normalised, squeezed: Normalised) -> str | None:
        """Why the message has no substance, or None when it has some."""
        p = self.p
        if not squeezed.text:
            return "empty"
        rest = p.nosub_filler.sub("", p.greetings.sub("", squeezed.text))
        if not rest:
            return "greeting" if p.greetings.search(squeezed.text) else "filler"
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
