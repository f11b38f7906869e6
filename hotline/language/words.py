"""Words of a message, as jieba cuts them with the project's user dictionary (the one the NLU pipeline loads),
for comparing two matters by what they are about."""
from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from math import log, sqrt

from hotline.language.text import is_cjk, light
from hotline.paths import ROOT

DICTIONARY_DIR = ROOT / "bot" / "dictionary"
_lock = threading.Lock()
_tokenizer = None


def _jieba():
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            import jieba  # loading the dictionary takes about a second: only when first needed

            jieba.setLogLevel(60)
            tok = jieba.Tokenizer()
            for path in sorted(DICTIONARY_DIR.glob("*.txt")):
                tok.load_userdict(str(path))
            _tokenizer = tok
        return _tokenizer


def words(text: str) -> list[str]:
    """jieba's words of the text (normalised: full-width, traditional characters), whitespace dropped."""
    return [w for w in _jieba().lcut(light(text or "")[:5000]) if w.strip()]


def search_words(text: str) -> list[str]:
    """jieba's search-engine cut: long words also give their parts ("锦江花园" -> 锦江, 花园, 锦江花园), so a
    place or a name written shorter the second time still shares words with the first."""
    return [w for w in _jieba().lcut_for_search(light(text or "")[:5000]) if w.strip()]


def content_words(text: str, ignore: Iterable[str] = ()) -> list[str]:
    """The words that can say what a matter is about: with a Chinese character or a letter, not a number, and
    not in `ignore` (words every request has: 反映, 问题, 希望…)."""
    skip = set(ignore)
    return [w for w in search_words(text)
            if w not in skip and not w.isdigit() and any(is_cjk(ch) or ch.isalpha() for ch in w)]


class WordWeights:
    """Inverse document frequency over a corpus of requests: a word most requests use (小区, 晚上) weighs
    little, a name (包公湖, 星光KTV) or a specific thing (打桩机) much; a word the corpus never saw weighs most."""

    def __init__(self, doc_freq: dict[str, int], docs: int):
        self.doc_freq, self.docs = doc_freq, docs
        self.unseen = log((docs + 1) / 1) + 1

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> WordWeights:
        df: Counter[str] = Counter()
        n = 0
        for text in texts:
            df.update(set(content_words(text)))
            n += 1
        return cls(dict(df), n)

    def weight(self, word: str) -> float:
        return log((self.docs + 1) / (self.doc_freq.get(word, 0) + 1)) + 1

    def vector(self, words: Iterable[str]) -> dict[str, float]:
        return {w: n * self.weight(w) for w, n in Counter(words).items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine similarity of two weighted bags of words (0 when either is empty)."""
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(w, 0.0) for w, v in a.items())
    return dot / (sqrt(sum(v * v for v in a.values())) * sqrt(sum(v * v for v in b.values())))
