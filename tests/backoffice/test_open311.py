"""The Open311 GeoReport v2 views as a client that follows the spec reads them."""
from __future__ import annotations

from datetime import datetime

from tests.backoffice.conftest import UNIT

REQUEST_FIELDS = {"service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                  "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                  "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"}


async def test_services_list_codes_names_and_groups(client):
    r = await client.get("/open311/v2/services.json")
    services = await r.json()
    assert r.status == 200 and r.content_type == "application/json" and len(services) > 500
    first = services[0]
    assert set(first) >= {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
    assert first["type"] in ("realtime", "batch", "blackbox") and first["metadata"] is False
    assert len({s["service_code"] for s in services}) == len(services)


async def test_requests_with_the_spec_fields_and_no_personal_data(client, new_order, orders):
    number = new_order(description="我的电话13812345678，小区门口的路灯坏了")
    closed = new_order()
    orders.apply(closed, "assign", actor="d", role="dispatcher", data={"unit": UNIT})
    orders.apply(closed, "reply", actor="u", role="handling_unit", unit=UNIT, data={"reply": "已修复"})
    orders.apply(closed, "close", actor="d", role="dispatcher")
    items = await (await client.get("/open311/v2/requests.json")).json()
    assert {i["service_request_id"] for i in items} >= {number, closed}
    for item in items:
        assert set(item) == REQUEST_FIELDS
        for field in ("requested_datetime", "updated_datetime", "expected_datetime"):
            assert datetime.fromisoformat(item[field]).tzinfo is not None  # W3C date-time with offset
    one = await (await client.get(f"/open311/v2/requests/{number}.json")).json()
    assert isinstance(one, list) and len(one) == 1 and one[0]["status"] == "open"
    assert "13812345678" not in str(one) and "王建国" not in str(one)
    assert one[0]["agency_responsible"] and one[0]["address"].startswith("郑州市金水区")
    only_closed = await (await client.get("/open311/v2/requests.json?status=closed")).json()
    assert [i["service_request_id"] for i in only_closed] == [closed]
    assert only_closed[0]["status_notes"] == "已修复"
    code = one[0]["service_code"]
    by_code = await (await client.get(f"/open311/v2/requests.json?service_code={code}")).json()
    assert number in {i["service_request_id"] for i in by_code}
    both = await (await client.get(f"/open311/v2/requests.json?service_request_id={number},{closed}")).json()
    assert {i["service_request_id"] for i in both} == {number, closed}


async def test_errors_as_the_spec_writes_them(client):
    r = await client.get("/open311/v2/requests/HN20200101000000.json")
    assert r.status == 404 and (await r.json())[0]["code"] == 404
    r = await client.get("/open311/v2/requests.json?status=pending")
    assert r.status == 400 and "description" in (await r.json())[0]
