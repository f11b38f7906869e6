"""The OpenAPI 3.1 description of /api/v1, built from the work-order JSON Schema so the two never disagree."""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from hotline.workorders.lifecycle import EVALUATIONS, ROLES, TRANSITIONS
from hotline.workorders.record import SCHEMA_PATH

ACTIONS = sorted(a for a in TRANSITIONS if a not in ("register",))


@lru_cache(maxsize=1)
def document() -> dict[str, Any]:
    order = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    order.pop("$schema", None)
    order.pop("$id", None)
    error = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}
    summary = {
        "type": "object",
        "required": ["number", "title", "status", "request_type", "category", "handling_unit", "sla_deadline",
                     "overdue", "supervised", "created_at", "version"],
        "properties": {
            "number": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "string"},
            "request_type": {"type": "string"}, "category": {"type": "string"},
            "city": {"type": ["string", "null"]}, "district": {"type": ["string", "null"]},
            "handling_unit": {"type": "string"}, "sla_deadline": {"type": "string", "format": "date-time"},
            "overdue": {"type": "boolean"}, "supervised": {"type": "boolean"},
            "created_at": {"type": "string", "format": "date-time"}, "version": {"type": "integer"},
        },
    }
    page = {"type": "object", "required": ["items", "page", "per_page", "total"],
            "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/WorkOrderSummary"}},
                           "page": {"type": "integer", "minimum": 1}, "per_page": {"type": "integer", "minimum": 1},
                           "total": {"type": "integer", "minimum": 0}}}
    event = {"type": "object", "required": ["action"], "additionalProperties": False, "properties": {
        "action": {"enum": ACTIONS},
        "note": {"type": "string", "maxLength": 2000},
        "expected_version": {"type": "integer", "minimum": 1,
                             "description": "refuse the change (409) when the order is no longer at this version"},
        "data": {"type": "object", "description": "what the action carries: assign {unit}, reply {reply}, evaluate "
                 f"{{evaluation: {'|'.join(EVALUATIONS)}}}, mediate {{outcome: failed|succeeded}}, advise {{route}}, "
                 "supplement {text}, reopen {reason}"}}}
    errors = {code: {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
              for code, text in (("400", "malformed request or missing data"), ("401", "no valid bearer token"),
                                 ("403", "the role may not do this"), ("404", "no such order"),
                                 ("409", "the lifecycle forbids it now, or the order changed meanwhile"))}

    def ok(schema: str, text: str) -> dict[str, Any]:
        return {"description": text, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}

    number = {"name": "number", "in": "path", "required": True, "schema": {"type": "string"}}
    q = [{"name": n, "in": "query", "required": False, "schema": s} for n, s in (
        ("status", {"type": "string"}), ("category", {"type": "string", "description": "level1[/level2[/level3]]"}),
        ("unit", {"type": "string"}), ("district", {"type": "string"}), ("overdue", {"type": "boolean"}),
        ("supervised", {"type": "boolean"}), ("page", {"type": "integer", "minimum": 1}),
        ("per_page", {"type": "integer", "minimum": 1, "maximum": 100}))]
    return {
        "openapi": "3.1.0",
        "info": {"title": "hotline-intake back office", "version": "1",
                 "description": "Work orders of the 12345 hotline for staff. Bearer tokens from "
                                "`python -m hotline token --role ROLE [--unit UNIT]`; roles: " + ", ".join(ROLES)},
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"WorkOrder": order, "WorkOrderSummary": summary, "WorkOrderPage": page, "Event": event,
                        "Error": error},
        },
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/workorders": {"get": {
                "summary": "orders, filtered and paginated (a handling unit sees its own, overdue first)",
                "parameters": q, "responses": {"200": ok("WorkOrderPage", "a page of orders"), **{
                    k: v for k, v in errors.items() if k in ("400", "401", "403")}}}},
            "/api/v1/workorders/{number}": {"get": {
                "summary": "one order with its history and the intake transcript", "parameters": [number],
                "responses": {"200": ok("WorkOrder", "the order, personal data as the role may see it"),
                              **{k: v for k, v in errors.items() if k in ("401", "403", "404")}}}},
            "/api/v1/workorders/{number}/events": {"post": {
                "summary": "take a lifecycle action", "parameters": [number],
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Event"}}}},
                "responses": {"200": ok("WorkOrder", "the order after the action"), **errors}}},
        },
    }
