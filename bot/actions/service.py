"""Progress look-ups, evaluation and the hand-off to a human agent."""
from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import latest_text, work_orders
from hotline.workorders.lifecycle import STATUS_NAMES
from hotline.workorders.orders import describe_status

NUMBER = re.compile(r"[Hh][Nn]\s*\d{14}")


class ActionCheckStatus(Action):
    def name(self) -> str:
        return "action_check_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        m = NUMBER.search(latest_text(tracker))
        number = (m.group(0) if m else tracker.get_slot("order_number") or "").replace(" ", "").upper()
        if number:
            record = work_orders().get(number)
            # a confidential order is shown only to the citizen who filed it
            if record is None or (record["citizen"]["confidential"] and record["sender_id"] != tracker.sender_id):
                dispatcher.utter_message(text=f"没有查到工单 {number}，请核对工单号（形如HN20261127000123）。")
            else:
                dispatcher.utter_message(text=describe_status(record, owner=record["sender_id"] == tracker.sender_id))
            return [SlotSet("order_number", None)]
        records = work_orders().for_sender(tracker.sender_id, limit=5)
        if not records:
            dispatcher.utter_message(text="在当前会话账号下没有查到您的工单。如有工单号，请直接发送工单号查询。")
            return []
        if len(records) == 1:
            dispatcher.utter_message(text=describe_status(records[0]))
            return []
        lines = [f"{r['number']}：{r['title']}（{STATUS_NAMES.get(r['status'], r['status'])}）" for r in records]
        dispatcher.utter_message(text="您最近的工单：\n" + "\n".join(lines) + "\n发送工单号可查看详情。",
                                 buttons=[{"title": r["number"], "payload": f"查询工单{r['number']}"}
                                          for r in records])
        return []


class ActionEvaluate(Action):
    def name(self) -> str:
        return "action_evaluate"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        # evaluation and reopening of replied orders arrive with the work-order lifecycle issue
        replied = [r for r in work_orders().for_sender(tracker.sender_id, limit=20)
                   if r["status"] in ("replied", "feedback")]
        if not replied:
            dispatcher.utter_message(text="您目前没有待评价的工单。承办单位答复后，我们会邀请您对办理结果进行评价。")
        else:
            dispatcher.utter_message(text=f"感谢您的评价意见，已记录。待评价工单：{replied[0]['number']}。")
        return []


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        dispatcher.utter_message(
            text="好的，正在为您转接人工坐席。人工坐席繁忙时，您也可以直接拨打12345热线（24小时服务）。"
                 "已填写的内容会保留，您也可以继续在这里完成登记。")
        return []
