"""The Open311 GeoReport v2 view (read only, JSON): services are the categories of the taxonomy, requests are the
work orders without any personal data (http://wiki.open311.org/GeoReport_v2)."""
from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from typing import Any

from aiohttp import web
from sqlalchemy import or_, select

from hotline.clock import LOCAL_TZ, to_local
from hotline.privacy import mask_text
from hotline.storage import sql
from hotline.workorders.lifecycle import STATUS_NAMES
from hotline.workorders.taxonomy import taxonomy

CLOSED = {"closed"}
MAX_REQUESTS = 1000  # the spec's default page for requests.json


def service_codes() -> dict[str, str]:
    """Category path -> a stable code (its row in data/category_taxonomy.csv)."""
    return {c.path: f"{i + 1:03d}" for i, c in enumerate(taxonomy().categories)}


def _iso(dt: datetime | None) -> str | None:
    return None if dt is None else to_local(dt).isoformat(timespec="seconds")


def _request(row: dict[str, Any], codes: dict[str, str]) -> dict[str, Any]:
    path = f"{row['category_l1']}/{row['category_l2']}/{row['category_l3']}"
    place = "".join(p for p in (row["city"], row["district"], row["street"], row["address"]) if p)
    return {
        "service_request_id": row["number"],
        "status": "closed" if row["status"] in CLOSED else "open",
        "status_notes": row["latest_reply"] or STATUS_NAMES.get(row["status"], row["status"]),
        "service_name": row["category_l3"],
        "service_code": codes.get(path),
        "description": mask_text(row["description"]),
        "agency_responsible": row["handling_unit"],
        "service_notice": None,
        "requested_datetime": _iso(row["created_at"]),
        "updated_datetime": _iso(row["updated_at"]),
        "expected_datetime": _iso(row["sla_deadline"]),
        "address": place or None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


async def services(request: web.Request) -> web.Response:
    codes = service_codes()
    return web.json_response([{
        "service_code": codes[c.path], "service_name": c.level3, "description": c.label, "metadata": False,
        "type": "realtime", "keywords": f"{c.level1},{c.level2}", "group": c.level1} for c in taxonomy().categories])


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=LOCAL_TZ)
    return dt.astimezone(timezone.utc).replace(tzinfo=None)


def _query(engine, ids: list[str] | None, service_code: str | None, start: datetime | None, end: datetime | None,
           status: str | None) -> list[dict[str, Any]]:
    codes = service_codes()
    t = sql.work_orders
    q = select(t)
    if ids:
        q = q.where(t.c.number.in_(ids))
    else:
        if service_code:
            wanted = [p for p, c in codes.items() if c in service_code.split(",")]
            if not wanted:
                return []
            q = q.where(or_(*[(t.c.category_l1 == p.split("/")[0]) & (t.c.category_l2 == p.split("/")[1])
                              & (t.c.category_l3 == p.split("/")[2]) for p in wanted]))
        if start:
            q = q.where(t.c.created_at >= start)
        if end:
            q = q.where(t.c.created_at <= end)
        if status == "closed":
            q = q.where(t.c.status.in_(sorted(CLOSED)))
        elif status == "open":
            q = q.where(t.c.status.notin_(sorted(CLOSED)))
    q = q.order_by(t.c.id.desc()).limit(MAX_REQUESTS)
    with engine.connect() as conn:
        rows = conn.execute(q).mappings().all()
    return [_request(dict(r), codes) for r in rows]


async def requests(request: web.Request) -> web.Response:
    q = request.query
    status = q.get("status")
    if status and status not in ("open", "closed"):
        return web.json_response([{"code": 400, "description": "status must be open or closed"}], status=400)
    try:
        start, end = _parse_time(q.get("start_date")), _parse_time(q.get("end_date"))
    except ValueError:
        return web.json_response([{"code": 400, "description": "start_date and end_date must be W3C date-times"}],
                                 status=400)
    ids = [i.strip().upper() for i in q.get("service_request_id", "").split(",") if i.strip()] or None
    found = await asyncio.to_thread(_query, request.app["orders"].engine, ids, q.get("service_code"), start, end,
                                    status)
    return web.json_response(found)


async def one_request(request: web.Request) -> web.Response:
    number = request.match_info["id"].upper()
    found = await asyncio.to_thread(_query, request.app["orders"].engine, [number], None, None, None, None)
    if not found:
        return web.json_response([{"code": 404, "description": f"no service request {number}"}], status=404)
    return web.json_response(found)


def routes(app: web.Application) -> None:
    app.router.add_get("/open311/v2/services.json", services)
    app.router.add_get("/open311/v2/requests.json", requests)
    app.router.add_get("/open311/v2/requests/{id}.json", one_request)
