"""The abuse lexicon (hotline/policy/abuse_lexicon.yml): public word lists read from the packages that ship
them, our additions, and every entry's sound, pinyin and initials from pypinyin.

`anywhere` entries are found inside any text (to mask them in a request, or to block a message made of
them). Everything else, sounds and Latin spellings included, is matched only against a message that is
(nearly) nothing but the insult, where a homophone cannot be an ordinary word."""
from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from hotline.language.text import Normaliser, is_cjk
from hotline.policy import POLICY_DIR, PolicyError, Reader, load_yaml

# sounds that many speakers do not tell apart (and dialect spellings exploit): z/zh, c/ch, s/sh, n/l, -n/-ng
_FUZZY = [(re.compile(r"^zh"), "z"), (re.compile(r"^ch"), "c"), (re.compile(r"^sh"), "s"), (re.compile(r"^l"), "n"),
          (re.compile(r"ng$"), "n")]
# Latin tokens that are also everyday abbreviations: never read as an insult's initials inside a text
_COMMON_LATIN = {"app", "atm", "bus", "cbd", "ceo", "dna", "gdp", "gps", "ktv", "led", "mba", "pdf", "ppt", "sos",
                 "suv", "tv", "usb", "vip", "wifi", "ok", "id", "pm", "am", "mm", "gg", "nb", "md", "bs", "jr", "sd",
                 "pj", "kb", "gs", "xq", "wr", "wc", "nm", "sl", "bj", "hn", "zz", "ct", "cd", "cs", "ps"}


def sound(text: str) -> str:
    """The toneless, fuzzy pinyin of the Chinese characters in `text`, syllables joined by spaces."""
    syllables = []
    for s in lazy_pinyin([c for c in text if is_cjk(c)]):
        for pattern, repl in _FUZZY:
            s = pattern.sub(repl, s)
        syllables.append(s.replace("v", "u"))
    return " ".join(syllables)


def spellings(word: str) -> set[str]:
    """How an insult is typed in Latin letters: its pinyin run together, its initials."""
    cjk = [c for c in word if is_cjk(c)]
    if len(cjk) < 2:
        return set()
    full = "".join(lazy_pinyin(cjk))
    initials = "".join(lazy_pinyin(cjk, style=Style.FIRST_LETTER))
    return {full, initials}


@dataclass
class Lexicon:
    anywhere: set[str]  # canonical (normalised, squeezed) forms
    bare: set[str]
    sounds: set[str]
    latin_anywhere: set[str]
    latin_bare: set[str]
    sources: list[str]
    not_after: dict[str, str]

    @classmethod
    def load(cls, normaliser: Normaliser, directory: Path | None = None) -> Lexicon:
        r = Reader("abuse_lexicon.yml", load_yaml("abuse_lexicon.yml", directory or POLICY_DIR))
        source_words: list[str] = []
        sources = []
        for src in r.get("sources").list():
            package, file = src.get("package").text(), src.get("file").text()
            spec = importlib.util.find_spec(package)
            if spec is None or not spec.submodule_search_locations:
                raise PolicyError(f"abuse_lexicon.yml: {src.path}: package '{package}' is not installed")
            path = Path(spec.submodule_search_locations[0], file)
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except OSError as e:
                raise PolicyError(f"abuse_lexicon.yml: {src.path}: cannot read {path}: {e}") from e
            words = [w.strip() for w in lines if w.strip() and not w.startswith("#")]
            source_words += words
            sources.append(f"{package}:{file} ({len(words)} entries)")
        exclude = {normaliser.canonical(w) for w in r.get("exclude", []).texts()}
        bare_only = {normaliser.canonical(w) for w in r.get("bare_only", []).texts()}
        add = r.get("add")
        added_anywhere = add.get("anywhere", []).texts() + add.get("anywhere_more", []).texts()
        added_bare = add.get("bare_only", []).texts() + add.get("bare_only_more", []).texts()

        def canon(w: str) -> str:
            return normaliser.canonical(w)

        anywhere = {canon(w) for w in source_words if canon(w) not in exclude | bare_only}
        anywhere |= {canon(w) for w in added_anywhere}
        bare = {canon(w) for w in source_words if canon(w) in bare_only} | {canon(w) for w in added_bare}
        anywhere.discard("")
        bare.discard("")
        bare -= anywhere
        every = anywhere | bare
        sounds = {sound(w) for w in every if sum(map(is_cjk, w)) >= 2}
        latin_bare: set[str] = set()
        for w in every:
            for spelled in spellings(w):
                # 操你妈的 cnmd, 操你妈逼 cnmb, 我去… wq…: the particles people add to initials
                latin_bare |= {spelled, spelled + "d", spelled + "b", "w" + spelled, "wq" + spelled, "q" + spelled}
        latin_bare |= {k.lower() for k in r.get("latin", {}).data or {}}
        latin_anywhere = {s for w in anywhere for s in spellings(w) if len(s) >= 4 or
                          (len(s) == 3 and s not in _COMMON_LATIN)}
        not_after = {k: v.text() for k, v in r.get("not_after", {}).items()}
        return cls(anywhere, bare, sounds, latin_anywhere - _COMMON_LATIN, latin_bare, sources, not_after)

    def part_of_a_word(self, text: str, start: int) -> bool:
        """Is the match at `start` the second half of an ordinary word ("昨日你妈来过": 昨日)?"""
        return start > 0 and text[start - 1] in self.not_after.get(text[start], "")

    def anywhere_pattern(self) -> str:
        """One alternation of the `anywhere` entries, longest first."""
        return "|".join(re.escape(w) for w in sorted(self.anywhere, key=len, reverse=True))

    def is_bare_insult(self, core: str) -> bool:
        """Is `core` (a message reduced to its words: normalised, squeezed, fillers around it removed) an
        insult by itself: an entry, the sound of one, or its pinyin or initials?"""
        if not core:
            return False
        if core in self.anywhere or core in self.bare:
            return True
        if core.isascii():
            return core.isalpha() and core in self.latin_bare
        cjk = sum(map(is_cjk, core))
        if cjk < 2 or cjk != len(core):
            return False
        heard = sound(core)
        if heard in self.sounds:
            return True
        # every syllable inside some insult's sound, runs may overlap: 草泥马勒戈壁 = 操你妈 + 妈了个逼
        syllables = heard.split(" ")
        covered = [False] * len(syllables)
        for i in range(len(syllables)):
            for j in range(i + 2, len(syllables) + 1):
                if " ".join(syllables[i:j]) in self.sounds:
                    covered[i:j] = [True] * (j - i)
        return all(covered)
