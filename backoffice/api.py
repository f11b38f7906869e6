"""/api/v1: the staff JSON API. Bearer tokens, roles, every read and write audited, SQL in worker threads."""
from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import web

from backoffice.openapi import document
from hotline.staff.audit import Audit
from hotline.staff.tokens import Staff, Tokens
from hotline.staff.views import for_role
from hotline.workorders.lifecycle import ROLES, PermissionDenied, TransitionError
from hotline.workorders.orders import ConflictError, DraftError, WorkOrders

MAX_BODY = 64 * 1024


def error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def staff_of(request: web.Request) -> Staff | None:
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else None
    return await asyncio.to_thread(request.app["tokens"].verify, token) if token else None


def authenticated(handler):
    async def wrapped(request: web.Request) -> web.StreamResponse:
        staff = await staff_of(request)
        if staff is None:
            return error(401, "a valid bearer token is required (python -m hotline token --role ROLE)")
        request["staff"] = staff
        return await handler(request)
    return wrapped


def _bool(value: str | None) -> bool | None:
    if value is None:
        return None
    if value.lower() in ("1", "true", "yes"):
        return True
    if value.lower() in ("0", "false", "no"):
        return False
    raise ValueError(f"not a boolean: {value!r}")


@authenticated
async def list_orders(request: web.Request) -> web.Response:
    staff: Staff = request["staff"]
    q = request.query
    try:
        page, per_page = int(q.get("page", 1)), int(q.get("per_page", 20))
        if page < 1 or not 1 <= per_page <= 100:
            raise ValueError("page >= 1 and 1 <= per_page <= 100")
        filters = {"status": q.get("status"), "category": q.get("category"), "unit": q.get("unit"),
                   "district": q.get("district"), "overdue": _bool(q.get("overdue")),
                   "supervised": _bool(q.get("supervised"))}
    except ValueError as e:
        return error(400, str(e))
    if staff.role == "handling_unit":
        filters["unit"] = staff.unit  # a unit sees its own orders, the overdue ones first
    orders: WorkOrders = request.app["orders"]
    items, total = await asyncio.to_thread(orders.search, page=page, per_page=per_page,
                                           overdue_first=staff.role in ("handling_unit", "supervisor"), **filters)
    await asyncio.to_thread(request.app["audit"].record, staff.actor, staff.role, "list",
                            [i["number"] for i in items], json.dumps({k: v for k, v in filters.items() if v is not None},
                                                                     ensure_ascii=False))
    return web.json_response({"items": items, "page": page, "per_page": per_page, "total": total})


async def _readable(request: web.Request, number: str) -> dict[str, Any] | web.Response:
    staff: Staff = request["staff"]
    record = await asyncio.to_thread(request.app["orders"].get, number)
    if record is None:
        return error(404, f"no work order {number}")
    if staff.role == "handling_unit" and record["handling_unit"] != staff.unit:
        return error(403, "this order is not handled by your unit")
    return record


@authenticated
async def get_order(request: web.Request) -> web.Response:
    staff: Staff = request["staff"]
    number = request.match_info["number"].upper()
    record = await _readable(request, number)
    if isinstance(record, web.Response):
        return record
    await asyncio.to_thread(request.app["audit"].record, staff.actor, staff.role, "read", [number])
    return web.json_response(for_role(record, staff.role, with_transcript=True))


@authenticated
async def post_event(request: web.Request) -> web.Response:
    staff: Staff = request["staff"]
    number = request.match_info["number"].upper()
    if (request.content_length or 0) > MAX_BODY:
        return error(413, f"the body is larger than {MAX_BODY} bytes")
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError):
        return error(400, "the body is not valid JSON")
    if not isinstance(body, dict) or not isinstance(body.get("action"), str):
        return error(400, "the body must be an object with 'action'")
    unknown = set(body) - {"action", "note", "data", "expected_version"}
    if unknown:
        return error(400, f"unknown fields: {', '.join(sorted(unknown))}")
    data, version = body.get("data") or {}, body.get("expected_version")
    if not isinstance(data, dict) or (version is not None and (not isinstance(version, int) or version < 1)):
        return error(400, "'data' must be an object and 'expected_version' a positive integer")
    record = await _readable(request, number)
    if isinstance(record, web.Response):
        return record
    try:
        updated = await asyncio.to_thread(
            request.app["orders"].apply, number, body["action"], actor=staff.actor, role=staff.role,
            note=body.get("note"), data=data, unit=staff.unit, expected_version=version)
    except PermissionDenied as e:
        return error(403, str(e))
    except (TransitionError, ConflictError) as e:
        return error(409, str(e))
    except DraftError as e:
        return error(400, str(e))
    await asyncio.to_thread(request.app["audit"].record, staff.actor, staff.role, body["action"], [number],
                            body.get("note"))
    request.app["wake_relay"].set()
    return web.json_response(for_role(updated, staff.role, with_transcript=True))


async def openapi(request: web.Request) -> web.Response:
    return web.json_response(document())


def routes(app: web.Application) -> None:
    app.router.add_get("/api/v1/openapi.json", openapi)
    app.router.add_get("/api/v1/workorders", list_orders)
    app.router.add_get("/api/v1/workorders/{number}", get_order)
    app.router.add_post("/api/v1/workorders/{number}/events", post_event)


__all__ = ["routes", "ROLES", "Tokens", "Audit"]
