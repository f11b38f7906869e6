"""Abuse screening against an insult lexicon sent as bare messages, and clean messages that must stay clean.

    .venv/bin/python bench/abuse_lexicon.py [LEXICON.txt ...] [--show-misses]

Each line of a lexicon (after `#` comments) is sent alone through the screening gate; the share blocked as
`abusive` is printed per file. Clean references: the ~4,600 ordinary requests of data/category_examples and,
when ../shared is beside the checkout, the real citizen messages of the development set: none may be
blocked, and the share merely masked (accepted with a civility reminder) is printed. Misses are listed only
with --show-misses: a held-out lexicon is scored without looking at what it holds."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hotline.intake.category import load_examples  # noqa: E402
from hotline.screening.screener import default_screener  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "real_messages_dev.csv"


def main(argv: list[str]) -> int:
    show = "--show-misses" in argv
    files = [Path(a) for a in argv if not a.startswith("--")] or [ROOT / "bench" / "heldout" / "insults_1.txt"]
    s = default_screener()
    for path in files:
        words = [w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip() and not w.startswith("#")]
        missed = [w for w in words if s.screen(w).verdict != "abusive"]
        blocked = len(words) - len(missed)
        print(f"{path.name}: {blocked}/{len(words)} blocked as abusive ({blocked / len(words):.1%})")
        if show:
            for w in missed:
                print(f"   missed: {w}  -> {s.screen(w).verdict}")
    clean = [t for t, _ in load_examples()]
    if DEV.exists():
        with open(DEV, encoding="utf-8") as f:
            clean_dev = [r["text"] for r in csv.DictReader(f)]
    else:
        clean_dev = []
    for name, texts in (("category examples", clean), ("real messages (dev)", clean_dev)):
        if not texts:
            continue
        results = [s.screen(t) for t in texts]
        blocked = sum(r.verdict == "abusive" for r in results)
        masked = sum(r.civility for r in results)
        print(f"{name}: {len(texts)} clean messages, blocked as abusive {blocked}, accepted with words masked "
              f"{masked} ({masked / len(texts):.2%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
