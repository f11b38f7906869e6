"""Intent accuracy on a held-out split of bot/data/nlu*.yml, and category accuracy on a held-out split of
data/category_examples/ (bench/category_accuracy.py), in one run.

    .venv/bin/python bench/nlu_accuracy.py [--seed 7] [--test-share 0.2]

Trains the project's own NLU pipeline (config.yml) on the rest of the examples (about two minutes), parses
every held-out example with it, and prints per-intent accuracy next to a majority-intent reference."""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def load_intent_examples() -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for path in sorted((ROOT / "bot" / "data").glob("nlu*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in block:
                for line in block["examples"].splitlines():
                    line = line.strip()
                    if line.startswith("- "):
                        out[block["intent"]].append(line[2:])
    return out


def plain(example: str) -> str:
    import re

    return re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", example)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--test-share", type=float, default=0.2)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    train, test = defaultdict(list), []
    for intent, examples in load_intent_examples().items():
        examples = list(examples)
        rng.shuffle(examples)
        n = max(2, int(len(examples) * args.test_share))
        test += [(plain(e), intent) for e in examples[:n]]
        train[intent] = examples[n:]
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        nlu = {"version": "3.1", "nlu": [{"intent": i, "examples": "".join(f"- {e}\n" for e in ex)}
                                         for i, ex in train.items()]}
        # the regexes and synonyms of the real data, so the pipeline is the same
        for path in sorted((ROOT / "bot" / "data").glob("nlu*.yml")):
            nlu["nlu"] += [b for b in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"] if "intent" not in b]
        (data / "nlu.yml").write_text(yaml.safe_dump(nlu, allow_unicode=True), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"}
        rasa = str(Path(sys.executable).parent / "rasa")
        subprocess.run([rasa, "train", "nlu", "--config", os.environ.get("BENCH_CONFIG", str(ROOT / "config.yml")), "--nlu", str(data),
                        "--out", tmp, "--fixed-model-name", "split", "--quiet"], check=True, cwd=ROOT, env=env,
                       stdout=subprocess.DEVNULL)
        from rasa.core.agent import Agent

        agent = Agent.load(str(Path(tmp) / "split.tar.gz"))

        async def parse_all():
            return [await agent.parse_message(text) for text, _ in test]

        parsed = asyncio.run(parse_all())
    predicted = [p["intent"]["name"] for p in parsed]
    right = Counter()
    total = Counter()
    for (_, intent), pred in zip(test, predicted):
        total[intent] += 1
        right[intent] += pred == intent
    n = len(test)
    ok = sum(right.values())
    majority = max(train, key=lambda i: len(train[i]))
    print(f"intent examples held out: {n} (seed {args.seed}); trained on {sum(map(len, train.values()))}")
    print(f"intent accuracy: {ok / n:.1%}   reference (always '{majority}'): {total[majority] / n:.1%}")
    for intent in sorted(total):
        print(f"  {intent:<22} {right[intent]}/{total[intent]}")
    confusions = Counter((i, p) for (_, i), p in zip(test, predicted) if i != p)
    if confusions:
        print("most common confusions: " + ", ".join(f"{i}->{p} x{c}" for (i, p), c in confusions.most_common(8)))
    print()
    subprocess.run([sys.executable, str(ROOT / "bench" / "category_accuracy.py"), "--seed", str(args.seed)],
                   check=True)


if __name__ == "__main__":
    main()
