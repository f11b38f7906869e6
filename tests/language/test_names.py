from __future__ import annotations

import pytest

from hotline.language.names import as_answer, find_name


@pytest.mark.parametrize("text, name", [
    ("我叫王建国，电话13812345678", "王建国"), ("本人邹伏生，家住A9市张坊镇", "邹伏生"), ("我姓向，是一名农民工", "向某"),
    ("联系人：李女士", "李女士"), ("投诉人：覃君君，男", "覃君君"), ("王先生您好", "王先生"),
])
def test_names_in_text(text, name):
    assert find_name(text)[0] == name


@pytest.mark.parametrize("text", ["我是业主", "本人承诺所述属实", "我是A5区的一名业主", "本人是一名退休教师"])
def test_roles_are_not_names(text):
    assert find_name(text) is None


@pytest.mark.parametrize("text, name", [("王建国", "王建国"), ("李女士", "李女士"), ("我姓张", "张某"), ("匿名", "匿名"),
                                        ("好的", None), ("不知道", None)])
def test_answers_to_how_may_we_call_you(text, name):
    assert as_answer(text) == name
