"""Real citizens' messages: how screening treats them, and what an intake keeps of them.

    .venv/bin/python bench/real_messages.py [--csv PATH] [--replay N] [--seed S] [--url URL]

Reads ../shared/data/real_messages_dev.csv (never copied into the project). Part 1 runs every message
through the screening gate (`python -m hotline triage`'s logic) and prints the verdict distribution, the share
turned away (any verdict but accept), the share called emergencies and a sample of each. Part 2 (with
--replay N) opens N fresh conversations over the REST channel, each with one real message as the first
words, lets a scripted citizen answer whatever the bot asks, and reads the stored work order back: did it
keep the description, a city and district, the request type and the time, and how many turns did it take.
Without --url it starts its own stack (Redis, action server, Rasa) with a scratch SQLite database."""
from __future__ import annotations

import argparse
import csv
import json
import random
import re
import statistics
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_CSV = ROOT.parent / "shared" / "data" / "real_messages_dev.csv"
NUMBER = re.compile(r"HN\d{14}")
# what the scripted citizen answers, by what the bot asked (most specific first)
ANSWERS = [
    ("请确认您的诉求信息", "/affirm"),
    ("哪个市、哪个区县", "郑州市金水区"),
    ("的哪个区县", "就在金水区"),
    ("发生在哪里", "郑州市金水区花园路街道农业路12号"),
    ("什么时候", "上周三开始的"),
    ("没能识别出时间", "记不清了"),
    ("怎么称呼", "王女士 13812345678"),
    ("格式好像不对", "13812345678"),
    ("联系电话", "13812345678"),
    ("保密", "/deny"),
]
CONFUSED = "情况就是我刚才说的"


def load(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def screening_part(rows: list[dict[str, str]], samples: int) -> None:
    from hotline.screening.screener import default_screener

    screener = default_screener()
    verdicts: Counter = Counter()
    examples: dict[str, list[str]] = {}
    t0 = time.perf_counter()
    for r in rows:
        s = screener.screen(r["text"])
        key = s.verdict + (f":{s.route}" if s.route else "") + (f":{'+'.join(s.services)}" if s.services else "")
        verdicts[s.verdict] += 1
        examples.setdefault(s.verdict, []).append(f"{r['id']} [{key}] {r['title'][:50]}")
    per_message = (time.perf_counter() - t0) / max(1, len(rows)) * 1000
    n = len(rows)
    print(f"screening {n} real messages ({per_message:.2f} ms per message)")
    for v, c in verdicts.most_common():
        print(f"  {v:<13}{c:>6}  {c / n:6.2%}")
    turned = n - verdicts["accept"]
    print(f"  turned away (any verdict but accept): {turned}/{n} = {turned / n:.2%}")
    print(f"  called emergencies: {verdicts['emergency']}/{n} = {verdicts['emergency'] / n:.2%}")
    for v in ("emergency", "legal_route", "abusive", "no_substance"):
        if examples.get(v):
            print(f"  sample of {v}:")
            for line in examples[v][:samples]:
                print("    " + line)


class Stack:
    """The stack as `make run` starts it, in a scratch folder (or an existing one at --url)."""

    def __init__(self, url: str | None):
        self.procs: list = []
        self.url = url
        self.db_url: str | None = None

    def __enter__(self) -> Stack:
        if self.url:
            return self
        from stack.processes import free_port, spawn_rasa, start_action_server, start_redis, wait_rasa

        tmp = Path(tempfile.mkdtemp(prefix="hotline-bench-"))
        redis = start_redis(free_port(), tmp / "redis", tmp / "log", persistent=False)
        self.procs.append(redis)
        port = free_port()
        self.db_url = f"sqlite:///{tmp / 'hotline.db'}"
        env = {"REDIS_URL": redis.url, "ACTION_SERVER_URL": f"http://127.0.0.1:{port}/webhook",
               "HOTLINE_DATABASE_URL": self.db_url, "HOTLINE_VAR_DIR": str(tmp / "var")}
        rasa = spawn_rasa(free_port(), env, tmp / "log")
        self.procs.append(rasa)
        self.procs.append(start_action_server(port, env, tmp / "log"))
        wait_rasa(rasa)
        self.url = rasa.url
        return self

    def __exit__(self, *exc) -> None:
        for p in reversed(self.procs):
            p.stop()

    def say(self, sender: str, text: str) -> str:
        data = json.dumps({"sender": sender, "message": text}, ensure_ascii=False).encode()
        req = urllib.request.Request(self.url + "/webhooks/rest/webhook", data=data,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=120) as r:
            return "\n".join(m.get("text") or "" for m in json.loads(r.read()))


def replay_part(rows: list[dict[str, str]], n: int, seed: int, url: str | None, db_url: str | None) -> None:
    from hotline.storage import sql
    from hotline.workorders.orders import WorkOrders

    sample = random.Random(seed).sample(rows, min(n, len(rows)))
    results = []
    with Stack(url) as stack:
        orders = WorkOrders(sql.engine(db_url or stack.db_url)) if (db_url or stack.db_url) else None
        for r in sample:
            who = f"bench-{uuid.uuid4().hex[:10]}"
            reply = stack.say(who, r["text"])
            turns, confused, number = 1, 0, None
            for _ in range(12):
                found = NUMBER.search(reply)
                if "工单号：" in reply and found:
                    number = found.group(0)
                    break
                answer = next((a for k, a in ANSWERS if k in reply), None)
                if answer is None:
                    confused += 1
                    answer = CONFUSED
                reply = stack.say(who, answer)
                turns += 1
            record = orders.get(number) if (orders and number) else None
            results.append((r, number, record, turns, confused, reply))
    done = [x for x in results if x[2]]
    print(f"\nintake replay: {len(results)} conversations opened with a real message (seed {seed})")
    print(f"  ended with a stored work order: {len(done)}/{len(results)}")
    if not done:
        for r, _, _, turns, _confused, reply in results[:5]:
            print(f"    {r['id']}: no order after {turns} turns; last reply: {reply[:120]}")
        return
    kept = sum(1 for r, _, rec, *_ in done if _core(rec["description"]) in _core(r["text"])
               and len(_core(rec["description"])) >= 0.8 * len(_core(r["text"])))
    with_district = sum(1 for _, _, rec, *_ in done if rec["location"]["district"])
    district_in_text = sum(1 for r, _, rec, *_ in done if rec["location"]["district"]
                           and rec["location"]["district"] in r["text"])
    with_city = sum(1 for _, _, rec, *_ in done if rec["location"]["city"])
    with_time = sum(1 for _, _, rec, *_ in done if rec["occurred"]["text"])
    types = Counter(rec["request_type"] for _, _, rec, *_ in done)
    turns = [t for *_, t, _, _ in done]
    confused = sum(c for *_, c, _ in done)
    print(f"  kept the whole matter as the description: {kept}/{len(done)}")
    print(f"  district kept: {with_district}/{len(done)} (named in the message itself: {district_in_text}); "
          f"city kept: {with_city}/{len(done)}")
    print(f"  time kept: {with_time}/{len(done)}")
    print(f"  request types: {dict(types)}")
    print(f"  turns to a confirmed order (citizen messages): median {statistics.median(turns)}, "
          f"max {max(turns)}; questions the scripted citizen did not understand: {confused}")
    for r, number, rec, t, _, _ in done[:8]:
        loc = rec["location"]
        print(f"    {r['id']} -> {number} {rec['request_type']:<12} {loc['city'] or '-'} {loc['district'] or '-'} "
              f"{loc['street'] or ''} {loc['address'] or ''} | {rec['occurred']['text'] or '-'} | {t} turns | "
              f"{r['title'][:30]}")


def _core(text: str) -> str:
    return re.sub(r"[\s*]", "", text or "")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    ap.add_argument("--samples", type=int, default=5, help="examples shown per verdict")
    ap.add_argument("--replay", type=int, default=0, help="conversations to replay over REST (0: none)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--url", help="a running Rasa server (default: start one)")
    ap.add_argument("--db", help="its HOTLINE_DATABASE_URL, to read the orders back (with --url)")
    args = ap.parse_args()
    if not args.csv.exists():
        print(f"{args.csv} not found: the real messages live in ../shared/data/ beside the checkout")
        return 1
    rows = load(args.csv)
    screening_part(rows, args.samples)
    if args.replay:
        replay_part(rows, args.replay, args.seed, args.url, args.db)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
