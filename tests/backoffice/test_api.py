"""The staff API: tokens and roles, the lifecycle over HTTP, filters, masking, audit, and every response checked
against the OpenAPI document the API serves."""
from __future__ import annotations

import jsonschema
import pytest

from backoffice.openapi import document
from hotline.staff.audit import Audit
from hotline.staff.tokens import Tokens
from hotline.storage import sql
from tests.backoffice.conftest import UNIT


def conforms(body, schema_name: str) -> None:
    doc = document()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "components": doc["components"],
              "$ref": f"#/components/schemas/{schema_name}"}
    jsonschema.validate(body, schema)


async def test_without_a_token_401_and_with_the_wrong_role_403(client, token, new_order):
    number = new_order()
    assert (await client.get("/api/v1/workorders")).status == 401
    assert (await client.get("/api/v1/workorders", headers={"Authorization": "Bearer hlt_forged"})).status == 401
    r = await client.post(f"/api/v1/workorders/{number}/events", json={"action": "assign", "data": {"unit": UNIT}},
                          headers=token("analyst"))
    assert r.status == 403
    conforms(await r.json(), "Error")
    r = await client.get(f"/api/v1/workorders/{number}", headers=token("handling_unit", "二七区城市管理局"))
    assert r.status == 403  # another unit's order


async def test_an_order_through_its_lifecycle_over_http(client, token, new_order):
    number = new_order()
    dispatcher, unit = token("dispatcher"), token("handling_unit", UNIT)

    async def act(headers, action, **body):
        r = await client.post(f"/api/v1/workorders/{number}/events", json={"action": action, **body}, headers=headers)
        payload = await r.json()
        return r.status, payload

    status, rec = await act(dispatcher, "assign", data={"unit": UNIT})
    assert status == 200 and rec["status"] == "assigned"
    conforms(rec, "WorkOrder")
    status, rec = await act(unit, "reply", data={"reply": "已派人更换灯泡"}, expected_version=rec["version"])
    assert status == 200 and rec["status"] == "replied" and rec["latest_reply"] == "已派人更换灯泡"
    status, rec = await act(dispatcher, "feedback", note="电话回访，市民确认已修好")
    status, rec = await act(dispatcher, "close")
    assert status == 200 and rec["status"] == "closed"
    assert [h["action"] for h in rec["history"]] == ["register", "accept", "assign", "reply", "feedback", "close"]
    assert rec["history"][3]["role"] == "handling_unit"
    status, body = await act(dispatcher, "assign", data={"unit": UNIT})
    assert status == 409 and "not allowed" in body["error"]  # closed orders are not reassigned


async def test_a_stale_version_and_bad_input_are_refused(client, token, new_order):
    number = new_order()
    d = token("dispatcher")
    r = await client.post(f"/api/v1/workorders/{number}/events", json={"action": "assign", "data": {"unit": UNIT},
                                                                       "expected_version": 99}, headers=d)
    assert r.status == 409
    for body in ({"action": "assign"}, {"action": "assign", "data": {"unit": "x" * 300}}, {"nope": 1},
                 {"action": "assign", "data": "text"}, {"action": "assign", "surprise": True}):
        r = await client.post(f"/api/v1/workorders/{number}/events", json=body, headers=d)
        assert r.status == 400, body
    r = await client.post(f"/api/v1/workorders/{number}/events", data=b"{not json", headers=d)
    assert r.status == 400
    assert (await client.get("/api/v1/workorders/HN20260101000000", headers=d)).status == 404


async def test_list_filters_paginates_and_a_unit_sees_its_own(client, token, new_order, orders):
    numbers = [new_order() for _ in range(3)]
    orders.apply(numbers[0], "assign", actor="d", role="dispatcher", data={"unit": UNIT})
    r = await client.get("/api/v1/workorders?status=assigned&per_page=2", headers=token("supervisor"))
    body = await r.json()
    assert r.status == 200 and [i["number"] for i in body["items"]] == [numbers[0]] and body["total"] == 1
    conforms(body, "WorkOrderPage")
    r = await client.get("/api/v1/workorders?per_page=2&page=2", headers=token("dispatcher"))
    body = await r.json()
    assert body["page"] == 2 and body["total"] == 3 and len(body["items"]) == 1
    mine = await (await client.get("/api/v1/workorders", headers=token("handling_unit", UNIT))).json()
    assert {i["handling_unit"] for i in mine["items"]} == {UNIT}
    assert (await client.get("/api/v1/workorders?overdue=maybe", headers=token("dispatcher"))).status == 400


async def test_personal_data_by_role_and_every_read_audited(client, token, new_order, db):
    number = new_order(description="我的电话13812345678，路灯坏了")
    full = await (await client.get(f"/api/v1/workorders/{number}", headers=token("dispatcher"))).json()
    masked = await (await client.get(f"/api/v1/workorders/{number}", headers=token("analyst"))).json()
    assert full["citizen"]["phone"] == "13812345678" and full["transcript"][0]["speaker"] == "citizen"
    assert masked["citizen"]["phone"] == "138****5678" and "13812345678" not in str(masked)
    secret = new_order(confidential=True)
    unit_view = await (await client.get(f"/api/v1/workorders/{secret}", headers=token("handling_unit", UNIT))).json()
    assert unit_view["citizen"]["name"] == "（保密）" and unit_view["citizen"]["phone"] == "（保密）"
    trail = Audit(sql.engine(db)).for_order(number)
    assert [(a["role"], a["action"]) for a in trail] == [("dispatcher", "read"), ("analyst", "read")]


async def test_a_revoked_or_expired_token_no_longer_opens_anything(client, db):
    tokens = Tokens(sql.engine(db))
    t = tokens.issue("dispatcher")
    assert (await client.get("/api/v1/workorders", headers={"Authorization": f"Bearer {t}"})).status == 200
    assert tokens.revoke(t)
    assert (await client.get("/api/v1/workorders", headers={"Authorization": f"Bearer {t}"})).status == 401
    old = tokens.issue("dispatcher", days=-1)
    assert (await client.get("/api/v1/workorders", headers={"Authorization": f"Bearer {old}"})).status == 401
    with sql.engine(db).connect() as conn:
        stored = [r[0] for r in conn.execute(sql.api_tokens.select().with_only_columns(sql.api_tokens.c.token_hash))]
    assert t not in stored and all(len(h) == 64 for h in stored)  # only hashes are kept


async def test_the_openapi_document_is_served_and_names_every_route(client):
    doc = await (await client.get("/api/v1/openapi.json")).json()
    assert doc["openapi"].startswith("3.")
    assert set(doc["paths"]) == {"/api/v1/workorders", "/api/v1/workorders/{number}",
                                 "/api/v1/workorders/{number}/events"}
    jsonschema.validators.validator_for(doc["components"]["schemas"]["WorkOrder"]).check_schema(
        doc["components"]["schemas"]["WorkOrder"])


@pytest.mark.parametrize("role", ["dispatcher", "supervisor", "analyst", "admin"])
async def test_every_role_can_read_the_queue(client, token, role):
    assert (await client.get("/api/v1/workorders", headers=token(role))).status == 200
