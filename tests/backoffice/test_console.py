"""The console: signing in, the session cookie, CSRF on every change, escaping of what citizens wrote."""
from __future__ import annotations

import re

from hotline.staff.tokens import Tokens
from hotline.storage import sql
from tests.backoffice.conftest import UNIT


async def sign_in(client, db, role: str, unit: str | None = None):
    token = Tokens(sql.engine(db)).issue(role, unit=unit)
    r = await client.post("/console/login", data={"token": token}, allow_redirects=False)
    assert r.status == 302
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    return r


async def test_signing_in_and_out(client, db):
    r = await client.get("/console/", allow_redirects=False)
    assert r.status == 302 and r.headers["Location"] == "/console/login"
    r = await client.post("/console/login", data={"token": "hlt_wrong"})
    assert "令牌无效" in await r.text()
    await sign_in(client, db, "dispatcher")
    page = await (await client.get("/console/")).text()
    assert "工单队列" in page and "派单员" in page
    await client.get("/console/logout")
    assert (await client.get("/console/", allow_redirects=False)).status == 302


async def test_a_change_needs_the_csrf_token_and_then_happens(client, db, new_order, orders):
    number = new_order()
    await sign_in(client, db, "dispatcher")
    page = await (await client.get(f"/console/orders/{number}")).text()
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    form = {"action": "assign", "unit": UNIT, "expected_version": "1"}
    r = await client.post(f"/console/orders/{number}/events", data=form, allow_redirects=False)
    assert r.status == 403 and orders.get(number)["status"] == "accepted"
    r = await client.post(f"/console/orders/{number}/events", data={**form, "csrf": "0" * 64}, allow_redirects=False)
    assert r.status == 403
    r = await client.post(f"/console/orders/{number}/events", data={**form, "csrf": csrf})
    assert "已转办" in await r.text()
    assert orders.get(number)["status"] == "assigned"


async def test_what_citizens_wrote_is_escaped(client, db, new_order):
    number = new_order(description='<script>alert("x")</script>路灯坏了<img src=x onerror=alert(1)>')
    await sign_in(client, db, "dispatcher")
    page = await (await client.get(f"/console/orders/{number}")).text()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


async def test_overdue_orders_are_highlighted_and_a_unit_sees_only_its_own(client, db, new_order, orders):
    from datetime import timedelta

    from hotline.clock import utcnow

    late, other = new_order(), new_order()
    orders.apply(late, "assign", actor="d", role="dispatcher", data={"unit": UNIT})
    orders.apply(other, "assign", actor="d", role="dispatcher", data={"unit": "二七区城市管理局"})
    with sql.engine(db).begin() as conn:
        conn.execute(sql.work_orders.update().where(sql.work_orders.c.number == late)
                     .values(sla_deadline=utcnow() - timedelta(hours=1)))
    await sign_in(client, db, "handling_unit", UNIT)
    page = await (await client.get("/console/")).text()
    assert late in page and other not in page
    assert re.search(rf'<tr class="overdue"><td><a href="/console/orders/{late}"', page)
    assert (await client.get(f"/console/orders/{other}")).status == 403
