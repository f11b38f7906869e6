"""Load: N concurrent citizens holding real intake conversations over the REST channel, against the stack as
`make run` starts it and, in the same run, against a plain `rasa init` assistant built in a scratch folder.

    .venv/bin/python bench/load.py [--citizens 50] [--seconds 60] [--only ours|plain]

Both servers run one Rasa process with Sanic's defaults, on this machine, one after the other (never at the
same time, so they do not share the two cores). Each citizen talks without pause: ours opens an intake with a
complaint and answers every question until the work order's number comes back; the plain assistant's citizen
says hello, is sad, is cheered up and says goodbye. Prints messages per second, latency percentiles and errors
for both, and the ratios."""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stack.processes import (  # noqa: E402
    VENV_BIN,
    _spawn,
    free_port,
    http_ok,
    spawn_rasa,
    start_action_server,
    start_redis,
    wait_rasa,
    wait_until,
)

PLAIN_DIR = ROOT / "var" / "bench" / "plain-rasa"
OPENINGS = [
    "小区门口的路灯坏了一个星期了，晚上黑乎乎的很不安全",
    "我们楼下的烧烤店每天晚上油烟直排，熏得没法开窗，希望环保部门管一管",
    "建议在人民路和建设路路口增设红绿灯，早晚高峰过马路太危险",
    "咨询一下外地户口的孩子在郑州上小学需要准备哪些材料",
    "公司拖欠我们三个月工资了，老板一直说没钱，我们十几个工人怎么办",
    "小区电梯经常坏，物业修了好几次还是坏，老人上下楼很困难",
]
ANSWERS = [("请确认您的诉求信息", "/affirm"), ("的哪个区县", "金水区花园路街道"), ("发生在哪里", "郑州市金水区花园路街道农业路12号"),
           ("什么时候", "上周三开始的"), ("没能识别出时间", "记不清了"), ("怎么称呼", "王女士 13812345678"),
           ("联系电话", "13812345678"), ("保密", "/deny")]
PLAIN_SCRIPT = ["hello", "I am sad", "yes", "goodbye"]


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    conversations: int = 0
    seconds: float = 0.0

    def report(self) -> str:
        n = len(self.latencies)
        if not n:
            return f"{self.name}: no messages answered, {self.errors} errors"
        q = statistics.quantiles(self.latencies, n=100)
        return (f"{self.name}: {n} messages in {self.seconds:.0f} s = {n / self.seconds:.1f} msg/s; latency p50 "
                f"{q[49] * 1000:.0f} ms, p95 {q[94] * 1000:.0f} ms, p99 {q[98] * 1000:.0f} ms; conversations "
                f"completed {self.conversations}; errors {self.errors}")

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    @property
    def p99(self) -> float:
        return statistics.quantiles(self.latencies, n=100)[98] if len(self.latencies) > 1 else 0.0


async def _say(session: aiohttp.ClientSession, url: str, sender: str, text: str, result: Result,
               measure: bool) -> str | None:
    t0 = time.perf_counter()
    try:
        async with session.post(url, json={"sender": sender, "message": text},
                                timeout=aiohttp.ClientTimeout(total=120)) as r:
            body = await r.text()
            ok = r.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError):
        ok, body = False, ""
    if measure:
        if ok:
            result.latencies.append(time.perf_counter() - t0)
        else:
            result.errors += 1
    if not ok:
        return None
    return "\n".join(m.get("text") or "" for m in json.loads(body))


async def our_citizen(session, url: str, i: int, deadline: float, warm_until: float, result: Result) -> None:
    rng = random.Random(i)
    while time.monotonic() < deadline:
        sender = f"load-{i}-{rng.getrandbits(40):x}"
        reply = await _say(session, url, sender, rng.choice(OPENINGS), result, time.monotonic() > warm_until)
        for _ in range(10):
            if reply is None or "工单号：" in reply or time.monotonic() >= deadline:
                break
            answer = next((a for k, a in ANSWERS if k in reply), "情况就是我刚才说的")
            reply = await _say(session, url, sender, answer, result, time.monotonic() > warm_until)
        if reply and "工单号：" in reply and time.monotonic() > warm_until:
            result.conversations += 1


async def plain_citizen(session, url: str, i: int, deadline: float, warm_until: float, result: Result) -> None:
    n = 0
    while time.monotonic() < deadline:
        sender = f"plain-{i}-{n}"
        n += 1
        for text in PLAIN_SCRIPT:
            if await _say(session, url, sender, text, result, time.monotonic() > warm_until) is None:
                break
        else:
            if time.monotonic() > warm_until:
                result.conversations += 1


async def drive(name: str, url: str, citizen, n: int, seconds: float, warmup: float = 10.0) -> Result:
    result = Result(name)
    start = time.monotonic()
    warm_until, deadline = start + warmup, start + warmup + seconds
    connector = aiohttp.TCPConnector(limit=n)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(citizen(session, url, i, deadline, warm_until, result) for i in range(n)))
    result.seconds = seconds
    return result


def plain_model() -> Path:
    """A `rasa init` assistant, trained once and kept under var/bench (its version is Rasa's)."""
    model = PLAIN_DIR / "models"
    if model.exists() and any(model.glob("*.tar.gz")):
        return PLAIN_DIR
    shutil.rmtree(PLAIN_DIR, ignore_errors=True)
    PLAIN_DIR.mkdir(parents=True, exist_ok=True)
    print("building the plain `rasa init` assistant (trains its default pipeline, a few minutes)...", flush=True)
    subprocess.run([str(VENV_BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(PLAIN_DIR)], check=True,
                   stdout=subprocess.DEVNULL, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"})
    return PLAIN_DIR


def run_plain(n: int, seconds: float) -> Result:
    folder = plain_model()
    port = free_port()
    logs = Path(tempfile.mkdtemp(prefix="bench-plain-"))
    cmd = [str(VENV_BIN / "rasa"), "run", "--port", str(port), "--model", str(folder / "models"),
           "--endpoints", str(folder / "endpoints.yml"), "--credentials", str(folder / "credentials.yml")]
    proc = _spawn("plain-rasa", cmd, logs, cwd=folder)
    try:
        wait_until(lambda: http_ok(f"http://127.0.0.1:{port}/"), proc, 300, "the plain assistant")
        return asyncio.run(drive("plain rasa init", f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                                 plain_citizen, n, seconds))
    finally:
        proc.stop()


def run_ours(n: int, seconds: float) -> Result:
    tmp = Path(tempfile.mkdtemp(prefix="bench-ours-"))
    procs = []
    try:
        redis = start_redis(free_port(), tmp / "redis", tmp / "log", persistent=True)
        procs.append(redis)
        aport = free_port()
        env = {"REDIS_URL": redis.url, "ACTION_SERVER_URL": f"http://127.0.0.1:{aport}/webhook",
               "HOTLINE_DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp / 'hotline.db'}"),
               "HOTLINE_VAR_DIR": str(tmp / "var")}
        procs.append(start_action_server(aport, env, tmp / "log"))
        rasa = wait_rasa(spawn_rasa(free_port(), env, tmp / "log", token="bench"))
        procs.append(rasa)
        return asyncio.run(drive("hotline-intake", rasa.url + "/webhooks/rest/webhook", our_citizen, n, seconds))
    finally:
        for p in reversed(procs):
            p.stop()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--citizens", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--only", choices=["ours", "plain"])
    args = ap.parse_args()
    print(f"{args.citizens} concurrent citizens, {args.seconds:.0f} s measured after 10 s of warm-up, each server alone")
    results = {}
    if args.only != "plain":
        results["ours"] = run_ours(args.citizens, args.seconds)
        print(results["ours"].report(), flush=True)
    if args.only != "ours":
        results["plain"] = run_plain(args.citizens, args.seconds)
        print(results["plain"].report(), flush=True)
    if len(results) == 2 and results["plain"].rate:
        ours, plain = results["ours"], results["plain"]
        print(f"ratio ours/plain: throughput {ours.rate / plain.rate:.2f}x, p99 latency "
              f"{ours.p99 / plain.p99:.2f}x (lower is better)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
