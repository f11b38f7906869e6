"""The intake dialogue: from a citizen's first words to a committed work order."""
from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import (
    REQUEST_INTENTS,
    act_on_screening,
    channel_of,
    classifier,
    latest_intent,
    latest_text,
    work_orders,
)
from hotline.clock import LOCAL_TZ, to_local, utcnow
from hotline.language.places import gazetteer
from hotline.language.times import parse_occurred
from hotline.screening.screener import screen
from hotline.workorders.orders import DraftError, WorkOrderDraft
from hotline.workorders.record import REQUEST_TYPE_NAMES
from hotline.workorders.taxonomy import taxonomy

INTAKE_SLOTS = ["request_type", "description", "category", "category_suggestions", "location", "occurred_time",
                "citizen_name", "phone", "confidential", "reply_wanted", "intake_id", "civility"]
SLOT_LABELS = {"location": "地点", "occurred_time": "时间", "citizen_name": "称呼", "phone": "联系电话",
               "category": "诉求分类"}
FULLWIDTH_DIGITS = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}
PHONE_IN_TEXT = re.compile(r"(?<!\d)(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")
MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
NO_PHONE = re.compile(r"不留|不方便|不想留|不想给|没有电话|没电话|不提供|保密")
NAME_PREFIX = re.compile(r"^(我叫|我是|叫我|本人|我姓|姓)")
MIN_DESCRIPTION_CHARS = 4
VAGUE_TIME_OK = re.compile(r"\d|[昨前今]天|[昨今]晚|前|开始|以来|[天周月年]|星期|礼拜|刚才|刚刚")
NOT_NAMES = {"是", "是的", "否", "好", "好的", "对", "对的", "可以", "行", "嗯", "不", "不是", "不用", "不要", "需要",
             "不需要", "没有", "不知道", "不方便", "算了"}
OTHER_ENTITIES = {"location", "time", "person_name", "phone", "order_number"}


def _category_label(path: str | None) -> str:
    c = taxonomy().get(path or "")
    return c.label if c else "未分类"


def _suggestions(text: str) -> list[str]:
    return [g.path for g in classifier().predict(text, k=3)]


class ActionStartIntake(Action):
    """Opens an intake from a request: request type from the intent, description from the citizen's words
    (abusive words masked), a category predicted from them; the form then asks for the rest."""

    def name(self) -> str:
        return "action_start_intake"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        text = latest_text(tracker).strip()
        intent = latest_intent(tracker)
        request_type = REQUEST_INTENTS.get(intent)
        if request_type is None:
            # an unclear intent: the best request intent DIET saw, else a complaint (the most common type)
            ranking = (tracker.latest_message or {}).get("intent_ranking") or []
            request_type = next((REQUEST_INTENTS[r["name"]] for r in ranking if r.get("name") in REQUEST_INTENTS),
                                "complaint")
        s = screen(text)
        act_on_screening(dispatcher, tracker, text, s)  # the civility reminder, when a swear word was masked
        if len(re.findall(r"[\u4e00-\u9fffA-Za-z]", text)) < MIN_DESCRIPTION_CHARS:
            # too little to register: ask again instead of opening the form
            dispatcher.utter_message(response="utter_please_rephrase")
            return [FollowupAction("action_listen")]
        return [
            SlotSet("request_type", request_type),
            SlotSet("description", s.masked_text.strip()),
            SlotSet("category_suggestions", _suggestions(s.masked_text)),
            SlotSet("category", None),
            SlotSet("intake_id", uuid.uuid4().hex),
            SlotSet("civility", s.civility),
            SlotSet("awaiting_confirmation", False),
        ]


class ActionAskCategory(Action):
    """Shows the predicted category and lets the citizen confirm or correct it with buttons."""

    def name(self) -> str:
        return "action_ask_category"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        suggestions = tracker.get_slot("category_suggestions") or _suggestions(tracker.get_slot("description") or "")
        kind = REQUEST_TYPE_NAMES.get(tracker.get_slot("request_type") or "", "诉求")
        buttons = [{"title": "是的，分类正确", "payload": "/affirm"}]
        for path in suggestions[1:]:
            buttons.append({"title": f"改为：{_category_label(path)}",
                            "payload": f'/inform{{"category": "{path}"}}'})
        buttons.append({"title": "都不对，我来选", "payload": "/deny"})
        dispatcher.utter_message(
            text=f"已记录您的{kind}。根据您的描述，诉求分类为「{_category_label(suggestions[0])}」，对吗？",
            buttons=buttons)
        return [SlotSet("category_suggestions", suggestions)]


class ValidateIntakeForm(FormValidationAction):
    def name(self) -> str:
        return "validate_intake_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        text = latest_text(tracker)
        answer = screen(text)
        if answer.verdict == "accept" and not text.startswith("/"):
            # an answer is substance: it resets the no-substance count (and a swear word in it is recorded)
            act_on_screening(dispatcher, tracker, text, answer)
        events = await super().run(dispatcher, tracker, domain)
        self._announce_corrections(dispatcher, tracker, events)
        return events

    @staticmethod
    def _announce_corrections(dispatcher: CollectingDispatcher, tracker: Tracker,
                              events: list[EventType]) -> None:
        """"地址说错了，是…": a slot that had a value and was not being asked for is confirmed back."""
        requested = tracker.get_slot("requested_slot")
        # values as they stood before the latest user message
        before: dict[str, Any] = {}
        seen_latest_user = False
        for e in reversed(tracker.events):
            if e.get("event") == "user" and not seen_latest_user:
                seen_latest_user = True
                continue
            if seen_latest_user and e.get("event") == "slot" and e.get("name") in SLOT_LABELS:
                before.setdefault(e["name"], e.get("value"))
        for e in events:
            name = e.get("name")
            if (e.get("event") == "slot" and name in SLOT_LABELS and name != requested and before.get(name)
                    and e.get("value") and e.get("value") != before.get(name)):
                value = _category_label(e["value"]) if name == "category" else e["value"]
                dispatcher.utter_message(text=f"好的，已将{SLOT_LABELS[name]}更正为：{value}。")

    # -- category: confirmed by "yes", chosen by a button, or named in the citizen's words
    async def extract_category(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "category" or tracker.active_loop_name != "intake_form":
            return {}
        intent = latest_intent(tracker)
        chosen = next((e.get("value") for e in (tracker.latest_message or {}).get("entities", [])
                       if e.get("entity") == "category"), None)
        if chosen:
            return {"category": self._resolve(str(chosen), tracker)}
        if intent == "affirm":
            suggestions = tracker.get_slot("category_suggestions") or []
            return {"category": suggestions[0]} if suggestions else {}
        if intent == "deny":
            dispatcher.utter_message(
                text="请选择最接近的大类，我们会据此确定具体分类：",
                buttons=[{"title": name, "payload": f'/inform{{"category": "{name}"}}'}
                         for name in taxonomy().level1])
            return {}
        named = self._named_in(latest_text(tracker))
        return {"category": self._resolve(named, tracker)} if named else {}

    @staticmethod
    def _named_in(text: str) -> str | None:
        tax = taxonomy()
        for name in sorted(tax.level1, key=len, reverse=True):
            if name in text:
                return name
        for c in tax.categories:
            if c.level3 != "其他" and c.level3 in text:
                return c.path
        return None

    @staticmethod
    def _resolve(chosen: str, tracker: Tracker) -> str | None:
        tax = taxonomy()
        if chosen in tax:
            return tax.get(chosen).path
        if chosen in tax.level1:
            # a level-1 choice: the leaf that fits the description best within it
            return classifier().leaf_for(tracker.get_slot("description") or "", chosen).path
        return None

    def validate_category(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> dict[str, Any]:
        if value and str(value) in taxonomy():
            return {"category": str(value)}
        return {"category": None}

    @staticmethod
    def _answers_something_else(tracker: Tracker, slot: str, own_entities: set) -> bool:
        """A from_text fill of `slot` from a message that carried an entity of another slot and none of
        its own ("上周三开始" while the name was asked) is not an answer to `slot`."""
        if tracker.get_slot("requested_slot") != slot:
            return False
        found = {e.get("entity") for e in (tracker.latest_message or {}).get("entities", [])}
        return bool(found & (OTHER_ENTITIES - own_entities)) and not (found & own_entities)

    def validate_location(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> dict[str, Any]:
        text = str(value or "").strip()
        # DIET may return a stray one-character "place" beside the real one: the one naming a city or
        # district, else the longest, wins
        found = [str(e.get("value") or "") for e in (tracker.latest_message or {}).get("entities", [])
                 if e.get("entity") == "location"]
        if len(found) > 1:
            places = gazetteer()
            text = max(found, key=lambda v: (bool(places.find(v).district or places.find(v).city), len(v))).strip()
        if self._answers_something_else(tracker, "location", {"location"}):
            return {"location": None}
        if len(re.sub(r"\W", "", text)) < 2:
            dispatcher.utter_message(text="地点信息太简单了，请说明具体在哪个区县、哪条路或哪个小区。")
            return {"location": None}
        if tracker.get_slot("requested_slot") != "location":
            # a place mentioned in passing ("小区门口") is kept only when it names a city or district
            found = gazetteer().find(text)
            if not (found.city or found.district):
                return {"location": None}
        return {"location": text[:200]}

    def validate_occurred_time(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> dict[str, Any]:
        text = str(value or "").strip()
        if self._answers_something_else(tracker, "occurred_time", {"time"}):
            return {"occurred_time": None}
        if tracker.get_slot("requested_slot") != "occurred_time" and not VAGUE_TIME_OK.search(text):
            # "晚上" in a description is not when it happened: ask
            return {"occurred_time": None}
        return {"occurred_time": text[:100] if text else None}

    def validate_citizen_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> dict[str, Any]:
        if self._answers_something_else(tracker, "citizen_name", {"person_name"}):
            return {"citizen_name": None}
        name = NAME_PREFIX.sub("", str(value or "").strip()).strip("，。,. ")
        if not name or len(name) > 20 or name in NOT_NAMES or not re.search(r"[\u4e00-\u9fffA-Za-z]", name):
            dispatcher.utter_message(text="请告诉我怎么称呼您，例如“王女士”或“李先生”；不愿透露也可以回复“匿名”。")
            return {"citizen_name": None}
        return {"citizen_name": name}

    def validate_confidential(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> dict[str, Any]:
        return {"confidential": bool(value)}

    def validate_reply_wanted(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> dict[str, Any]:
        return {"reply_wanted": bool(value)}

    def validate_phone(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> dict[str, Any]:
        raw = str(value or "")
        # several extractors may each return a piece of the number: the citizen's whole number wins
        whole = PHONE_IN_TEXT.search(latest_text(tracker).translate(FULLWIDTH_DIGITS))
        if whole:
            raw = whole.group(0)
        if self._answers_something_else(tracker, "phone", {"phone"}):
            return {"phone": None}
        if NO_PHONE.search(raw) and not re.search(r"\d{7,}", raw):
            dispatcher.utter_message(text="好的，不留电话也可以登记，但承办单位将无法电话联系和答复您。")
            return {"phone": "未提供", "reply_wanted": False}
        digits = re.sub(r"[^\d-]", "", raw.translate(FULLWIDTH_DIGITS))
        compact = digits.replace("-", "")
        if MOBILE.match(compact):
            return {"phone": compact}
        if LANDLINE.match(digits) or LANDLINE.match(compact):
            return {"phone": digits if "-" in digits else compact}
        dispatcher.utter_message(response="utter_invalid_phone")
        return {"phone": None}


def _summary(tracker: Tracker) -> str:
    confidential = tracker.get_slot("confidential")
    reply = tracker.get_slot("reply_wanted")
    loc = gazetteer().find(tracker.get_slot("location"))
    return "\n".join([
        "请确认您的诉求信息：",
        f"诉求类型：{REQUEST_TYPE_NAMES.get(tracker.get_slot('request_type') or '', '')}",
        f"诉求分类：{_category_label(tracker.get_slot('category'))}",
        f"诉求内容：{tracker.get_slot('description')}",
        f"发生地点：{loc.label}",
        f"发生时间：{tracker.get_slot('occurred_time')}",
        f"称呼：{tracker.get_slot('citizen_name')}",
        f"联系电话：{tracker.get_slot('phone')}",
        f"是否保密：{'是' if confidential else '否'}",
        f"是否需要答复：{'是' if reply else '否'}",
    ])


class ActionIntakeSummary(Action):
    def name(self) -> str:
        return "action_intake_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        if not tracker.get_slot("intake_id"):
            dispatcher.utter_message(response="utter_nothing_to_confirm")
            return [SlotSet("awaiting_confirmation", False)]
        dispatcher.utter_message(text=_summary(tracker), buttons=[
            {"title": "确认提交", "payload": "/affirm"},
            {"title": "需要修改", "payload": "/deny"},
            {"title": "取消", "payload": "/cancel"},
        ])
        return [SlotSet("awaiting_confirmation", True)]


class ActionSubmitIntake(Action):
    """Writes the work order; the number and deadline are told only after the commit. A retried submission
    (same intake id) returns the order already stored."""

    def name(self) -> str:
        return "action_submit_intake"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        intake_id = tracker.get_slot("intake_id")
        if not intake_id or not tracker.get_slot("description"):
            dispatcher.utter_message(response="utter_nothing_to_confirm")
            return [SlotSet("awaiting_confirmation", False)]
        now = utcnow()
        occurred_text = tracker.get_slot("occurred_time")
        occurred_day = parse_occurred(occurred_text, to_local(now).date())
        occurred_at = None
        if occurred_day:
            occurred_at = (datetime(occurred_day.year, occurred_day.month, occurred_day.day, tzinfo=LOCAL_TZ)
                           .astimezone(timezone.utc).replace(tzinfo=None))
        phone = tracker.get_slot("phone")
        name = tracker.get_slot("citizen_name")
        suggestions = tracker.get_slot("category_suggestions") or []
        category = tracker.get_slot("category")
        draft = WorkOrderDraft(
            idempotency_key=f"{tracker.sender_id}:{intake_id}",
            channel=channel_of(tracker),
            sender_id=tracker.sender_id,
            request_type=tracker.get_slot("request_type") or "complaint",
            category_path=category,
            category_source="predicted" if suggestions and suggestions[0] == category else "citizen",
            description=tracker.get_slot("description"),
            location=gazetteer().find(tracker.get_slot("location")),
            occurred_text=occurred_text,
            occurred_at=occurred_at,
            citizen_name=None if name in (None, "匿名") else name,
            phone=None if phone in (None, "未提供") else phone,
            confidential=bool(tracker.get_slot("confidential")),
            reply_wanted=bool(tracker.get_slot("reply_wanted")),
            screening={"verdict": "accept", "civility": bool(tracker.get_slot("civility"))},
            transcript_ref=f"rasa:/conversations/{tracker.sender_id}/tracker",
        )
        try:
            result = work_orders().create(draft, now=now)
        except DraftError:
            dispatcher.utter_message(text="抱歉，诉求信息不完整，暂时无法提交，请补充后再试或拨打12345。")
            return [SlotSet("awaiting_confirmation", False)]
        record = result.record
        deadline = datetime.fromisoformat(record["sla_deadline"])
        dispatcher.utter_message(
            text=(f"您的诉求已受理，工单号：{record['number']}。我们将转交{record['handling_unit']}办理，"
                  f"答复期限为{deadline.year}年{deadline.month}月{deadline.day}日{deadline:%H:%M}前（按工作日计算）。"
                  "您可以随时发送工单号查询办理进度。"),
            custom={"work_order": {"number": record["number"], "status": record["status"],
                                   "handling_unit": record["handling_unit"],
                                   "sla_deadline": record["sla_deadline"],
                                   "category": _category_label(category)}})
        return [SlotSet(s, None) for s in INTAKE_SLOTS] + [SlotSet("awaiting_confirmation", False)]


class ActionResetIntake(Action):
    def name(self) -> str:
        return "action_reset_intake"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        return [SlotSet(s, None) for s in INTAKE_SLOTS] + [SlotSet("awaiting_confirmation", False),
                                                           SlotSet("requested_slot", None)]
