"""The NLU gate: screening verdicts override the intent; a message that states a matter is a request unless
its words bear out a control intent the classifier chose."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.screening_gate import ScreeningGate

LETTER = "A7县星沙中贸城还没有退购房资金\n本人2018年3月在星沙中贸城购买格子铺一个，开发商至今没有退还购房款，请相关部门督促。"


@pytest.fixture(scope="module")
def gate():
    return ScreeningGate(ScreeningGate.get_default_config())


def run(gate, text: str, intent: str) -> Message:
    m = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.6},
                      INTENT_RANKING_KEY: [{"name": intent, "confidence": 0.6}]})
    gate.process([m])
    return m


@pytest.mark.parametrize("guessed", ["check_status", "inform", "greet", "nlu_fallback", "evaluate"])
def test_a_letter_is_a_request_whatever_the_classifier_guessed(gate, guessed):
    m = run(gate, LETTER, guessed)
    assert m.get(INTENT)["name"] in {"complain", "seek_help", "consult", "suggest", "report", "praise"}
    assert m.get(INTENT)["confidence"] == 1.0


def test_a_status_query_that_says_so_stays_one(gate):
    m = run(gate, "我想查询一下上周提交的工单HN20261127000123现在的办理进度", "check_status")
    assert m.get(INTENT)["name"] == "check_status"


def test_an_emergency_sets_the_numbers_for_the_static_response(gate):
    m = run(gate, "厂房着火了，火苗窜得很高", "inform")
    assert m.get(INTENT)["name"] == "screen_emergency"
    assert any(e["entity"] == "emergency_services" and e["value"] == "119" for e in m.get("entities"))
    assert m.get("screening")["verdict"] == "emergency"


def test_the_channels_screening_is_reused(gate):
    carried = {"verdict": "legal_route", "services": [], "route": "litigation", "civility": False, "notice": "x",
               "reasons": ["litigation"], "masked_text": "t"}
    m = Message(data={TEXT: "路灯坏了", INTENT: {"name": "complain", "confidence": 0.9}, INTENT_RANKING_KEY: [],
                      "metadata": {"hotline_screening": carried, "hotline_screened_text": "路灯坏了"}})
    gate.process([m])
    assert m.get(INTENT)["name"] == "screen_legal_route"  # the carried verdict, not a fresh screening
