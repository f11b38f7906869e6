"""What each role sees of a work order: personal data only for the roles whose work needs it, never for a
confidential order outside the dispatchers, and never the citizen's ID number outside the admin."""
from __future__ import annotations

import copy
from typing import Any

from hotline.privacy import mask_name, mask_phone, mask_text

SEES_CONTACT = {"dispatcher", "handling_unit", "admin"}


def for_role(record: dict[str, Any], role: str, with_transcript: bool = False) -> dict[str, Any]:
    out = copy.deepcopy(record)
    citizen = out["citizen"]
    hidden = role not in SEES_CONTACT or (citizen.get("confidential") and role == "handling_unit")
    if hidden:
        citizen["name"] = "（保密）" if citizen.get("confidential") else mask_name(citizen.get("name"))
        citizen["phone"] = "（保密）" if citizen.get("confidential") else mask_phone(citizen.get("phone"))
        out["description"] = mask_text(out["description"])
        out["title"] = mask_text(out["title"])
        for h in out["history"]:
            h["note"] = mask_text(h["note"])
    if role != "admin" and citizen.get("id_number"):
        citizen["id_number"] = citizen["id_number"][:6] + "********" + citizen["id_number"][-4:]
    transcript = out.pop("transcript", None)
    if with_transcript:
        out["transcript"] = [{**t, "text": mask_text(t.get("text")) if hidden else t.get("text")}
                             for t in (transcript or [])]
    return out
