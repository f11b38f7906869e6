"""Screening quality and speed, per evaluation set.

    .venv/bin/python bench/screening.py [SET.yml ...]

Default sets: the shared development set, our training cases (data/screening_examples: the rules were tuned
on them and the emergency model trains on them) and the held-out sets of bench/heldout (scored once before
any tuning on them; a set tuned on moves to data/). Prints per-verdict precision and recall, the emergency service-set accuracy, the share
of ordinary requests wrongly blocked (accept cases, and separately the ~4,000 category examples, which are
all ordinary requests), and the median screening time per message next to a reference: a plain
str.translate + `in` keyword scan over the same messages, the cheapest screening one could do."""
from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hotline.intake.category import load_examples  # noqa: E402
from hotline.screening.screener import VERDICTS, default_screener  # noqa: E402

DEFAULT_SETS = ([ROOT.parent / "shared" / "eval" / "screening_dev.yml"]
                + sorted((ROOT / "data" / "screening_examples").glob("*.yml"))
                + sorted((ROOT / "bench" / "heldout").glob("*.yml")))


def evaluate(path: Path) -> None:
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    screener = default_screener()
    results = [screener.screen(c["text"]) for c in cases]
    tp, fp, fn = Counter(), Counter(), Counter()
    right = 0
    for c, r in zip(cases, results):
        ok = r.verdict == c["verdict"]
        if ok and c["verdict"] == "emergency":
            ok = set(r.services) == set(c.get("services", []))
        if ok and c["verdict"] == "legal_route":
            ok = r.route == c.get("route")
        if ok and c["verdict"] == "accept":
            ok = r.civility == bool(c.get("civility"))
        right += ok
        if r.verdict == c["verdict"]:
            tp[r.verdict] += 1
        else:
            fp[r.verdict] += 1
            fn[c["verdict"]] += 1
    em = [(c, r) for c, r in zip(cases, results) if c["verdict"] == "emergency"]
    em_flagged = sum(r.verdict == "emergency" for _, r in em)
    em_exact = sum(r.verdict == "emergency" and set(r.services) == set(c["services"]) for c, r in em)
    ordinary = [r for c, r in zip(cases, results) if c["verdict"] == "accept"]
    blocked = sum(r.verdict != "accept" for r in ordinary)
    print(f"\n{path.name}: {len(cases)} cases, all fields right {right}/{len(cases)} ({right / len(cases):.1%})")
    print(f"  {'verdict':<13}{'precision':>10}{'recall':>9}{'cases':>7}")
    for v in VERDICTS:
        n = tp[v] + fn[v]
        if n == 0 and fp[v] == 0:
            continue
        prec = tp[v] / (tp[v] + fp[v]) if tp[v] + fp[v] else float("nan")
        rec = tp[v] / n if n else float("nan")
        print(f"  {v:<13}{prec:>10.1%}{rec:>9.1%}{n:>7}")
    if em:
        print(f"  emergencies flagged {em_flagged}/{len(em)} ({em_flagged / len(em):.1%}); "
              f"exact service set {em_exact}/{len(em)} ({em_exact / len(em):.1%})")
    if ordinary:
        print(f"  ordinary requests not accepted: {blocked}/{len(ordinary)} ({blocked / len(ordinary):.1%})")


def ordinary_requests() -> None:
    texts = [t for t, _ in load_examples()]
    screener = default_screener()
    verdicts = Counter(screener.screen(t).verdict for t in texts)
    blocked = verdicts["abusive"] + verdicts["no_substance"]
    print(f"\ncategory examples (ordinary requests): {len(texts)}; flagged abusive or no_substance "
          f"{blocked} ({blocked / len(texts):.2%}); all verdicts: {dict(verdicts)}")


def speed() -> None:
    texts = [t for t, _ in load_examples()]
    screener = default_screener()
    keywords = ["着火", "车祸", "打人", "法院", "仲裁", "傻逼", "白痴"]
    per_msg, ref = [], []
    for t in texts:
        t0 = time.perf_counter()
        screener.screen(t)
        per_msg.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        low = t.lower()
        any(k in low for k in keywords)
        ref.append(time.perf_counter() - t0)
    print(f"\nspeed over {len(texts)} messages (mean length {statistics.mean(map(len, texts)):.0f} chars): "
          f"median {statistics.median(per_msg) * 1000:.3f} ms, p95 {sorted(per_msg)[int(len(per_msg) * .95)] * 1000:.3f} ms "
          f"per message; reference keyword scan median {statistics.median(ref) * 1000:.4f} ms")


def main() -> None:
    sets = [Path(p) for p in sys.argv[1:]] or [p for p in DEFAULT_SETS if p.exists()]
    for path in sets:
        evaluate(path)
    ordinary_requests()
    speed()


if __name__ == "__main__":
    main()
