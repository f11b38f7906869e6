"""The work-order record (DESIGN.md section 4): its fields as the JSON Schema beside this file describes
them, the request types, and the masked copy that logs and exports use."""
from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from hotline.clock import to_local
from hotline.privacy import mask_name, mask_phone, mask_text

SCHEMA_PATH = Path(__file__).resolve().parent / "work_order.schema.json"
REQUEST_TYPES = ("complaint", "help", "consultation", "suggestion", "report", "praise")
REQUEST_TYPE_NAMES = {"complaint": "投诉", "help": "求助", "consultation": "咨询", "suggestion": "建议",
                      "report": "举报", "praise": "表扬"}
# the longest text each field may hold: the store's columns are made from these, and drafts are checked
# against them before anything is written (an explicit error at the door, not a database error)
FIELD_LIMITS = {
    "number": 32, "idempotency_key": 200, "channel": 40, "sender_id": 200, "citizen_name": 100, "phone": 40,
    "id_number": 18, "request_type": 20, "category": 60, "category_source": 20, "title": 200,
    "description": 20000, "city": 40, "district": 40, "street": 60, "estate": 100, "address": 300,
    "location_text": 500, "occurred_text": 200, "handling_unit": 200, "status": 20, "transcript_ref": 300,
}


def _iso(dt: datetime | None) -> str | None:
    return None if dt is None else to_local(dt).isoformat(timespec="seconds")


def record_from_row(row: dict[str, Any], events: list[dict[str, Any]]) -> dict[str, Any]:
    """The work order as the JSON Schema describes it (times in Beijing time, ISO 8601)."""
    return {
        "number": row["number"],
        "channel": row["channel"],
        "sender_id": row["sender_id"],
        "citizen": {"name": row["citizen_name"], "phone": row["phone"], "id_number": row.get("id_number"),
                    "confidential": bool(row["confidential"]), "reply_wanted": bool(row["reply_wanted"])},
        "request_type": row["request_type"],
        "category": {"level1": row["category_l1"], "level2": row["category_l2"], "level3": row["category_l3"],
                     "source": row["category_source"], "confidence": row["category_confidence"]},
        "title": row["title"],
        "description": row["description"],
        "location": {"city": row["city"], "district": row["district"], "street": row["street"],
                     "estate": row.get("estate"), "address": row["address"], "text": row["location_text"]},
        "occurred": {"text": row["occurred_text"], "at": _iso(row["occurred_at"])},
        "attachments": row["attachments"] or [],
        "screening": row["screening"] or {},
        "related": row["related"] or [],
        "handling_unit": row["handling_unit"],
        "sla_deadline": _iso(row["sla_deadline"]),
        "status": row["status"],
        "supervised": bool(row["supervised"]),
        "latest_reply": row["latest_reply"],
        "evaluation": row.get("evaluation"),
        "transcript": row.get("transcript") or [],
        "version": row.get("version") or 1,
        "transcript_ref": row["transcript_ref"],
        "created_at": _iso(row["created_at"]),
        "updated_at": _iso(row["updated_at"]),
        "history": [{"seq": e["seq"], "action": e["action"], "status_before": e["status_before"],
                     "status_after": e["status_after"], "actor": e["actor"], "role": e.get("role"),
                     "note": e["note"], "data": e.get("data"), "at": _iso(e["at"])} for e in events],
    }


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    """The record's schema, checked once and compiled once (validating against it is then cheap)."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def validate_record(record: dict[str, Any]) -> None:
    """Raises jsonschema.ValidationError (the most relevant error) when the record does not fit."""
    error = jsonschema.exceptions.best_match(_validator().iter_errors(record))
    if error is not None:
        raise error


def masked(record: dict[str, Any]) -> dict[str, Any]:
    """A copy safe for logs and exports: the citizen's name and phone masked."""
    out = json.loads(json.dumps(record, ensure_ascii=False))
    out["citizen"]["name"] = mask_name(out["citizen"]["name"])
    out["citizen"]["phone"] = mask_phone(out["citizen"]["phone"])
    if out["citizen"].get("id_number"):
        out["citizen"]["id_number"] = out["citizen"]["id_number"][:6] + "********" + out["citizen"]["id_number"][-4:]
    out["description"] = mask_text(out["description"])
    return out


