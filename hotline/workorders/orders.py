"""Work orders: creating them exactly once, numbering them, reading them back.

Numbers look like HN20261127000123: region code, the local date, and six random digits (unique, drawn again
on a clash), so nobody can guess another citizen's order by counting."""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from hotline.clock import to_local, utcnow
from hotline.language.identifiers import normalise_phone, valid_id_number
from hotline.language.places import Location, gazetteer
from hotline.privacy import mask_text
from hotline.storage import sql
from hotline.workorders.lifecycle import EVALUATIONS, STATUS_NAMES, PermissionDenied, check_role, next_status
from hotline.workorders.record import (
    FIELD_LIMITS,
    REQUEST_TYPE_NAMES,
    REQUEST_TYPES,
    record_from_row,
    validate_record,
)
from hotline.workorders.routing import routing_table
from hotline.workorders.sla import sla_table
from hotline.workorders.taxonomy import taxonomy

# statuses in which the handling unit still owes the citizen a reply (the deadline runs)
ACTIVE = frozenset({"registered", "accepted", "assigned", "reopened"})


@dataclass
class WorkOrderDraft:
    """What the intake collected; validated and bounded before anything is written."""

    idempotency_key: str
    channel: str
    sender_id: str
    request_type: str
    category_path: str
    description: str
    category_source: str = "predicted"
    category_confidence: float | None = None
    title: str | None = None
    location: Location = field(default_factory=Location)
    occurred_text: str | None = None
    occurred_at: datetime | None = None
    citizen_name: str | None = None
    phone: str | None = None
    id_number: str | None = None
    confidential: bool = False
    reply_wanted: bool = True
    attachments: list[dict[str, Any]] = field(default_factory=list)
    screening: dict[str, Any] = field(default_factory=lambda: {"verdict": "accept", "civility": False})
    related: list[str] = field(default_factory=list)
    transcript_ref: str | None = None
    transcript: list[dict[str, Any]] | None = None

    def problems(self) -> list[str]:
        """Everything wrong with the draft, in words a caller can act on (empty when it can be stored)."""
        out = []
        if self.request_type not in REQUEST_TYPES:
            out.append(f"unknown request type '{self.request_type}'")
        if self.category_path not in taxonomy():
            out.append(f"unknown category '{self.category_path}'")
        if not (self.description or "").strip():
            out.append("empty description")
        if not self.idempotency_key or not self.sender_id or not self.channel:
            out.append("idempotency key, sender and channel are required")
        if self.phone is not None and normalise_phone(self.phone) is None:
            out.append(f"'{self.phone}' is not a mobile number or a landline number with its area code")
        if self.id_number is not None and not valid_id_number(self.id_number):
            out.append("the ID number is not a valid resident ID number")
        if self.category_source not in ("predicted", "citizen", "staff"):
            out.append(f"unknown category source '{self.category_source}'")
        loc = self.location
        for name, value in (("idempotency_key", self.idempotency_key), ("channel", self.channel),
                            ("sender_id", self.sender_id), ("citizen_name", self.citizen_name),
                            ("title", self.title), ("description", self.description),
                            ("city", loc.city), ("district", loc.district), ("street", loc.street),
                            ("estate", loc.estate), ("address", loc.address), ("location_text", loc.text),
                            ("occurred_text", self.occurred_text), ("transcript_ref", self.transcript_ref)):
            limit = FIELD_LIMITS[name]
            if isinstance(value, str) and len(value) > limit:
                out.append(f"{name} is longer than {limit} characters ({len(value)})")
            elif value is not None and not isinstance(value, str):
                out.append(f"{name} must be text")
        if not isinstance(self.attachments, list) or not isinstance(self.related, list):
            out.append("attachments and related must be lists")
        return out


FIELD_NAMES = {"description": "诉求内容", "request_type": "诉求类型", "category_l1": "诉求分类", "category_l2": "诉求分类",
               "category_l3": "诉求分类", "citizen_name": "称呼", "phone": "联系电话", "confidential": "是否保密",
               "reply_wanted": "是否答复", "city": "地点", "district": "地点", "street": "地点", "estate": "地点",
               "address": "地点", "occurred_text": "发生时间"}


class DraftError(ValueError):
    pass


class ConflictError(RuntimeError):
    """Someone else changed the order since it was read: nothing was written."""


ROUTES = ("litigation", "arbitration", "labor_arbitration", "administrative_review", "discipline_inspection")


def _bounded_text(value: Any, limit: int, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise DraftError(f"'{name}' must be text of at most {limit} characters")
    return value.strip() or None


@dataclass(frozen=True)
class Created:
    record: dict[str, Any]
    created: bool  # False when the same submission had already been stored


def _title(description: str) -> str:
    first = description.strip().replace("\n", " ")
    for stop in "。！？!?；;":
        first = first.split(stop)[0]
    return first[:40] + ("…" if len(first) > 40 else "")


class WorkOrders:
    def __init__(self, engine: Engine | None = None):
        self.engine = engine or sql.engine()

    def create(self, draft: WorkOrderDraft, now: datetime | None = None) -> Created:
        problems = draft.problems()
        if problems:
            raise DraftError("; ".join(problems))
        existing = self.by_idempotency_key(draft.idempotency_key)
        if existing:
            return Created(existing, False)
        now = now or utcnow()
        local = to_local(now)
        cat = taxonomy().get(draft.category_path)
        loc = draft.location
        unit = routing_table().unit_for(cat.path, loc)
        deadline_local = sla_table().deadline(draft.request_type, cat.path, local)
        deadline = deadline_local.astimezone(timezone.utc).replace(tzinfo=None)
        day = local.strftime("%Y%m%d")
        values = dict(
            idempotency_key=draft.idempotency_key, channel=draft.channel,
            sender_id=draft.sender_id, citizen_name=draft.citizen_name,
            phone=normalise_phone(draft.phone) if draft.phone else None, id_number=draft.id_number,
            confidential=draft.confidential, reply_wanted=draft.reply_wanted,
            request_type=draft.request_type, category_l1=cat.level1, category_l2=cat.level2,
            category_l3=cat.level3, category_source=draft.category_source,
            category_confidence=draft.category_confidence,
            # a title is shown in lists and feeds: never with the phone or ID number the text may hold
            title=(draft.title or _title(mask_text(draft.description)))[: FIELD_LIMITS["title"]],
            description=draft.description.strip(),
            city=loc.city, district=loc.district, street=loc.street, estate=loc.estate, address=loc.address,
            location_text=loc.text or None, occurred_text=draft.occurred_text,
            occurred_at=draft.occurred_at, attachments=draft.attachments, screening=draft.screening,
            related=draft.related, handling_unit=unit[: FIELD_LIMITS["handling_unit"]], sla_deadline=deadline,
            status="accepted", supervised=False, latest_reply=None,
            transcript_ref=draft.transcript_ref, created_at=now, updated_at=now, transcript=draft.transcript,
        )
        # the record is checked against its schema before it is written, never after
        preview = record_from_row({**values, "number": f"{gazetteer().region_code}{day}000000"}, [
            {"seq": 1, "action": "register", "status_before": None, "status_after": "registered",
             "actor": "intake", "note": None, "at": now}])
        try:
            validate_record(preview)
        except Exception as e:
            raise DraftError(f"the work order does not fit its schema: {getattr(e, 'message', e)}") from e
        for _ in range(20):
            number = f"{gazetteer().region_code}{day}{secrets.randbelow(1_000_000):06d}"
            try:
                with self.engine.begin() as conn:
                    order_id = conn.execute(sql.work_orders.insert().values(
                        number=number, **{**values, "status": "registered"})).inserted_primary_key[0]
                    self._event(conn, order_id, "", "register", f"{draft.channel}:{draft.sender_id}",
                                "网上渠道登记", now, role="citizen", number=number)
                    self._event(conn, order_id, "registered", "accept", "intake-assistant",
                                f"筛查通过，拟转办{unit}", now, role="system", number=number)
                break
            except IntegrityError:
                # a concurrent retry of the same submission won the race: return its order
                existing = self.by_idempotency_key(draft.idempotency_key)
                if existing:
                    return Created(existing, False)
                # else the random number was taken that day: draw another
        else:
            raise RuntimeError("no free work-order number after 20 draws")
        return Created(self.get(number), True)

    def supplement(self, number: str, draft: WorkOrderDraft, actor: str, now: datetime | None = None) -> list[str]:
        """A submission repeated with changes (the first one was stored, the citizen edited before seeing the
        number): the changed fields are updated and an append-only "supplement" event names them. Returns
        the names of the fields that changed."""
        now = now or utcnow()
        problems = draft.problems()
        if problems:
            raise DraftError("; ".join(problems))
        record = self.get(number)
        if record is None:
            raise KeyError(number)
        cat = taxonomy().get(draft.category_path)
        loc = draft.location
        new = {"description": draft.description.strip(), "request_type": draft.request_type,
               "category_l1": cat.level1, "category_l2": cat.level2, "category_l3": cat.level3,
               "citizen_name": draft.citizen_name, "phone": normalise_phone(draft.phone) if draft.phone else None,
               "confidential": draft.confidential, "reply_wanted": draft.reply_wanted,
               "city": loc.city, "district": loc.district, "street": loc.street, "estate": loc.estate,
               "address": loc.address, "occurred_text": draft.occurred_text}
        old = {"description": record["description"], "request_type": record["request_type"],
               "category_l1": record["category"]["level1"], "category_l2": record["category"]["level2"],
               "category_l3": record["category"]["level3"], "citizen_name": record["citizen"]["name"],
               "phone": record["citizen"]["phone"], "confidential": record["citizen"]["confidential"],
               "reply_wanted": record["citizen"]["reply_wanted"], **{k: record["location"].get(k) for k in
               ("city", "district", "street", "estate", "address")}, "occurred_text": record["occurred"]["text"]}
        changed = [k for k in new if new[k] != old[k]]
        if not changed:
            return []
        with self.engine.begin() as conn:
            order_id = conn.execute(select(sql.work_orders.c.id).where(sql.work_orders.c.number == number)
                                    ).scalar_one()
            conn.execute(update(sql.work_orders).where(sql.work_orders.c.id == order_id)
                         .values(**{k: new[k] for k in changed}, updated_at=now,
                                 version=sql.work_orders.c.version + 1))
            self._event(conn, order_id, record["status"], "supplement", actor,
                        "市民补充更正：" + "、".join(FIELD_NAMES.get(k, k) for k in changed), now, role="citizen",
                        data={"fields": sorted(set(changed))}, number=number)
        return changed

    def _event(self, conn: Connection, order_id: int, current: str, action: str, actor: str,
               note: str | None, at: datetime, role: str = "system", data: dict | None = None,
               number: str | None = None) -> str:
        """Appends one event and its outbox entry, in the caller's transaction; returns the new status."""
        after = next_status(current, action)
        seq = conn.execute(select(sql.work_order_events.c.seq).where(
            sql.work_order_events.c.order_id == order_id).order_by(sql.work_order_events.c.seq.desc())
            .limit(1)).scalar() or 0
        conn.execute(sql.work_order_events.insert().values(
            order_id=order_id, seq=seq + 1, action=action, status_before=current or None, status_after=after,
            actor=actor, note=note, at=at, role=role, data=data))
        conn.execute(update(sql.work_orders).where(sql.work_orders.c.id == order_id)
                     .values(status=after, updated_at=at))
        if number is None:
            number = conn.execute(select(sql.work_orders.c.number).where(sql.work_orders.c.id == order_id)).scalar_one()
        conn.execute(sql.outbox.insert().values(
            order_number=number, event_seq=seq + 1, action=action, created_at=at,
            payload={"number": number, "seq": seq + 1, "action": action, "status_before": current or None,
                     "status_after": after, "actor": actor, "role": role, "note": note, "data": data,
                     "at": to_local(at).isoformat(timespec="seconds")}))
        return after

    def apply(self, number: str, action: str, *, actor: str, role: str, note: str | None = None,
              data: dict[str, Any] | None = None, unit: str | None = None, expected_version: int | None = None,
              now: datetime | None = None) -> dict[str, Any]:
        """Takes one lifecycle action on an order: checks the role, the transition and what the action needs,
        then writes the change, its event and its outbox entry in one transaction. A change made on a stale
        copy (`expected_version`, or another writer in between) raises ConflictError; nothing is written."""
        now = now or utcnow()
        data = dict(data or {})
        check_role(role, action)
        note = _bounded_text(note, 2000, "note")
        with self.engine.begin() as conn:
            row = conn.execute(select(sql.work_orders.c.id, sql.work_orders.c.status, sql.work_orders.c.version,
                                      sql.work_orders.c.handling_unit)
                               .where(sql.work_orders.c.number == number.strip().upper())).mappings().first()
            if row is None:
                raise KeyError(number)
            if role == "handling_unit" and unit != row["handling_unit"]:
                raise PermissionDenied(f"the order is handled by {row['handling_unit']}, not by {unit}")
            if expected_version is not None and expected_version != row["version"]:
                raise ConflictError(f"the order changed (version {row['version']}, not {expected_version}); reload it")
            next_status(row["status"], action)  # refuse before anything is written
            changes = self._changes(action, data, note)
            if action == "reopen" and not (note or data.get("reason")):
                raise DraftError("a reopened order needs the reason (note)")
            if action == "return" and not note:
                raise DraftError("a returned order needs the reason (note)")
            result = conn.execute(update(sql.work_orders).where(
                (sql.work_orders.c.id == row["id"]) & (sql.work_orders.c.version == row["version"]))
                .values(version=row["version"] + 1, updated_at=now, **changes))
            if result.rowcount != 1:
                raise ConflictError("the order was changed by someone else at the same moment; reload it")
            self._event(conn, row["id"], row["status"], action, actor, note, now, role=role, data=data or None,
                        number=number.strip().upper())
        return self.get(number)

    @staticmethod
    def _changes(action: str, data: dict[str, Any], note: str | None) -> dict[str, Any]:
        """The record's fields an action changes, from what it carries (checked and bounded)."""
        if action == "assign":
            unit = data.get("unit")
            if not isinstance(unit, str) or not unit.strip() or len(unit) > FIELD_LIMITS["handling_unit"]:
                raise DraftError(f"'assign' needs the handling unit ('unit', at most {FIELD_LIMITS['handling_unit']} characters)")
            return {"handling_unit": unit.strip()}
        if action == "reply":
            reply = data.get("reply") or note
            if not isinstance(reply, str) or not reply.strip() or len(reply) > 5000:
                raise DraftError("'reply' needs the reply text ('reply', at most 5000 characters)")
            data["reply"] = reply.strip()
            return {"latest_reply": reply.strip()}
        if action == "evaluate":
            if data.get("evaluation") not in EVALUATIONS:
                raise DraftError(f"'evaluate' needs 'evaluation', one of {', '.join(EVALUATIONS)}")
            return {"evaluation": data["evaluation"]}
        if action == "supervise":
            return {"supervised": True}
        if action == "mediate":
            if data.get("outcome") not in ("failed", "succeeded"):
                raise DraftError("'mediate' needs 'outcome': failed or succeeded")
        if action == "advise":
            if data.get("route") not in ROUTES:
                raise DraftError(f"'advise' needs 'route', one of {', '.join(ROUTES)}")
        if action == "supplement":
            text = data.get("text") or note
            if not isinstance(text, str) or not text.strip() or len(text) > 5000:
                raise DraftError("'supplement' needs the text the citizen adds (at most 5000 characters)")
        if action == "close":
            return {"supervised": False}
        if action == "reopen":
            return {"supervised": False}
        return {}

    # -- reading
    def _row(self, conn: Connection, where) -> dict[str, Any] | None:
        row = conn.execute(select(sql.work_orders).where(where)).mappings().first()
        if row is None:
            return None
        events = conn.execute(select(sql.work_order_events).where(
            sql.work_order_events.c.order_id == row["id"]).order_by(sql.work_order_events.c.seq)
        ).mappings().all()
        return record_from_row(dict(row), [dict(e) for e in events])

    def get(self, number: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            return self._row(conn, sql.work_orders.c.number == number.strip().upper())

    def by_idempotency_key(self, key: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            return self._row(conn, sql.work_orders.c.idempotency_key == key)

    def search(self, *, status: str | None = None, category: str | None = None, unit: str | None = None,
               district: str | None = None, overdue: bool | None = None, supervised: bool | None = None,
               overdue_first: bool = False, page: int = 1, per_page: int = 20,
               now: datetime | None = None) -> tuple[list[dict[str, Any]], int]:
        """A page of order summaries matching the filters, newest first (overdue first when asked), and the
        number of all matching orders."""
        from sqlalchemy import case, func

        now = now or utcnow()
        t = sql.work_orders
        late = (t.c.sla_deadline < now) & t.c.status.in_(sorted(ACTIVE))
        where = []
        if status:
            where.append(t.c.status == status)
        if category:
            level1, _, rest = category.partition("/")
            where.append(t.c.category_l1 == level1)
            if rest:
                level2, _, level3 = rest.partition("/")
                where.append(t.c.category_l2 == level2)
                if level3:
                    where.append(t.c.category_l3 == level3)
        if unit:
            where.append(t.c.handling_unit == unit)
        if district:
            where.append(t.c.district == district)
        if overdue is not None:
            where.append(late if overdue else ~late)
        if supervised is not None:
            where.append(t.c.supervised.is_(supervised))
        query = select(t.c.number, t.c.title, t.c.status, t.c.request_type, t.c.category_l1, t.c.category_l2,
                       t.c.category_l3, t.c.city, t.c.district, t.c.handling_unit, t.c.sla_deadline, t.c.supervised,
                       t.c.created_at, t.c.updated_at, t.c.version, late.label("overdue"))
        count = select(func.count()).select_from(t)
        for w in where:
            query, count = query.where(w), count.where(w)
        order = [case((late, 0), else_=1)] if overdue_first else []
        query = query.order_by(*order, t.c.id.desc()).limit(per_page).offset((page - 1) * per_page)
        with self.engine.connect() as conn:
            total = conn.execute(count).scalar_one()
            rows = conn.execute(query).mappings().all()
        return [{"number": r["number"], "title": r["title"], "status": r["status"],
                 "request_type": r["request_type"],
                 "category": f"{r['category_l1']}/{r['category_l2']}/{r['category_l3']}",
                 "city": r["city"], "district": r["district"], "handling_unit": r["handling_unit"],
                 "sla_deadline": to_local(r["sla_deadline"]).isoformat(timespec="seconds"),
                 "overdue": bool(r["overdue"]), "supervised": bool(r["supervised"]),
                 "created_at": to_local(r["created_at"]).isoformat(timespec="seconds"),
                 "version": r["version"]} for r in rows], total

    def of_citizen(self, sender_id: str | None, phones: list[str], since: datetime | None = None,
                   limit: int = 50) -> list[dict[str, Any]]:
        """The citizen's orders, newest first: filed from this chat account or with one of these phone
        numbers (normalised), registered after `since`."""
        who = []
        if sender_id:
            who.append(sql.work_orders.c.sender_id == sender_id)
        numbers = sorted({p for p in (normalise_phone(p) for p in phones) if p})
        if numbers:
            who.append(sql.work_orders.c.phone.in_(numbers))
        if not who:
            return []
        query = select(sql.work_orders.c.number).where(or_(*who))
        if since is not None:
            query = query.where(sql.work_orders.c.created_at >= since)
        with self.engine.connect() as conn:
            found = conn.execute(query.order_by(sql.work_orders.c.id.desc()).limit(limit)).scalars().all()
            return [self._row(conn, sql.work_orders.c.number == n) for n in found]

    def for_sender(self, sender_id: str, limit: int = 10) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            numbers = conn.execute(select(sql.work_orders.c.number).where(
                sql.work_orders.c.sender_id == sender_id).order_by(sql.work_orders.c.id.desc())
                .limit(limit)).scalars().all()
            return [self._row(conn, sql.work_orders.c.number == n) for n in numbers]


def describe_status(record: dict[str, Any]) -> str:
    """What the citizen who filed an order is told about its progress (only that citizen: see
    bot/actions/service.py)."""
    deadline = datetime.fromisoformat(record["sla_deadline"])
    what = f"（{REQUEST_TYPE_NAMES.get(record['request_type'], '')}：{record['title']}）"
    parts = [f"工单 {record['number']}{what}当前状态：{STATUS_NAMES.get(record['status'], record['status'])}",
             f"承办单位：{record['handling_unit']}",
             f"答复期限：{deadline.month}月{deadline.day}日{deadline:%H:%M}前"]
    if record.get("latest_reply"):
        parts.append(f"最新答复：{record['latest_reply']}")
    else:
        parts.append("最新答复：暂无，承办单位正在办理")
    return "；".join(parts) + "。"
