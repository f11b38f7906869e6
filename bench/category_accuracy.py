"""Category accuracy on a held-out split of the repository's own examples (stratified by level 1).

    .venv/bin/python bench/category_accuracy.py [--seed 7] [--test-share 0.2]

Trains on the rest (plus the taxonomy's names) exactly as production does, and prints level-1 and leaf
accuracy, the per-class level-1 recall, and, side by side, a majority-class reference."""
from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hotline.intake.category import CategoryClassifier, load_examples  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--test-share", type=float, default=0.2)
    args = ap.parse_args()
    pairs = load_examples()
    by_l1 = defaultdict(list)
    for t, p in pairs:
        by_l1[p.split("/")[0]].append((t, p))
    rng = random.Random(args.seed)
    train, test = [], []
    for items in by_l1.values():
        rng.shuffle(items)
        n = max(1, int(len(items) * args.test_share))
        test += items[:n]
        train += items[n:]
    t0 = time.perf_counter()
    model = CategoryClassifier.train(train)
    t_train = time.perf_counter() - t0
    t0 = time.perf_counter()
    guesses = [model.predict(t, k=3) for t, _ in test]
    t_pred = (time.perf_counter() - t0) / len(test)
    l1 = sum(g[0].category.level1 == p.split("/")[0] for g, (_, p) in zip(guesses, test))
    top3 = sum(p.split("/")[0] in {x.category.level1 for x in g} for g, (_, p) in zip(guesses, test))
    leaf = sum(g[0].path == p for g, (_, p) in zip(guesses, test))
    l2 = sum(g[0].path.split("/")[:2] == p.split("/")[:2] for g, (_, p) in zip(guesses, test))
    majority = Counter(p.split("/")[0] for _, p in train).most_common(1)[0][0]
    ref = sum(p.split("/")[0] == majority for _, p in test)
    n = len(test)
    print(f"examples: {len(pairs)} (train {len(train)}, held out {n}); seed {args.seed}")
    print(f"level-1 accuracy: {l1 / n:.1%}   top-3 level-1: {top3 / n:.1%}   level-2: {l2 / n:.1%}   "
          f"leaf: {leaf / n:.1%}")
    print(f"reference (always '{majority}'): level-1 {ref / n:.1%}")
    # public city message-board data sets label only these seven classes
    seven = {"城乡建设", "环境保护", "交通运输", "教育文体", "劳动和社会保障", "商贸旅游", "卫生计生"}
    idx7 = [i for i, (_, p) in enumerate(test) if p.split("/")[0] in seven]
    ok7 = sum(guesses[i][0].category.level1 == test[i][1].split("/")[0] for i in idx7)
    print(f"level-1 accuracy on the seven message-board classes: {ok7 / len(idx7):.1%} ({len(idx7)} messages)")
    print(f"train {t_train:.1f} s; predict {t_pred * 1000:.2f} ms per message")
    print("level-1 recall per class:")
    for name in sorted(by_l1):
        idx = [i for i, (_, p) in enumerate(test) if p.startswith(name + "/")]
        ok = sum(guesses[i][0].category.level1 == name for i in idx)
        print(f"  {name:<10} {ok}/{len(idx)}")


if __name__ == "__main__":
    main()
