"""Conversations over HTTP with the real action server: what the citizen is told and what is stored.

These replace the Rasa test stories, which had to state the slot events the custom actions would set (Rasa
does not run custom actions in `rasa test`) and so could not fail on what the actions did."""
from __future__ import annotations

import pytest

from hotline.screening.records import LinkageRecords, ScreeningRecords
from hotline.storage import sql
from tests.integration.test_stack import complete_intake, orders, sender, texts

ID = "410105194912310020"


@pytest.mark.parametrize("opening, kind", [
    ("小区门口的路灯坏了一个星期了，晚上黑乎乎的很不安全", "complaint"),
    ("我母亲瘫痪在床，家里生活很困难，想申请低保不知道怎么办，请帮帮我们", "help"),
    ("咨询一下外地户口的孩子在郑州上小学需要准备哪些材料", "consultation"),
    ("建议在人民路和建设路交叉口增设红绿灯，方便行人过马路", "suggestion"),
    ("举报某某饭店无证经营，还把地沟油倒进下水道", "report"),
    ("表扬金水区城管局张师傅，冒雨帮我们疏通了下水道，非常感谢", "praise"),
])
def test_each_request_type_becomes_a_work_order(stack, opening, kind):
    who = sender()
    number, transcript = complete_intake(stack, who, opening)
    rec = orders(stack).get(number)
    assert rec["request_type"] == kind, transcript
    assert rec["description"] == opening
    summary = next(bot for _, bot in transcript if "请确认您的诉求信息" in bot)
    assert "诉求类型" in summary  # the predicted type was shown for confirmation


def test_an_opening_that_says_everything_needs_few_questions(stack):
    who = sender()
    opening = (f"我叫王建国，身份证{ID}，电话13812345678。新乡市辉县市城关街道建设路18号幸福家园3号楼，"
               "上周三开始楼下烧烤店油烟直排，熏得没法开窗，请环保部门处理。")
    number, transcript = complete_intake(stack, who, opening)
    rec = orders(stack).get(number)
    loc = rec["location"]
    assert (loc["city"], loc["district"], loc["street"], loc["estate"]) == ("新乡市", "辉县市", "城关街道", "幸福家园")
    assert rec["citizen"]["name"] == "王建国" and rec["citizen"]["phone"] == "13812345678"
    assert rec["citizen"]["id_number"] == ID and rec["occurred"]["text"].startswith("上周三")
    asked = [bot for _, bot in transcript]
    questions = ("请问事情发生在哪里", "请问是什么时候", "请问您怎么称呼", "请留下您的联系电话")
    assert not any(q in b for q in questions for b in asked), asked
    assert len(transcript) <= 3  # opening, confidentiality, confirmation


def test_a_board_letter_with_a_city_only_is_asked_for_the_district(stack):
    who = sender()
    reply = texts(stack.say(who, "A市人民路曙光路到朝阳路段什么时候可以拓宽\n这段路早晚高峰堵得厉害，希望早日拓宽。"))
    assert "A市的哪个区县" in reply
    reply = texts(stack.say(who, "A1区"))
    assert "什么时候" in reply or "怎么称呼" in reply


def test_an_answer_with_more_than_was_asked_fills_every_slot(stack):
    who = sender()
    stack.say(who, "我们小区的暖气一直不热，物业说不归他们管")
    reply = texts(stack.say(who, "郑州市二七区大学路56号，上周三开始的，我姓李，电话13912345678"))
    assert "保密" in reply and "怎么称呼" not in reply and "联系电话" not in reply


def test_a_correction_at_the_confirmation(stack):
    who = sender()
    _, transcript = complete_intake(stack, who, "小区门口的路灯坏了一个星期了", stop_at="请确认您的诉求信息")
    reply = texts(stack.say(who, "这是建议，地址改为郑州市金水区农业路20号"))
    assert "已修改" in reply and "诉求类型：建议" in reply and "农业路20号" in reply
    number, _ = complete_intake(stack, who, "/affirm")
    rec = orders(stack).get(number)
    assert rec["request_type"] == "suggestion" and rec["location"]["address"].startswith("农业路20号")


def test_cancel_during_the_form_and_at_the_confirmation(stack):
    who = sender()
    stack.say(who, "小区门口的路灯坏了")
    assert "已取消" in texts(stack.say(who, "算了不登记了，取消"))
    _, _ = complete_intake(stack, who, "楼上漏水到我家卫生间了", stop_at="请确认您的诉求信息")
    assert "已取消" in texts(stack.say(who, "/cancel"))
    assert orders(stack).for_sender(who) == []


def test_an_emergency_first_is_handed_over_and_then_a_complaint_is_taken(stack):
    who = sender()
    reply = texts(stack.say(who, "厂房着火了，火苗窜得很高"))
    assert "请立即拨打119" in reply or "请您立即拨打119" in reply
    assert "转交" in reply
    assert [r["service"] for r in LinkageRecords(sql.engine(stack.db_url)).for_sender(who)] == ["119"]
    number, _ = complete_intake(stack, who, "另外我们小区的消防通道一直被私家车占着")
    assert orders(stack).get(number)["description"].endswith("私家车占着")


@pytest.mark.parametrize("text, route, words", [
    ("单位不给我补缴社保还把我开除了，我要赔偿金", "labor_arbitration", "劳动人事争议仲裁委员会"),
    ("举报村主任侵占集体土地补偿款", "discipline_inspection", "12388"),
])
def test_statutory_routes_are_named_with_where_and_how(stack, text, route, words):
    who = sender()
    reply = texts(stack.say(who, text))
    assert words in reply
    records = ScreeningRecords(sql.engine(stack.db_url)).for_sender(who)
    assert [(r["verdict"], r["route"]) for r in records] == [("legal_route", route)]


def test_a_status_query_inside_the_form_then_back_to_the_question(stack):
    who = sender()
    question = texts(stack.say(who, "小区的垃圾好几天没人清运了")).splitlines()[-1]
    reply = texts(stack.say(who, "我的工单"))
    assert "没有查到" in reply and question in reply


def test_a_human_agent_is_not_promised(stack):
    who = sender()
    reply = texts(stack.say(who, "转人工"))
    assert "还不能转接人工" in reply and "12345" in reply


def test_an_evaluation_is_not_claimed_as_recorded(stack):
    who = sender()
    reply = texts(stack.say(who, "我要评价一下办理结果"))
    assert "已记录" not in reply


def test_greetings_and_thanks_are_answered_as_such(stack):
    who = sender()
    assert "很高兴为您服务" in texts(stack.say(who, "你好"))
    assert "不客气" in texts(stack.say(who, "谢谢"))


def test_another_citizens_order_is_not_shown(stack):
    owner, stranger = sender(), sender()
    number, _ = complete_intake(stack, owner, "小区门口的路灯坏了一个星期了")
    reply = texts(stack.say(stranger, f"查询工单{number}"))
    assert "只告知提交该工单的本人" in reply and "路灯" not in reply and "已受理" not in reply
    reply = texts(stack.say(stranger, f"查询工单{number} 13800000000"))  # a wrong phone
    assert "路灯" not in reply
    reply = texts(stack.say(stranger, f"查询工单{number} 13812345678"))  # the phone on the order
    assert "已受理" in reply and "路灯" in reply
    # an order that does not exist gets the same answer as another citizen's
    assert "只告知提交该工单的本人" in texts(stack.say(stranger, "查询工单HN20260101000001"))
