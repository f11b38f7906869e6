"""The citizen's side of the lifecycle and the not-accepted rules that need history, through the dialogue over
HTTP (REST channel, real action server, real SQL): what the citizen is told and what the order records."""
from __future__ import annotations

import uuid

from tests.integration.test_stack import complete_intake, orders, sender, texts

UNIT = "金水区城市管理局"


def phone() -> str:
    """A phone number of this citizen alone: the history rules tie orders together by phone."""
    return f"137{uuid.uuid4().int % 10**8:08d}"


def filed(stack, who: str, opening: str, tel: str) -> str:
    number, transcript = complete_intake(stack, who, opening, {"联系电话": tel, "格式好像不对": tel})
    assert number, transcript
    return number


def staff(stack, number: str, *steps: tuple) -> None:
    wo = orders(stack)
    for action, role, data, note in steps:
        wo.apply(number, action, actor=f"{role}-it", role=role, data=data, note=note,
                 unit=UNIT if role == "handling_unit" else None)


def replied(stack, number: str, reply: str) -> None:
    staff(stack, number, ("assign", "dispatcher", {"unit": UNIT}, None), ("reply", "handling_unit", {"reply": reply}, None))


def test_unsatisfied_with_the_reason_in_the_same_message_reopens(stack):
    who, tel = sender(), phone()
    number = filed(stack, who, "小区门口花园路上的路灯坏了一个星期了，晚上黑乎乎的", tel)
    replied(stack, number, "已安排维修人员更换灯泡")
    reply = texts(stack.say(who, f"查询工单{number}"))
    assert "已安排维修人员更换灯泡" in reply and "满意" in reply  # the reply, and an invitation to evaluate
    reply = texts(stack.say(who, "不满意，路灯还是不亮"))
    assert "重新交办" in reply and number in reply
    rec = orders(stack).get(number)
    assert rec["status"] == "reopened" and rec["evaluation"] == "不满意"
    assert [h["action"] for h in rec["history"]][-2:] == ["evaluate", "reopen"]
    assert rec["history"][-1]["note"] == "路灯还是不亮" and rec["history"][-1]["role"] == "citizen"


def test_satisfied_is_recorded_and_a_second_evaluation_is_refused(stack):
    who, tel = sender(), phone()
    number = filed(stack, who, "建议在人民路和建设路交叉口增设红绿灯，方便行人过马路", tel)
    replied(stack, number, "已纳入今年路口改造计划")
    reply = texts(stack.say(who, "基本满意"))
    assert "基本满意" in reply and "已记录" in reply
    assert orders(stack).get(number)["evaluation"] == "基本满意"
    assert "没有待评价的工单" in texts(stack.say(who, "满意"))


def test_unsatisfied_without_a_reason_is_asked_for_it(stack):
    who, tel = sender(), phone()
    number = filed(stack, who, "我们小区的暖气一直不热，屋里才十五度", tel)
    replied(stack, number, "热力公司已上门排气")
    reply = texts(stack.say(who, "不满意"))
    assert "请说明哪里不满意" in reply
    assert orders(stack).get(number)["status"] == "evaluated"
    reply = texts(stack.say(who, "排完气还是不热，屋里还是十五度"))
    assert "重新交办" in reply
    rec = orders(stack).get(number)
    assert rec["status"] == "reopened" and "还是十五度" in rec["history"][-1]["note"]


def test_information_added_to_an_open_order(stack):
    who, tel = sender(), phone()
    number = filed(stack, who, "花园路农业路口的雨水井堵了，一下雨路口就积水", tel)
    reply = texts(stack.say(who, f"补充一下工单{number}：今天积水已经漫到人行道上了"))
    assert "已将您补充的内容附到工单" in reply
    last = orders(stack).get(number)["history"][-1]
    assert last["action"] == "supplement" and "漫到人行道" in last["data"]["text"]
    reply = texts(stack.say(who, "我要补充材料"))
    assert "请直接发送要补充到工单" in reply
    reply = texts(stack.say(who, "附近商户说井盖下面被建筑垃圾堵死了"))
    assert "已将您补充的内容附到工单" in reply
    assert "建筑垃圾" in orders(stack).get(number)["history"][-1]["data"]["text"]


def test_a_dispute_after_repeated_failed_mediation_is_not_accepted(stack):
    who, tel = sender(), phone()
    dispute = "邻居家装修把我家卫生间的墙打裂了，要求他赔偿修墙的钱，他一直不理"
    number = filed(stack, who, dispute, tel)
    staff(stack, number, ("assign", "dispatcher", {"unit": UNIT}, None),
          ("mediate", "handling_unit", {"outcome": "failed"}, "第一次调解，对方不同意赔偿"),
          ("mediate", "handling_unit", {"outcome": "failed"}, "第二次调解，双方分歧大"),
          ("advise", "handling_unit", {"route": "litigation"}, "建议向人民法院起诉"))
    before = len(orders(stack).for_sender(who, 50))
    reply = texts(stack.say(who, "邻居装修把我家卫生间墙打裂了，赔偿修墙的钱到现在也不给，你们管不管"))
    assert number in reply and "调解2次" in reply and "诉讼" in reply and "不再重复受理" in reply
    assert len(orders(stack).for_sender(who, 50)) == before  # no new order
    # the same citizen from another account, known by the phone number given in the form
    other = sender()
    _, transcript = complete_intake(stack, other, "邻居家装修把我卫生间墙弄裂了，一直不赔修墙的钱",
                                    {"联系电话": tel, "格式好像不对": tel}, stop_at="不再重复受理")
    assert number in transcript[-1][1]
    assert orders(stack).for_sender(other, 5) == []


def test_a_closed_matter_needs_new_evidence(stack):
    who, tel = sender(), phone()
    number = filed(stack, who, "小区门口花园路上的路灯坏了一个星期了，晚上黑乎乎的", tel)
    replied(stack, number, "已更换灯具，恢复照明")
    staff(stack, number, ("close", "dispatcher", {}, None))
    # the same matter again, nothing new: not accepted, with the earlier reply
    reply = texts(stack.say(who, "花园路小区门口的路灯坏了，晚上黑乎乎的，赶紧修"))
    assert number in reply and "新的情况或新的证据" in reply
    reply = texts(stack.say(who, "没有"))
    assert "不再受理" in reply and "已更换灯具" in reply
    assert len(orders(stack).for_sender(who, 50)) == 1
    # again, and this time something new: a follow-up linked to the earlier order
    stack.say(who, "花园路小区门口的路灯坏了，晚上黑乎乎的，赶紧修")
    follow_up, transcript = complete_intake(stack, who, "这周又坏了，灯杆也歪了，我拍了照片",
                                            {"联系电话": tel, "格式好像不对": tel})
    assert follow_up and follow_up != number, transcript
    rec = orders(stack).get(follow_up)
    assert rec["related"] == [number] and "灯杆也歪了" in rec["description"]
    assert any(f"关联工单：{number}" in bot for _, bot in transcript)
