"""Normalising citizen text before any rule looks at it.

Citizens write in traditional or simplified characters, in full-width letters, with separators or
symbols inside words to dodge filters (傻*逼, 傻 逼), with homophones and pinyin abbreviations (沙比, sb,
nmsl) and with emoji. Rules see one canonical form; every character of it remembers the span of the
original text it came from, so that a match can be masked in the citizen's own words."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import opencc


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    # OpenCC's traditional-to-simplified character table, shipped in the opencc package on PyPI.
    path = Path(opencc.__file__).resolve().parent / "dictionary" / "TSCharacters.txt"
    table: dict[int, str] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 2 and len(parts[0]) == 1:
                table[ord(parts[0])] = parts[1].split(" ")[0]
    return table


def to_simplified(text: str) -> str:
    return text.translate(_t2s_table())


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FFFF or 0xF900 <= o <= 0xFAFF


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or is_cjk(ch)


_EMOTICON = re.compile(r"\[[\u4e00-\u9fff]{1,4}\]|\[[A-Za-z]{2,10}\]")


@dataclass(frozen=True)
class Normalised:
    """`text` is the canonical form; `spans[i]` is the (start, end) of the original text behind text[i]."""

    original: str
    text: str
    spans: tuple[tuple[int, int], ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.spans[start][0], self.spans[end - 1][1]

    def squeezed(self) -> Normalised:
        """Runs of one character squeezed to one (滚滚滚 -> 滚, 哈哈哈哈 -> 哈), spans merged."""
        out_c: list[str] = []
        out_s: list[tuple[int, int]] = []
        for c, s in zip(self.text, self.spans):
            if out_c and out_c[-1] == c:
                out_s[-1] = (out_s[-1][0], s[1])
            else:
                out_c.append(c)
                out_s.append(s)
        return Normalised(self.original, "".join(out_c), tuple(out_s))


class Normaliser:
    """NFKC (full-width to half-width), traditional to simplified, lower case, symbols mapped or dropped,
    homophones and abbreviations replaced; `Normalised.squeezed()` then folds repeated characters."""

    def __init__(self, variants: dict[str, str], symbols: dict[str, str]):
        # variants: written form -> canonical form; Latin forms only match as whole Latin words
        self.symbols = symbols
        cjk, latin = {}, {}
        for written, canonical in variants.items():
            w = self._basic(written)
            (latin if w.isascii() and w.isalpha() else cjk)[w] = canonical
        self._latin = dict(latin)
        self._latin_re = (re.compile(r"(?<![a-z])(" + "|".join(sorted(map(re.escape, latin), key=len, reverse=True))
                                     + r")(?![a-z])") if latin else None)
        self._cjk = dict(cjk)
        self._cjk_re = (re.compile("|".join(sorted(map(re.escape, cjk), key=len, reverse=True)))
                        if cjk else None)

    def fingerprint(self) -> str:
        """Changes whenever the variant or symbol tables change (models trained on normalised text key on it)."""
        tables = sorted(self._cjk.items()) + sorted(self._latin.items()) + sorted(self.symbols.items())
        return hashlib.sha256(repr(tables).encode()).hexdigest()[:8]

    @staticmethod
    def _basic(text: str) -> str:
        return to_simplified(unicodedata.normalize("NFKC", text)).lower()

    def normalise(self, text: str) -> Normalised:
        chars: list[str] = []
        spans: list[tuple[int, int]] = []
        t2s = _t2s_table()
        # WeChat's emoticons arrive as text codes ("[微笑]", "[捂脸]"): they are emoji, not words
        skip = {i for m in _EMOTICON.finditer(text) for i in range(m.start(), m.end())}
        for i, ch in enumerate(text):
            if i in skip:
                continue
            mapped = self.symbols.get(ch)
            if mapped is None:
                mapped = unicodedata.normalize("NFKC", ch).translate(t2s).lower()
            for c in mapped:
                chars.append(c)
                spans.append((i, i + 1))
        # Latin abbreviations are recognised while word boundaries still exist ("usb" is not "sb").
        chars, spans = self._replace(chars, spans, self._latin_re, self._latin)
        # drop separators and symbols: 傻*逼, 傻 逼 and 傻.逼 all become 傻逼
        kept = [(c, s) for c, s in zip(chars, spans) if is_word_char(c)]
        chars, spans = [c for c, _ in kept], [s for _, s in kept]
        chars, spans = self._replace(chars, spans, self._cjk_re, self._cjk)
        # once more, for letters spaced out to dodge the first pass ("s b", "w c n m")
        chars, spans = self._replace(chars, spans, self._latin_re, self._latin)
        return Normalised(text, "".join(chars), tuple(spans))

    @staticmethod
    def _replace(chars, spans, pattern, table):
        if pattern is None:
            return chars, spans
        joined = "".join(chars)
        if not pattern.search(joined):
            return chars, spans
        out_c, out_s, pos = [], [], 0
        for m in pattern.finditer(joined):
            out_c.extend(chars[pos:m.start()])
            out_s.extend(spans[pos:m.start()])
            whole = (spans[m.start()][0], spans[m.end() - 1][1])
            for c in table[m.group(0)]:
                out_c.append(c)
                out_s.append(whole)
            pos = m.end()
        out_c.extend(chars[pos:])
        out_s.extend(spans[pos:])
        return out_c, out_s

    def canonical(self, text: str) -> str:
        """The squeezed canonical form of a lexicon entry, so entries and messages compare alike."""
        return self.normalise(text).squeezed().text


_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def light(text: str) -> str:
    """Simplified, half-width and lower case, character for character (punctuation kept, same length)."""
    return text.translate(_t2s_table()).translate(_FULLWIDTH).lower()


def mask(text: str, spans: list[tuple[int, int]], char: str = "*") -> str:
    """Replaces the given spans of `text` with `char`, keeping white space."""
    if not spans:
        return text
    out = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(out))):
            if not out[i].isspace():
                out[i] = char
    return "".join(out)
