"""The citizen's side of an order already filed (hotline.workorders.citizen): evaluating a replied order
(满意 / 基本满意 / 不满意; unsatisfied reopens it with the reason) and adding information to an open order.
When the message lacks the reason or the information, follow_up_form asks for it."""
from __future__ import annotations

import asyncio
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import actor_of, citizen_side, latest_intent, latest_text, log, screening_of
from hotline.intake.opening import content_chars, is_matter
from hotline.language.identifiers import find_all
from hotline.workorders.lifecycle import EVALUATIONS, PermissionDenied, TransitionError
from hotline.workorders.orders import ConflictError, DraftError

FOLLOW_UP_SLOTS = ("follow_up_kind", "follow_up_order", "follow_up_text")
# the words that ask to add something, taken out before what is left counts as the information itself
ADD_WORDS = re.compile(r"(我(想|要|需要)?|再|还要|还想)?(补充|追加|再提供|提供|上传)(一下|一点|几句|说明|材料|证据|内容|情况|信息|新的?证据)?"
                       r"|(新的?证据|新的?情况)(是|如下)?|(给|对|到)?(我的)?工单(号)?(是)?")
LOST = "抱歉，系统暂时无法更新您的工单，请稍后再试，或拨打12345热线办理。"


def _without_identifiers(text: str) -> str:
    """The text without order and phone numbers (spans cut from the end, so earlier ones stay valid)."""
    for found in sorted(find_all(text), key=lambda i: i.start, reverse=True):
        if found.kind in ("order_number", "mobile", "landline"):
            text = text[: found.start] + text[found.end:]
    return text


def evaluation_buttons(number: str) -> list[dict[str, str]]:
    return [{"title": e, "payload": f"{e} {number}"} for e in EVALUATIONS]


class ActionEvaluate(Action):
    def name(self) -> str:
        return "action_evaluate"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        side = citizen_side()
        text = latest_text(tracker)
        records = await asyncio.to_thread(side.orders_of, tracker.sender_id, text)
        evaluable = side.evaluable(records)
        if not evaluable:
            dispatcher.utter_message(text=side.notice("nothing_to_evaluate"))
            return []
        if len(evaluable) > 1 and not any(i.kind == "order_number" for i in find_all(text)):
            dispatcher.utter_message(text=side.notice("several_to_evaluate", number=evaluable[0]["number"]),
                                     buttons=[{"title": f"评价{r['number']}", "payload": f"评价{r['number']}"}
                                              for r in evaluable[:5]])
            return []
        record = evaluable[0]
        number = record["number"]
        said = side.evaluation_in(screening_of(tracker).masked_text if not text.startswith("/") else "")
        if said.evaluation is None:
            dispatcher.utter_message(text=side.notice("ask_evaluation", number=number,
                                                      reply=record.get("latest_reply") or "（无书面答复）"),
                                     buttons=evaluation_buttons(number))
            return []
        try:
            await asyncio.to_thread(side.evaluate, number, said.evaluation, said.reason, actor_of(tracker))
        except (TransitionError, PermissionDenied, ConflictError, DraftError, KeyError) as e:
            log.warning("evaluation of %s refused: %s", number, e)
            dispatcher.utter_message(text=LOST)
            return []
        if said.evaluation != "不满意":
            dispatcher.utter_message(text=side.notice("evaluated", number=number, evaluation=said.evaluation))
            return []
        if said.reason:
            dispatcher.utter_message(text=side.notice("reopened", number=number, reason=said.reason))
            return []
        dispatcher.utter_message(text=side.notice("ask_reopen_reason", number=number))
        return [SlotSet("follow_up_kind", "reopen"), SlotSet("follow_up_order", number),
                SlotSet("follow_up_text", None), FollowupAction("follow_up_form")]


class ActionAddInformation(Action):
    """"补充一下：HN…，积水已经漫进楼道了": added to the citizen's open order. A message with nothing to add
    asks for it; a citizen with no open order and a matter to tell starts a new intake."""

    def name(self) -> str:
        return "action_add_information"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        side = citizen_side()
        text = latest_text(tracker)
        records = await asyncio.to_thread(side.orders_of, tracker.sender_id, text)
        open_orders = side.open_orders(records)
        if not open_orders:
            if is_matter(text):
                # "补充" in a first letter is not an order to add to: the matter is taken as a new request
                from bot.actions.intake import ActionStartIntake

                events = await ActionStartIntake().run(dispatcher, tracker, domain)
                if any(isinstance(e, dict) and e.get("event") == "followup" for e in events):
                    return events
                return events + [FollowupAction("intake_form")]
            named = any(i.kind == "order_number" for i in find_all(text))
            dispatcher.utter_message(text=side.notice("not_open", number=records[0]["number"]) if named and records
                                     else side.notice("nothing_open"))
            return []
        record = open_orders[0]
        addition = ADD_WORDS.sub("", _without_identifiers(screening_of(tracker).masked_text)).strip(" ，,。:：;；")
        if content_chars(addition) >= 6:
            return await add(dispatcher, tracker, record["number"], addition)
        dispatcher.utter_message(text=side.notice("ask_supplement", number=record["number"]))
        return [SlotSet("follow_up_kind", "supplement"), SlotSet("follow_up_order", record["number"]),
                SlotSet("follow_up_text", None), FollowupAction("follow_up_form")]


async def add(dispatcher: CollectingDispatcher, tracker: Tracker, number: str, text: str) -> list[EventType]:
    side = citizen_side()
    try:
        record = await asyncio.to_thread(side.supplement, number, text, actor_of(tracker))
    except TransitionError:
        dispatcher.utter_message(text=side.notice("not_open", number=number))
        return []
    except (PermissionDenied, ConflictError, DraftError, KeyError) as e:
        log.warning("supplement to %s refused: %s", number, e)
        dispatcher.utter_message(text=LOST)
        return []
    dispatcher.utter_message(text=side.notice("supplemented", number=number, unit=record["handling_unit"]))
    return []


class ActionAskFollowUpText(Action):
    def name(self) -> str:
        return "action_ask_follow_up_text"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        if tracker.get_slot("follow_up_kind") == "reopen":
            dispatcher.utter_message(text="请说明对办理结果不满意的原因，我们会转给承办单位重新办理；不想说明可以回复“取消”。")
        else:
            dispatcher.utter_message(text="请发送要补充的内容；不需要补充了可以回复“取消”。")
        return []


class ValidateFollowUpForm(FormValidationAction):
    """The next message is the reason or the information, unless it cancels or has nothing in it."""

    def name(self) -> str:
        return "validate_follow_up_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        if tracker.get_slot("requested_slot") != "follow_up_text":
            return []
        text = latest_text(tracker).strip()
        intent = latest_intent(tracker)
        if intent == "cancel" or text in ("取消", "算了", "不用了"):
            dispatcher.utter_message(text="好的，已取消。如需补充或评价，随时告诉我。")
            return [SlotSet(s, None) for s in FOLLOW_UP_SLOTS] + [SlotSet("requested_slot", None), ActiveLoop(None)]
        if text.startswith("/") or intent.startswith("screen_"):
            return []  # a button or a screened message is not the text asked for: the rules answer it
        content = _without_identifiers(screening_of(tracker).masked_text).strip()
        if content_chars(content) < 2:
            dispatcher.utter_message(text="没有收到具体内容，请再说明一下。")
            return []
        return [SlotSet("follow_up_text", content[:5000])]


class ActionFollowUp(Action):
    """The form has the text: the order is reopened with it, or it is added to the order."""

    def name(self) -> str:
        return "action_follow_up"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        kind, number, text = (tracker.get_slot(s) for s in FOLLOW_UP_SLOTS)
        clear = [SlotSet(s, None) for s in FOLLOW_UP_SLOTS]
        if not (kind and number and text):
            return clear
        side = citizen_side()
        if kind == "supplement":
            return await add(dispatcher, tracker, number, text) + clear
        try:
            await asyncio.to_thread(side.reopen, number, text, actor_of(tracker))
        except (TransitionError, PermissionDenied, ConflictError, DraftError, KeyError) as e:
            log.warning("reopening %s refused: %s", number, e)
            dispatcher.utter_message(text=LOST)
            return clear
        dispatcher.utter_message(text=side.notice("reopened", number=number, reason=text))
        return clear
