"""End to end over HTTP: citizens talk to two Rasa servers sharing Redis; the action server writes the
work orders to SQL; everything is read back from the real stores."""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
import uuid

import pytest
import redis as redis_lib

from hotline.screening.linkage import STREAM
from hotline.screening.records import ScreeningRecords
from hotline.storage import sql
from hotline.workorders.orders import WorkOrders
from tests.integration.conftest import post

NUMBER = re.compile(r"HN\d{14}")
ANSWERS = [  # what a scripted citizen answers to whatever the bot asks, most specific first
    ("工单号：", None),
    ("请确认您的诉求信息", "/affirm"),
    ("的哪个区县", "金水区花园路街道"),
    ("请问事情发生在哪里", "郑州市金水区花园路街道农业路12号"),
    ("什么时候发生", "昨天晚上"),
    ("怎么称呼", "王建国"),
    ("格式好像不对", "13812345678"),
    ("联系电话", "13812345678"),
    ("保密", "/deny"),
]


def sender() -> str:
    return f"it-{uuid.uuid4().hex[:10]}"


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def complete_intake(stack, who: str, first: str, overrides: dict | None = None, max_turns: int = 14,
                    stop_at: str | None = None):
    """Sends `first`, then answers each question; returns (order number, transcript). With `stop_at`, stops
    (number None) when the bot says that."""
    overrides = overrides or {}
    transcript = []
    reply = stack.say(who, first)
    transcript.append((first, texts(reply)))
    for _ in range(max_turns):
        last = texts(reply)
        found = NUMBER.search(texts(reply))
        if "工单号：" in texts(reply) and found:
            return found.group(0), transcript
        if stop_at and stop_at in last:
            return None, transcript
        answer = next((overrides.get(k, a) for k, a in ANSWERS if k in last), None)
        assert answer is not None, f"unexpected question: {last}\n{transcript}"
        reply = stack.say(who, answer)
        transcript.append((answer, texts(reply)))
    raise AssertionError(f"no work order after {max_turns} turns: {transcript}")


def orders(stack) -> WorkOrders:
    return WorkOrders(sql.engine(stack.db_url))


def test_an_intake_over_http_writes_a_complete_work_order(stack):
    who = sender()
    number, transcript = complete_intake(stack, who, "小区门口的路灯坏了，晚上黑乎乎的很不安全")
    rec = orders(stack).get(number)
    assert rec is not None, transcript
    assert rec["channel"] == "rest" and rec["sender_id"] == who
    assert rec["request_type"] == "complaint"
    assert rec["category"]["level1"] == "城乡建设" and rec["category"]["source"] == "predicted"
    assert rec["description"] == "小区门口的路灯坏了，晚上黑乎乎的很不安全"
    assert rec["title"].startswith("小区门口的路灯坏了")
    assert rec["citizen"] == {"name": "王建国", "phone": "13812345678", "id_number": None, "confidential": False,
                              "reply_wanted": True}
    loc = rec["location"]
    assert (loc["city"], loc["district"], loc["street"], loc["address"]) == ("郑州市", "金水区", "花园路街道", "农业路12号")
    assert rec["occurred"]["text"] == "昨天晚上" and rec["occurred"]["at"]
    assert rec["status"] == "accepted" and rec["handling_unit"] == "金水区城市管理局"
    assert rec["sla_deadline"] and rec["screening"] == {"verdict": "accept", "civility": False}
    assert [h["action"] for h in rec["history"]] == ["register", "accept"]
    assert rec["transcript_ref"] == f"rasa:/conversations/{who}/tracker"
    # the bot told the number and the deadline only after the commit, and the status query finds it
    final = transcript[-1][1]
    assert number in final and "答复期限" in final
    status = texts(stack.say(who, f"查询工单{number}的进度", replica=1))
    assert number in status and "已受理" in status and "金水区城市管理局" in status


def test_several_answers_in_one_message_and_a_correction(stack):
    who = sender()
    reply = stack.say(who, "我要投诉，二七区大学路56号有个饭店油烟直排，昨天晚上熏得我家没法开窗")
    # place and time were in the first message: the next question is the name
    assert "已记录" in texts(reply) and "怎么称呼" in texts(reply), texts(reply)
    reply = stack.say(who, "地址说错了，是二七区大学路58号")
    assert "大学路58号" in texts(reply) and "怎么称呼" in texts(reply), texts(reply)
    number, transcript = complete_intake(stack, who, "李女士", overrides={"保密": "/affirm"})
    rec = orders(stack).get(number)
    assert rec["location"]["district"] == "二七区" and rec["location"]["address"] == "大学路58号"
    assert rec["citizen"]["confidential"] is True and rec["citizen"]["name"] == "李女士"
    assert rec["category"]["level1"] == "环境保护"


def test_an_invalid_phone_is_asked_again(stack):
    who = sender()
    _, transcript = complete_intake(stack, who, "我们村的自来水发黄有异味，已经一个星期了",
                                    overrides={"联系电话": "12345"})
    assert any("格式好像不对" in bot for _, bot in transcript)


def test_an_emergency_in_the_middle_of_the_form(stack):
    who = sender()
    question = texts(stack.say(who, "小区的电梯经常坏，物业也不管"))
    r = redis_lib.Redis.from_url(stack.redis_url, decode_responses=True)
    before = r.xlen(STREAM.format(service="119"))
    reply = texts(stack.say(who, "不好了楼道里着火了，烟很大"))
    assert "119" in reply and "无法派出" in reply
    assert question.splitlines()[-1] in reply  # and back to the question it had asked
    assert r.xlen(STREAM.format(service="119")) == before + 1
    assert r.xrevrange(STREAM.format(service="119"), count=1)[0][1]["sender_id"] == who


def test_legal_route_and_abuse_in_the_middle_of_the_form(stack):
    who = sender()
    stack.say(who, "公司食堂卫生太差了，饭菜里有虫子")
    reply = texts(stack.say(who, "对了，法院已经受理了我的离婚案子，能帮我催一下吗"))
    assert "诉讼" in reply and "人民法院" in reply
    reply = texts(stack.say(who, "你们这些白痴"))
    assert "拦截" in reply
    records = ScreeningRecords(sql.engine(stack.db_url)).for_sender(who)
    assert [r["verdict"] for r in records] == ["legal_route", "abusive"]


def test_repeated_abuse_blocks_the_sender_on_every_replica(stack):
    who = sender()
    for text in ["傻逼", "你们这些白痴", "滚"]:
        last = texts(stack.say(who, text, replica=0))
    assert "暂停受理" in last
    # the other Rasa process sees the same block (held in Redis), and the dialogue is not entered; the block
    # notice was shown a moment ago, so this message is recorded without repeating it
    reply = stack.say(who, "小区门口路灯坏了", replica=1)
    assert reply == []
    records = ScreeningRecords(sql.engine(stack.db_url)).for_sender(who)
    assert [r["verdict"] for r in records][-1] == "blocked"
    tracker = json.loads(_get(stack.rasa[1].url + f"/conversations/{who}/tracker?token={stack.token}"))
    assert not any(e.get("text") == "小区门口路灯坏了" for e in tracker["events"] if e["event"] == "user")


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.read().decode()


def _status(url: str, method: str = "GET", data: bytes | None = None) -> int:
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def test_rasas_http_api_refuses_requests_without_the_token(stack):
    base = stack.rasa[0].url
    who = sender()
    stack.say(who, "小区门口的路灯坏了")
    assert _status(f"{base}/conversations/{who}/tracker") == 401
    assert _status(f"{base}/conversations/{who}/tracker?token=wrong") == 401
    assert _status(f"{base}/conversations/{who}/tracker/events", "POST", b'[{"event": "restart"}]') == 401
    assert _status(f"{base}/model", "PUT", b'{"model_file": "/tmp/x.tar.gz"}') == 401
    assert _status(f"{base}/conversations/{who}/tracker?token={stack.token}") == 200


def _outside_address() -> str | None:
    """An address of this machine that is not loopback (None when there is none)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_internal_services_are_closed_from_outside_the_loopback_interface(stack):
    import socket

    address = _outside_address()
    if address is None:
        pytest.skip("this machine has no address besides loopback")
    for url in (stack.actions.url, stack.redis_url):
        port = int(url.rsplit(":", 1)[1].split("/")[0])
        with socket.socket() as s:
            s.settimeout(2)
            assert s.connect_ex((address, port)) != 0, f"{url} answers on {address}"
        with socket.socket() as s:  # and it does answer on loopback
            s.settimeout(2)
            assert s.connect_ex(("127.0.0.1", port)) == 0


def test_a_session_without_substance_is_closed(stack):
    who = sender()
    replies = [texts(stack.say(who, t)) for t in ["你好", "？？？", "哈哈哈", "嗯嗯嗯"]]
    assert "12345" in replies[0]
    assert "会话已结束" in replies[-1], replies


@pytest.mark.parametrize("body, content_type", [
    (b"{not json", "application/json"),
    (b'["a list"]', "application/json"),
    (b'{"message": "no sender"}', "application/json"),
    (b'{"sender": "x", "message": 42}', "application/json"),
    (b"\xff\xfe\x00binary", "application/octet-stream"),
])
def test_bad_requests_get_a_clear_400(stack, body, content_type):
    status, text = post(stack.rasa[0].url + "/webhooks/rest/webhook", body, content_type)
    assert status == 400 and "error" in json.loads(text)


def test_huge_and_binary_messages_get_an_answer(stack):
    who = sender()
    reply = texts(stack.say(who, "小区门口的路灯坏了。" + "很长" * 20000))
    assert "消息过长" in reply and "5000" in reply  # the citizen is told the message was cut
    assert texts(stack.say(sender(), "\x00\ufffd\u200b"))


def test_an_oversized_body_or_bad_fields_are_refused_with_a_clear_error(stack):
    url = stack.rasa[0].url + "/webhooks/rest/webhook"
    status, text = post(url, json.dumps({"sender": "x", "message": "很" * 100_000}, ensure_ascii=False).encode())
    assert status == 413 and "larger than" in json.loads(text)["error"]
    for body in ({"sender": "x", "message": "路灯坏了", "input_channel": "a" * 41},
                 {"sender": "x", "message": "路灯坏了", "metadata": {"k": "v" * 5000}},
                 {"sender": "x" * 201, "message": "路灯坏了"},
                 {"sender": "x", "message": "路灯坏了", "metadata": "not an object"}):
        status, text = post(url, json.dumps(body).encode())
        assert status == 400 and json.loads(text)["error"], body


def test_a_retried_submission_creates_one_order(stack):
    """The action server is asked twice to submit the same intake (a Rasa retry): one order."""
    who = sender()
    slots = {"request_type": "help", "description": "家里停水两天了，物业说不知道原因", "intake_id": uuid.uuid4().hex,
             "category": "城乡建设/城市建设和市政管理/自来水供应", "category_suggestions": [],
             "location": "洛阳市涧西区", "occurred_time": "前天", "citizen_name": "赵先生",
             "phone": "0379-65501234", "confidential": False, "reply_wanted": True, "civility": False}
    call = {"next_action": "action_submit_intake", "sender_id": who, "version": "3.6.21",
            "tracker": {"sender_id": who, "slots": slots, "latest_message": {"text": "/affirm"}, "events": [],
                        "paused": False, "followup_action": None, "active_loop": {}, "latest_action_name": None,
                        "latest_input_channel": "rest"},
            "domain": {}}
    numbers = []
    for _ in range(2):
        status, body = post(stack.actions.url + "/webhook", json.dumps(call, ensure_ascii=False).encode())
        assert status == 200, body
        numbers.append(NUMBER.search(body).group(0))
    assert numbers[0] == numbers[1]
    assert len(orders(stack).for_sender(who)) == 1
    assert orders(stack).get(numbers[0])["citizen"]["phone"] == "0379-65501234"
