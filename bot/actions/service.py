"""Progress look-ups and the hand-off to a human agent.

An order's status and details are told only to the citizen who filed it: in the conversation it was filed
from, or to someone who also gives the phone number registered on the order. Anyone else learns nothing,
not even whether the number exists."""
from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import citizen_side, latest_text, work_orders
from bot.actions.follow_up import evaluation_buttons
from hotline.language.identifiers import find_all
from hotline.workorders.lifecycle import STATUS_NAMES
from hotline.workorders.orders import describe_status

NOT_YOURS = ("为保护个人信息，工单进度只告知提交该工单的本人。如果这是您的工单，请在同一条消息里发送工单号和登记时留的"
             "联系电话，例如“查询HN20261127000123 13812345678”；也可以拨打12345热线查询。")


def may_see(record: dict[str, Any], sender_id: str, phones: list[str]) -> bool:
    if record["sender_id"] == sender_id:
        return True
    registered = record["citizen"].get("phone")
    return bool(registered) and registered in phones


def tell_status(dispatcher: CollectingDispatcher, record: dict[str, Any]) -> None:
    """The order's progress; a replied one comes with the invitation to evaluate it (buttons)."""
    side = citizen_side()
    if side.evaluable([record]):
        dispatcher.utter_message(text=describe_status(record) + "\n" + side.notice("which_evaluation",
                                                                                   number=record["number"]),
                                 buttons=evaluation_buttons(record["number"]))
    else:
        dispatcher.utter_message(text=describe_status(record))


class ActionCheckStatus(Action):
    def name(self) -> str:
        return "action_check_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        found = find_all(latest_text(tracker))
        numbers = [i.value for i in found if i.kind == "order_number"]
        phones = [i.value for i in found if i.kind in ("mobile", "landline")]
        slot_number = (tracker.get_slot("order_number") or "").replace(" ", "").upper()
        number = numbers[0] if numbers else slot_number
        orders = work_orders()
        if number:
            record = await asyncio.to_thread(orders.get, number)
            if record is None or not may_see(record, tracker.sender_id, phones):
                # the same answer whether or not the order exists: numbers cannot be probed
                dispatcher.utter_message(text=NOT_YOURS)
            else:
                tell_status(dispatcher, record)
            return [SlotSet("order_number", None)]
        records = await asyncio.to_thread(orders.for_sender, tracker.sender_id, 5)
        if not records:
            dispatcher.utter_message(text="在当前会话账号下没有查到您的工单。如有工单号，请发送工单号和登记时留的联系电话查询。")
            return []
        if len(records) == 1:
            tell_status(dispatcher, records[0])
            return []
        lines = [f"{r['number']}：{r['title']}（{STATUS_NAMES.get(r['status'], r['status'])}）" for r in records]
        dispatcher.utter_message(text="您最近的工单：\n" + "\n".join(lines) + "\n发送工单号可查看详情。",
                                 buttons=[{"title": r["number"], "payload": f"查询工单{r['number']}"}
                                          for r in records])
        return []


class ActionHandoff(Action):
    """No human agent is connected to the internet channels yet: the bot says so and offers the hotline."""

    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        dispatcher.utter_message(
            text="网上渠道目前还不能转接人工坐席。需要人工服务，请拨打12345热线（24小时服务）。"
                 "您也可以继续在这里说明问题，我们会登记成工单转交承办单位办理。")
        return []
