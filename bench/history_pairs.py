"""The history rules' "same matter" test on pairs of an earlier order and a later message of the same citizen.

    .venv/bin/python bench/history_pairs.py [PAIRS.yml ...]

Default: every set under bench/history_pairs/ (tuning data) and bench/heldout/history_pairs_*.yml (held out:
score once). Each earlier order is filed, answered and closed in a fresh SQLite store; the later message is then
matched as the dialogue and the triage command match it. Prints, per set, the same-matter pairs found and the
different-matter pairs kept apart, and side by side a reference: plain word overlap (unweighted cosine over the
same jieba words, one threshold chosen to fit that very set, so the reference is flattered)."""
from __future__ import annotations

import sys
import tempfile
import uuid
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hotline.language.places import gazetteer  # noqa: E402
from hotline.language.words import cosine  # noqa: E402
from hotline.storage import sql  # noqa: E402
from hotline.workorders.history import HistoryRules  # noqa: E402
from hotline.workorders.orders import WorkOrderDraft, WorkOrders  # noqa: E402


def score(path: Path) -> None:
    pairs = yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"]
    orders = WorkOrders(sql.engine(f"sqlite:///{tempfile.mkdtemp()}/pairs.db"))
    rules = HistoryRules(orders)
    found = Counter()
    plain = []
    for i, p in enumerate(pairs):
        sender = f"pair-{i}-{uuid.uuid4().hex[:6]}"
        draft = WorkOrderDraft(idempotency_key=uuid.uuid4().hex, channel="rest", sender_id=sender,
                               request_type="complaint", category_path=p["category"], description=p["earlier"],
                               location=gazetteer().find(p["place"]))
        number = orders.create(draft).record["number"]
        orders.apply(number, "assign", actor="bench", role="dispatcher", data={"unit": "承办单位"})
        orders.apply(number, "reply", actor="bench", role="handling_unit", data={"reply": "已处理"}, unit="承办单位")
        orders.apply(number, "close", actor="bench", role="dispatcher")
        matched = rules.earlier_matter(p["later"], sender_id=sender) is not None
        found[(bool(p["same"]), matched)] += 1
        a = Counter(rules.words(p["earlier"]))
        b = Counter(rules.words(p["later"]))
        plain.append((bool(p["same"]), cosine(dict(a), dict(b))))
    same, diff = found[(True, True)] + found[(True, False)], found[(False, False)] + found[(False, True)]
    best = max((sum((s >= t) == y for y, s in plain), t) for t in [x / 100 for x in range(5, 80)])
    ref_same = sum(1 for y, s in plain if y and s >= best[1])
    ref_diff = sum(1 for y, s in plain if not y and s < best[1])
    print(f"{path.relative_to(ROOT)}: {len(pairs)} pairs | history rules: same matter found {found[(True, True)]}/{same}, "
          f"different kept apart {found[(False, False)]}/{diff}, accuracy {(found[(True, True)] + found[(False, False)]) / len(pairs):.3f}"
          f" | reference (plain overlap, threshold {best[1]:.2f} fitted here): {ref_same}/{same}, {ref_diff}/{diff}, "
          f"accuracy {best[0] / len(pairs):.3f}")


def main() -> None:
    paths = [Path(a).resolve() for a in sys.argv[1:]] or (sorted((ROOT / "bench" / "history_pairs").glob("*.yml"))
                                                            + sorted((ROOT / "bench" / "heldout").glob("history_pairs_*.yml")))
    for path in paths:
        score(path)


if __name__ == "__main__":
    main()
