"""The intake dialogue: from a citizen's first words to a committed work order.

The first message that holds a matter is the description; what it already says (place, time, name, phone,
ID number, request type, category) is taken from it by hotline.intake.opening, and the form asks only for
what is still missing. Every later answer is read the same way, so an answer with more than was asked fills
more than one slot. Request type and category are predicted and shown in the summary, where the citizen
confirms or corrects them."""
from __future__ import annotations

import asyncio
import re
import uuid
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import (
    act_on_screening,
    channel_of,
    classifier,
    history_rules,
    latest_intent,
    latest_text,
    log,
    screener,
    screening_of,
    work_orders,
)
from hotline.clock import LOCAL_TZ, to_local, utcnow
from hotline.intake.opening import Opening, content_chars, is_matter, read
from hotline.intake.request_type import default_request_types
from hotline.language.identifiers import find_all, normalise_phone
from hotline.language.names import as_answer
from hotline.language.places import Location, gazetteer
from hotline.screening.records import ScreeningRecords
from hotline.workorders.history import MEDIATION, NO_NEW_EVIDENCE, EarlierMatter
from hotline.workorders.orders import DraftError, WorkOrderDraft
from hotline.workorders.record import REQUEST_TYPE_NAMES
from hotline.workorders.taxonomy import taxonomy

INTAKE_SLOTS = ["request_type", "description", "category", "category_suggestions", "location", "location_parts",
                "occurred_time", "occurred_at", "citizen_name", "phone", "id_number", "confidential",
                "reply_wanted", "intake_id", "civility", "attempts", "new_evidence", "related"]
NOT_ASKED = "-"  # new_evidence when no earlier closed order makes the question necessary
SLOT_LABELS = {"location": "地点", "occurred_time": "时间", "citizen_name": "称呼", "phone": "联系电话"}
MIN_DESCRIPTION_CHARS = 4
# intents whose message the form must not read as an answer (the rules answer them)
NOT_ANSWERS = {"cancel", "request_human", "check_status", "out_of_scope", "screen_emergency", "screen_legal_route",
               "screen_abusive", "screen_no_substance", "evaluate"}
# (add_information during an intake is an answer: "补充一下，是每天晚上十点以后" adds to this intake)
TYPE_WORDS = {"投诉": "complaint", "求助": "help", "咨询": "consultation", "建议": "suggestion", "举报": "report",
              "表扬": "praise", "感谢": "praise"}
CORRECTION = re.compile(r"说错|写错|改为|改成|更正|应该是|不是.{1,12}(是|在)")
NO_PHONE = re.compile(r"^(不留|不方便|不想留|不想给|没有|没电话|不提供|保密|算了|不用了?)")
ONGOING_ANSWER = re.compile(r"一直|长期|很久|好久|多年|不清楚|记不清|不记得|忘了|不知道")
NOT_NAMES = {"是", "是的", "否", "好", "好的", "对", "对的", "可以", "行", "嗯", "不", "不是", "不用", "不要", "需要",
             "不需要", "没有", "不知道", "不方便", "算了"}


def _category_label(path: str | None) -> str:
    c = taxonomy().get(path or "")
    return c.label if c else "未分类"


def _suggestions(text: str) -> list[str]:
    return [g.path for g in classifier().predict(text, k=3)]


def _location_slots(loc: Location) -> dict[str, Any]:
    parts = {k: v for k, v in loc.as_dict().items() if k != "text"}
    return {"location": loc.label or None, "location_parts": parts}


def _when_slots(opening: Opening) -> dict[str, Any]:
    w = opening.when
    if w is None:
        return {}
    return {"occurred_time": w.text, "occurred_at": w.start.isoformat() if w.start else None}


def merge_places(new: Location, parts: dict[str, Any] | None) -> Location:
    """A place given in two goes ("A市" first, then "A3区联丰路"): what the new answer lacks is kept."""
    old = parts or {}
    if not old:
        return new
    keep_old = not new.city or new.city == old.get("city") or (new.district and not old.get("district"))
    city = new.city or (old.get("city") if keep_old else None)
    if new.district is None and old.get("district") and (not new.city or new.city == old.get("city")):
        district, street = old.get("district"), new.street or old.get("street")
    else:
        district, street = new.district, new.street
    return Location(city, district, street, new.address or old.get("address"), new.text, new.estate or old.get("estate"))


def facts_to_slots(opening: Opening, only_missing: dict[str, Any]) -> dict[str, Any]:
    """The slots a message fills: only those not filled yet (`only_missing` holds the current values). A place
    without its county-level division is kept in part, and the form asks for the district."""
    out: dict[str, Any] = {}
    if (opening.location.known or opening.location.address) and not only_missing.get("location"):
        loc = merge_places(opening.location, only_missing.get("location_parts"))
        slots = _location_slots(loc)
        if not loc.district:
            slots["location"] = None  # asked for: which district
        out.update(slots)
    if opening.when and not only_missing.get("occurred_time"):
        out.update(_when_slots(opening))
    if opening.name and not only_missing.get("citizen_name"):
        out["citizen_name"] = opening.name
    if opening.phone and not only_missing.get("phone"):
        out["phone"] = opening.phone
        out["reply_wanted"] = True
    if opening.id_number and not only_missing.get("id_number"):
        out["id_number"] = opening.id_number
    return out


def _now_local() -> datetime:
    return to_local(utcnow()).replace(tzinfo=None)


def transcript_of(tracker: Tracker, limit: int = 60) -> list[dict[str, Any]]:
    """The conversation of this intake as staff read it: the citizen's and the bot's words, in order."""
    out: list[dict[str, Any]] = []
    for e in tracker.events:
        if e.get("event") in ("user", "bot") and (e.get("text") or "").strip():
            text = e["text"]
            if e["event"] == "user" and text.startswith("/"):
                continue  # a button's payload: the bot's next words say what it meant
            at = e.get("timestamp")
            out.append({"speaker": "citizen" if e["event"] == "user" else "bot", "text": text[:2000],
                        "at": to_local(datetime.fromtimestamp(at, timezone.utc).replace(tzinfo=None)).isoformat(
                            timespec="seconds") if isinstance(at, (int, float)) else None})
    return out[-limit:]


BACK_REFERENCE = re.compile(r"刚才说的|刚才说了|上面说的|上面写的|前面说的|同上|就是这个问题|就是我说的")


def earlier_matter(tracker: Tracker) -> str | None:
    """The citizen's last message before this one that stated a matter, since the last intake ended."""
    texts: list[str] = []
    for e in reversed(tracker.events):
        if e.get("event") == "action" and e.get("name") in ("action_submit_intake", "action_reset_intake",
                                                            "action_restart", "action_session_start"):
            break
        if e.get("event") == "user":
            texts.append(e.get("text") or "")
    for text in texts[1:]:  # the newest first, this message excluded
        if is_matter(text) and not text.startswith("/"):
            return text
    return None


async def earlier_matter_of(tracker: Tracker, text: str, phones: list[str], category: str | None,
                            district: str | None) -> EarlierMatter | None:
    """The citizen's earlier order about this matter that a history rule applies to (None as well when the
    store cannot be reached: the request is then taken, not lost)."""
    try:
        return await asyncio.to_thread(
            history_rules().earlier_matter, text, sender_id=tracker.sender_id, phones=phones,
            category=category, district=district)
    except Exception as e:
        log.error("history rules unavailable: %s", type(e).__name__)
        return None


async def not_accepted(dispatcher: CollectingDispatcher, tracker: Tracker, notice: str, reason: str,
                       related: str, text: str) -> list[EventType]:
    """Ends the intake with the notice; the decision is recorded like the gate's (verdict not_accepted)."""
    dispatcher.utter_message(text=notice, custom={"not_accepted": {"reason": reason, "related": related}})
    try:
        await asyncio.to_thread(ScreeningRecords(work_orders().engine).add, channel=channel_of(tracker),
                                sender_id=tracker.sender_id, verdict="not_accepted", reason=f"{reason}:{related}",
                                text=text)
    except Exception as e:
        log.error("screening record not written: %s", type(e).__name__)
    return ([SlotSet(s, None) for s in INTAKE_SLOTS]
            + [SlotSet("awaiting_confirmation", False), SlotSet("intake_ended", reason)])


def with_new_evidence(description: str, evidence: str) -> str:
    return f"{description}\n【新情况/新证据】{evidence}"


class ActionStartIntake(Action):
    """Opens an intake from a request: the description is the citizen's words (abusive words masked), and
    whatever the message says about place, time and the citizen is kept."""

    def name(self) -> str:
        return "action_start_intake"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        text = latest_text(tracker).strip()
        s = screening_of(tracker)
        earlier = earlier_matter(tracker)
        if earlier and (BACK_REFERENCE.search(text) or not is_matter(text)):
            # "情况就是我刚才说的": the matter is what the citizen wrote before, not this reply
            text = earlier
            s = screener().screen(text)
        await act_on_screening(dispatcher, tracker, text, s)  # the civility, advice or safety reminder
        if content_chars(text) < MIN_DESCRIPTION_CHARS:
            # too little to register: ask again instead of opening the form
            dispatcher.utter_message(response="utter_please_rephrase")
            return [FollowupAction("action_listen")]
        opening = read(text, _now_local())
        request_type = default_request_types().best(s.masked_text).request_type
        suggestions = _suggestions(s.masked_text)
        slots: dict[str, Any] = {
            "request_type": request_type,
            "description": s.masked_text.strip(),
            "category_suggestions": suggestions,
            "category": suggestions[0] if suggestions else None,
            "intake_id": uuid.uuid4().hex,
            "civility": s.civility,
            "attempts": {},
            "reply_wanted": None,
        }
        slots.update(facts_to_slots(opening, {}))
        slots["new_evidence"] = NOT_ASKED
        earlier = await earlier_matter_of(tracker, s.masked_text, [opening.phone] if opening.phone else [],
                                          slots["category"], (slots.get("location_parts") or {}).get("district"))
        rules = history_rules()
        if earlier and earlier.rule == MEDIATION:
            return await not_accepted(dispatcher, tracker, rules.mediation_notice(earlier), MEDIATION, earlier.number,
                                      text) + [FollowupAction("action_listen")]
        if earlier:
            slots["related"] = earlier.number
            if rules.has_new_evidence(text):
                slots["new_evidence"] = s.masked_text.strip()
                dispatcher.utter_message(text=rules.follow_up_notice(earlier))
            else:
                slots["new_evidence"] = None  # the form asks for it first
        dispatcher.utter_message(
            text=f"好的，已记录您反映的问题（{REQUEST_TYPE_NAMES[request_type]}，"
                 f"分类：{_category_label(slots['category'])}）。"
                 + ("还需要补充几项信息。" if slots["new_evidence"] is not None else ""))
        return ([SlotSet(k, v) for k, v in slots.items()]
                + [SlotSet("awaiting_confirmation", False), SlotSet("intake_ended", None)])


class ActionAskLocation(Action):
    """Where it happened: the district when the city is known already, else the whole place."""

    def name(self) -> str:
        return "action_ask_location"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        parts = tracker.get_slot("location_parts") or {}
        if parts.get("city") and not parts.get("district"):
            dispatcher.utter_message(text=f"请问具体在{parts['city']}的哪个区县？方便的话请说明街道、小区或路名"
                                          "（例如“金水区花园路街道农业路12号”）。")
        elif (tracker.get_slot("attempts") or {}).get("location"):
            dispatcher.utter_message(text="请说明在哪个市、哪个区县（例如“郑州市金水区”），再加上街道、小区或路名。")
        else:
            dispatcher.utter_message(response="utter_ask_location")
        return []


class ActionAskNewEvidence(Action):
    """An earlier closed order of this citizen about the same matter: has anything new happened?"""

    def name(self) -> str:
        return "action_ask_new_evidence"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        rules = history_rules()
        number = tracker.get_slot("related")
        earlier = await asyncio.to_thread(rules.earlier, number) if number else None
        if earlier is None:
            # nothing to ask about (the order is gone): the form goes on with the next question
            nxt = next((n for n in ("location", "occurred_time", "citizen_name", "phone", "confidential")
                        if tracker.get_slot(n) is None), None)
            if nxt == "location":
                await ActionAskLocation().run(dispatcher, tracker, domain)
            elif nxt:
                dispatcher.utter_message(response=f"utter_ask_{nxt}")
            return [SlotSet("new_evidence", NOT_ASKED), SlotSet("related", None), SlotSet("requested_slot", nxt)]
        buttons = [{"title": "没有新情况", "payload": "/deny"}]
        if (tracker.get_slot("attempts") or {}).get("new_evidence"):
            dispatcher.utter_message(text=rules.ask_evidence_details() + "没有的话请回复“没有”。", buttons=buttons)
        else:
            dispatcher.utter_message(text=rules.ask_new_evidence(earlier), buttons=buttons)
        return []


class ValidateIntakeForm(FormValidationAction):
    """Reads every answer in full: the slot asked for, and any other slot the answer also fills."""

    def name(self) -> str:
        return "validate_intake_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        text = latest_text(tracker).strip()
        intent = latest_intent(tracker)
        requested = tracker.get_slot("requested_slot")
        if requested == "new_evidence" and text:
            return await self._new_evidence(dispatcher, tracker, text, intent)
        if intent in NOT_ANSWERS or not text or not requested:
            return []  # not an answer, or the form is just starting on the opening message
        if not text.startswith("/"):
            answer = screening_of(tracker)
            if answer.verdict != "accept":
                return []
            # an answer is substance: it resets the no-substance count (and a swear word in it is recorded)
            await act_on_screening(dispatcher, tracker, text, answer)
        current = {k: tracker.get_slot(k) for k in INTAKE_SLOTS}
        opening = read(text, _now_local())
        slots: dict[str, Any] = {}
        if requested:
            slots.update(self._answer(requested, text, intent, opening, dispatcher, tracker))
        # more than was asked: whatever else the answer says, for slots still empty
        extra = facts_to_slots(opening, {**current, **{k: v for k, v in slots.items() if v is not None}})
        if requested in extra or (requested == "location" and "location_parts" in extra):
            extra = {k: v for k, v in extra.items() if k not in ("location", "location_parts", requested)}
        slots.update({k: v for k, v in extra.items() if k not in slots})
        # "地址说错了，是…": a correction of a slot already filled is taken and confirmed back
        if intent == "correct" or CORRECTION.search(text):
            for name, value in self._corrections(opening, current).items():
                slots[name] = value
        self._announce_corrections(dispatcher, current, slots, requested)
        phone = slots.get("phone")
        if phone and phone != "未提供" and not tracker.get_slot("related"):
            # the phone number may tie this citizen to an earlier order another account filed
            earlier = await earlier_matter_of(tracker, current.get("description") or "", [phone],
                                              current.get("category"),
                                              (current.get("location_parts") or {}).get("district"))
            if earlier and earlier.rule == MEDIATION:
                return await self._end(dispatcher, tracker, history_rules().mediation_notice(earlier), MEDIATION,
                                       earlier.number)
            if earlier:
                slots.update(related=earlier.number, new_evidence=None)  # asked next: new_evidence comes first
        return [SlotSet(k, v) for k, v in slots.items()]

    @staticmethod
    async def _end(dispatcher: CollectingDispatcher, tracker: Tracker, notice: str, reason: str,
                   related: str) -> list[EventType]:
        events = await not_accepted(dispatcher, tracker, notice, reason, related,
                                    tracker.get_slot("description") or "")
        return events + [SlotSet("requested_slot", None), ActiveLoop(None)]

    async def _new_evidence(self, dispatcher: CollectingDispatcher, tracker: Tracker, text: str,
                            intent: str) -> list[EventType]:
        """The answer to "有没有新的情况或新的证据": none ends the intake (无新证据, not accepted); something new
        is added to the description and the order will be a follow-up of the earlier one."""
        rules = history_rules()
        number = tracker.get_slot("related")
        earlier = await asyncio.to_thread(rules.earlier, number) if number else None
        if earlier is None:
            return [SlotSet("new_evidence", NOT_ASKED), SlotSet("related", None)]
        attempts = dict(tracker.get_slot("attempts") or {})
        attempts["new_evidence"] = attempts.get("new_evidence", 0) + 1
        if intent == "deny" or rules.says_no(text):
            return await self._end(dispatcher, tracker, rules.no_new_evidence_notice(earlier), NO_NEW_EVIDENCE,
                                   earlier.number)
        s = screening_of(tracker) if not text.startswith("/") else None
        if s is None or s.verdict != "accept":
            return [SlotSet("attempts", attempts)]  # a button, or a message the screening rules answer
        said = s.masked_text.strip()
        if rules.has_new_evidence(said) or content_chars(said) >= 6 or (attempts["new_evidence"] >= 2
                                                                        and content_chars(said) >= 2):
            dispatcher.utter_message(text=rules.follow_up_notice(earlier) + "还需要补充几项信息。")
            return [SlotSet("new_evidence", said[:2000]), SlotSet("attempts", attempts),
                    SlotSet("description", with_new_evidence(tracker.get_slot("description") or "", said[:2000]))]
        return [SlotSet("attempts", attempts)]  # "有": asked again for what it is

    # -- the slot that was asked for
    def _answer(self, requested: str, text: str, intent: str, opening: Opening, dispatcher: CollectingDispatcher,
                tracker: Tracker) -> dict[str, Any]:
        attempts = dict(tracker.get_slot("attempts") or {})
        attempts[requested] = attempts.get(requested, 0) + 1
        tries = attempts[requested]
        out: dict[str, Any] = {"attempts": attempts}
        if requested == "location":
            found = opening.location if (opening.location.known or opening.location.address) else gazetteer().find(text)
            loc = merge_places(found, tracker.get_slot("location_parts"))
            if loc.district or (tries >= 2 and content_chars(text) >= 2):
                # after a second try the citizen's own words are kept even without a known district
                if not (loc.known or loc.address):
                    loc = Location(address=text[:200], text=text)
                out.update(_location_slots(loc))
            else:
                out["location_parts"] = _location_slots(loc)["location_parts"]
        elif requested == "occurred_time":
            if opening.when:
                out.update(_when_slots(opening))
            elif ONGOING_ANSWER.search(text) or tries >= 2 or text.startswith("/"):
                out.update({"occurred_time": text if not text.startswith("/") else "不详", "occurred_at": None})
            else:
                dispatcher.utter_message(text="没能识别出时间，请说一下大概什么时候发生的，例如“上周三”“三天前”“今年5月以来”；"
                                              "记不清可以回复“记不清了”。")
        elif requested == "citizen_name":
            name = opening.name or (as_answer(text) if not text.startswith("/") else None)
            if name is None and text not in NOT_NAMES and re.fullmatch(r"[\u4e00-\u9fffA-Za-z·]{1,12}", text) and tries >= 2:
                name = text
            if name:
                out["citizen_name"] = name
            elif not opening.phone:
                dispatcher.utter_message(text="请告诉我怎么称呼您，例如“王女士”或“李先生”；不愿透露也可以回复“匿名”。")
        elif requested == "phone":
            out.update(self._phone(text, opening, dispatcher))
        elif requested == "confidential":
            if intent in ("affirm", "deny"):
                out["confidential"] = intent == "affirm"
            elif re.search(r"不用|不需要|不保密|无所谓|公开", text):
                out["confidential"] = False
            elif re.search(r"保密|需要|要", text):
                out["confidential"] = True
        return out

    @staticmethod
    def _phone(text: str, opening: Opening, dispatcher: CollectingDispatcher) -> dict[str, Any]:
        if opening.phone:
            return {"phone": opening.phone, "reply_wanted": True}
        if NO_PHONE.search(text) and not re.search(r"\d{7,}", text):
            dispatcher.utter_message(text="好的，不留电话也可以登记，但承办单位将无法电话联系和答复您。")
            return {"phone": "未提供", "reply_wanted": False}
        kinds = {i.kind for i in find_all(text)}
        if "id_number" in kinds:
            dispatcher.utter_message(text="这是身份证号码，我们已记下。请再留一个手机号或带区号的座机号，方便承办单位联系您。")
            return {"id_number": opening.id_number} if opening.id_number else {}
        phone = normalise_phone(text)
        if phone:
            return {"phone": phone, "reply_wanted": True}
        dispatcher.utter_message(response="utter_invalid_phone")
        return {}

    @staticmethod
    def _corrections(opening: Opening, current: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if opening.location.known or opening.location.address:
            loc = opening.location
            if not loc.known and current.get("location_parts"):
                # only the address changed: keep the city and district already given
                parts = dict(current["location_parts"])
                parts.update(address=loc.address, estate=loc.estate)
                loc = Location(parts.get("city"), parts.get("district"), parts.get("street"), loc.address,
                               loc.address or "", loc.estate)
            out.update(_location_slots(loc))
        if opening.when:
            out.update(_when_slots(opening))
        if opening.phone:
            out["phone"] = opening.phone
        if opening.name:
            out["citizen_name"] = opening.name
        return out

    @staticmethod
    def _announce_corrections(dispatcher: CollectingDispatcher, before: dict[str, Any], after: dict[str, Any],
                              requested: str | None) -> None:
        for name, label in SLOT_LABELS.items():
            old, new = before.get(name), after.get(name)
            if name != requested and old and new and new != old:
                dispatcher.utter_message(text=f"好的，已将{label}更正为：{new}。")


SUMMARY_BUTTONS = [{"title": "确认提交", "payload": "/affirm"}, {"title": "需要修改", "payload": "/deny"},
                   {"title": "取消", "payload": "/cancel"}]
CHANGE_LABELS = {"category": "诉求分类", "request_type": "诉求类型", "reply_wanted": "是否答复", "confidential": "是否保密",
                 "location": "地点", "occurred_time": "时间", "phone": "联系电话", "citizen_name": "称呼"}


def follow_up_of(tracker: Tracker) -> str | None:
    """The earlier order this intake follows up, once the citizen has told what is new."""
    related, evidence = tracker.get_slot("related"), tracker.get_slot("new_evidence")
    return related if related and evidence and evidence != NOT_ASKED else None


def summary(tracker: Tracker) -> str:
    confidential = tracker.get_slot("confidential")
    reply = tracker.get_slot("reply_wanted")
    kind = REQUEST_TYPE_NAMES.get(tracker.get_slot("request_type") or "", "")
    return "\n".join([
        "请确认您的诉求信息：",
        f"诉求类型：{kind}",
        f"诉求分类：{_category_label(tracker.get_slot('category'))}",
        f"诉求内容：{tracker.get_slot('description')}",
        f"发生地点：{tracker.get_slot('location') or '未说明'}",
        f"发生时间：{tracker.get_slot('occurred_time') or '未说明'}",
        f"称呼：{tracker.get_slot('citizen_name') or '匿名'}",
        f"联系电话：{tracker.get_slot('phone') or '未提供'}",
        f"是否保密：{'是' if confidential else '否'}",
        f"是否需要答复：{'是' if reply else '否'}",
        *([f"关联工单：{follow_up_of(tracker)}（本次作为后续诉求登记）"] if follow_up_of(tracker) else []),
        "如诉求类型或分类不对，可以直接告诉我，例如“这是建议”“分类应该是交通运输”。",
    ])


class ActionIntakeSummary(Action):
    def name(self) -> str:
        return "action_intake_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        if tracker.get_slot("intake_ended"):
            return [SlotSet("intake_ended", None), SlotSet("awaiting_confirmation", False)]  # told already
        if not tracker.get_slot("intake_id"):
            dispatcher.utter_message(response="utter_nothing_to_confirm")
            return [SlotSet("awaiting_confirmation", False)]
        events: list[EventType] = []
        if tracker.get_slot("reply_wanted") is None:
            # a citizen who left a phone number is answered; one who did not cannot be
            reply = bool(tracker.get_slot("phone")) and tracker.get_slot("phone") != "未提供"
            tracker.slots["reply_wanted"] = reply
            events.append(SlotSet("reply_wanted", reply))
        dispatcher.utter_message(text=summary(tracker), buttons=SUMMARY_BUTTONS)
        return events + [SlotSet("awaiting_confirmation", True)]


class ActionApplyCorrection(Action):
    """At the summary: "这是建议", "分类应该是交通运输", "地址改为…", "电话改为…", "不需要答复", "需要保密"."""

    def name(self) -> str:
        return "action_apply_correction"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        text = latest_text(tracker)
        slots: dict[str, Any] = {}
        chosen = next((e.get("value") for e in (tracker.latest_message or {}).get("entities", [])
                       if e.get("entity") == "category"), None)
        category = resolve_category(str(chosen), tracker) if chosen else named_category(text, tracker)
        if category:
            slots["category"] = category
        for word, kind in TYPE_WORDS.items():
            if re.search(rf"(是|为|算|改成|改为|属于){word}|{word}(类|不是)", text) or text.strip() == word:
                slots["request_type"] = kind
                break
        if re.search(r"不(需要|用)答复|不用回复|不需要回复", text):
            slots["reply_wanted"] = False
        elif re.search(r"需要答复|要答复|需要回复", text):
            slots["reply_wanted"] = True
        if re.search(r"不(需要|用)保密|不保密", text):
            slots["confidential"] = False
        elif re.search(r"需要保密|要保密|请保密", text):
            slots["confidential"] = True
        opening = read(text, _now_local())
        current = {k: tracker.get_slot(k) for k in INTAKE_SLOTS}
        slots.update(ValidateIntakeForm._corrections(opening, current))
        if not slots and "分类" in text:
            return await ActionChooseCategory().run(dispatcher, tracker, domain)
        if not slots:
            dispatcher.utter_message(response="utter_ask_correction")
            return []
        for name, value in slots.items():
            tracker.slots[name] = value
        changed = "、".join(dict.fromkeys(CHANGE_LABELS[k] for k in slots if k in CHANGE_LABELS))
        if changed:
            dispatcher.utter_message(text=f"好的，已修改{changed}。")
        dispatcher.utter_message(text=summary(tracker), buttons=SUMMARY_BUTTONS)
        return [SlotSet(k, v) for k, v in slots.items()] + [SlotSet("awaiting_confirmation", True)]


def named_category(text: str, tracker: Tracker) -> str | None:
    """A category named in the citizen's words: a level-1 name or a leaf."""
    tax = taxonomy()
    for name in sorted(tax.level1, key=len, reverse=True):
        if name in text:
            return resolve_category(name, tracker)
    for c in tax.categories:
        if c.level3 != "其他" and c.level3 in text:
            return c.path
    return None


def resolve_category(chosen: str, tracker: Tracker) -> str | None:
    tax = taxonomy()
    if chosen in tax:
        return tax.get(chosen).path
    if chosen in tax.level1:
        # a level-1 choice: the leaf that fits the description best within it
        return classifier().leaf_for(tracker.get_slot("description") or "", chosen).path
    return None


class ActionChooseCategory(Action):
    """"分类不对": the level-1 classes as buttons, then the best leaf within the one chosen."""

    def name(self) -> str:
        return "action_choose_category"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        dispatcher.utter_message(
            text="请选择最接近的大类，我们会据此确定具体分类：",
            buttons=[{"title": name, "payload": f'/correct{{"category": "{name}"}}'} for name in taxonomy().level1])
        return []


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
        occurred_at = None
        if tracker.get_slot("occurred_at"):
            try:  # the slot holds Beijing time; the store keeps naive UTC
                occurred_at = (datetime.fromisoformat(tracker.get_slot("occurred_at")).replace(tzinfo=LOCAL_TZ)
                               .astimezone(timezone.utc).replace(tzinfo=None))
            except (TypeError, ValueError):
                occurred_at = None
        phone = tracker.get_slot("phone")
        name = tracker.get_slot("citizen_name")
        suggestions = tracker.get_slot("category_suggestions") or []
        category = tracker.get_slot("category") or (suggestions[0] if suggestions else None)
        parts = tracker.get_slot("location_parts") or {}
        location = Location(parts.get("city"), parts.get("district"), parts.get("street"), parts.get("address"),
                            tracker.get_slot("location") or "", parts.get("estate"))
        if not parts and tracker.get_slot("location"):
            location = gazetteer().find(tracker.get_slot("location"))
        draft = WorkOrderDraft(
            idempotency_key=f"{tracker.sender_id}:{intake_id}",
            channel=channel_of(tracker),
            sender_id=tracker.sender_id,
            request_type=tracker.get_slot("request_type") or "complaint",
            category_path=category,
            category_source="predicted" if suggestions and suggestions[0] == category else "citizen",
            description=tracker.get_slot("description"),
            location=location,
            occurred_text=tracker.get_slot("occurred_time"),
            occurred_at=occurred_at,
            citizen_name=None if name in (None, "匿名") else name,
            phone=None if phone in (None, "未提供") else phone,
            id_number=tracker.get_slot("id_number"),
            confidential=bool(tracker.get_slot("confidential")),
            reply_wanted=bool(tracker.get_slot("reply_wanted")),
            screening={"verdict": "accept", "civility": bool(tracker.get_slot("civility"))},
            transcript_ref=f"rasa:/conversations/{tracker.sender_id}/tracker",
            transcript=transcript_of(tracker),
            related=[follow_up_of(tracker)] if follow_up_of(tracker) else [],
        )
        try:
            result = await asyncio.to_thread(work_orders().create, draft, now)
        except DraftError:
            dispatcher.utter_message(text="抱歉，诉求信息不完整，暂时无法提交，请补充后再试或拨打12345。")
            return [SlotSet("awaiting_confirmation", False)]
        record = result.record
        if not result.created:
            # the same submission was stored before (a retry): keep what the citizen changed since
            try:
                changed = await asyncio.to_thread(work_orders().supplement, record["number"], draft,
                                                  f"{draft.channel}:{draft.sender_id}")
            except (DraftError, KeyError):
                changed = []
            if changed:
                record = await asyncio.to_thread(work_orders().get, record["number"])
                dispatcher.utter_message(text="您的这份诉求已经登记过，刚才修改的内容已补充到原工单中。")
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
