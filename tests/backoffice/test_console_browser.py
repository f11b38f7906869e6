"""The console in a real browser (the system's headless Chromium, driven by Playwright): a dispatcher signs in
and assigns an order, the handling unit replies, the dispatcher closes it; what a citizen wrote is shown as
text, never run. The last page is saved as a screenshot (HOTLINE_SCREENSHOT_DIR, else the test's folder)."""
from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest

from hotline.language.places import gazetteer
from hotline.staff.tokens import Tokens
from hotline.storage import sql
from hotline.workorders.orders import WorkOrderDraft, WorkOrders
from stack.processes import free_port, start_backoffice

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
UNIT = "金水区城市管理局"
playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Chromium (apt-get install chromium)")


@pytest.fixture
def office(tmp_path, redis_server):
    db = f"sqlite:///{tmp_path / 'console.db'}"
    env = {"HOTLINE_DATABASE_URL": db, "REDIS_URL": redis_server.url, "HOTLINE_VAR_DIR": str(tmp_path / "var")}
    proc = start_backoffice(free_port(), env, tmp_path / "log")
    yield proc, sql.engine(db)
    proc.stop()


@pytest.fixture
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


def test_sign_in_assign_reply_close(office, browser, tmp_path):
    proc, engine = office
    orders, tokens = WorkOrders(engine), Tokens(engine)
    said = "花园路农业路口的路灯坏了一个星期了，晚上黑乎乎的，老人孩子出门很不安全"
    transcript = [{"speaker": "citizen", "text": said, "at": None},
                  {"speaker": "bot", "text": "好的，已记录您反映的问题（投诉，分类：城乡建设 > 城市建设和市政管理 > 城市公共设施）。"
                                             "还需要补充几项信息。请问事情发生在哪里？", "at": None},
                  {"speaker": "citizen", "text": "郑州市金水区花园路农业路口", "at": None},
                  {"speaker": "bot", "text": "请问您怎么称呼？方便的话请一并留下联系电话。", "at": None},
                  {"speaker": "citizen", "text": "王建国 13812345678", "at": None}]
    draft = WorkOrderDraft(idempotency_key=uuid.uuid4().hex, channel="rest", sender_id="browser-1",
                           request_type="complaint", category_path="城乡建设/城市建设和市政管理/城市公共设施",
                           description=said, location=gazetteer().find("郑州市金水区花园路农业路口"),
                           occurred_text="上周", citizen_name="王建国", phone="13812345678", transcript=transcript)
    number = orders.create(draft).record["number"]
    hostile = WorkOrderDraft(idempotency_key=uuid.uuid4().hex, channel="rest", sender_id="browser-2",
                             request_type="complaint", category_path="城乡建设/城市建设和市政管理/城市公共设施",
                             description='小区井盖丢了<script>document.title="hacked"</script><img src=x onerror=alert(1)>',
                             location=gazetteer().find("郑州市金水区花园路"))
    other = orders.create(hostile).record["number"]
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    def sign_in(role: str, unit: str | None = None) -> None:
        page.goto(proc.url + "/console/logout")
        page.goto(proc.url + "/console/login")
        page.fill("#token", tokens.issue(role, unit=unit, label=f"browser-{role}"))
        page.click("button[type=submit]")
        page.wait_for_url("**/console/**")

    def act(action: str, **fields: str) -> None:
        form = page.locator(f"form.action:has(input[name=action][value={action}])")
        for name, value in fields.items():
            form.locator(f"[name={name}]").fill(value)
        form.locator("button[type=submit]").click()
        page.wait_for_load_state("load")

    sign_in("dispatcher")
    page.goto(proc.url + "/console/")
    assert number in page.content()
    assert "<script>" in page.inner_text("body")  # the hostile title, shown as text in the queue
    page.goto(f"{proc.url}/console/orders/{other}")
    assert '<script>document.title="hacked"</script>' in page.inner_text("body")
    assert page.locator("script").count() == 0 and page.locator("img").count() == 0
    assert page.title() != "hacked" and not dialogs
    page.goto(proc.url + "/console/")
    page.click(f"a[href='/console/orders/{number}']")
    assert "王建国 13812345678" in page.inner_text("body")  # the transcript, whole for the dispatcher
    act("assign", unit=UNIT, note="请尽快修复")
    assert orders.get(number)["status"] == "assigned"

    sign_in("handling_unit", UNIT)
    page.goto(f"{proc.url}/console/orders/{number}")
    act("reply", reply="已更换灯具，恢复照明")
    assert orders.get(number)["status"] == "replied"

    sign_in("dispatcher")
    page.goto(f"{proc.url}/console/orders/{number}")
    act("close", note="市民电话确认已修好")
    record = orders.get(number)
    assert record["status"] == "closed" and record["latest_reply"] == "已更换灯具，恢复照明"
    assert "已办结" in page.inner_text("body")
    assert [h["action"] for h in record["history"]][-3:] == ["assign", "reply", "close"]
    out = Path(os.environ.get("HOTLINE_SCREENSHOT_DIR", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out / "console.png"), full_page=True)
    assert (out / "console.png").stat().st_size > 10_000
