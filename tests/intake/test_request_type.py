"""The request type is predicted from the whole text (and then confirmed with the citizen)."""
from __future__ import annotations

import pytest

from hotline.intake.request_type import default_request_types


@pytest.mark.parametrize("text, kind", [
    ("投诉某某物业\n小区电梯坏了一个月，物业一直拖着不修，老人上下楼很困难。", "complaint"),
    ("求助：我母亲瘫痪在床，家里生活困难，想申请低保不知道怎么办，请帮帮我们。", "help"),
    ("咨询：外地户口的孩子在郑州上小学需要准备哪些材料？", "consultation"),
    ("建议在人民路和建设路交叉口增设红绿灯，方便行人过马路。", "suggestion"),
    ("举报：某某饭店无证经营，还把地沟油倒进下水道。", "report"),
    ("表扬金水区城管局张师傅，冒雨帮我们疏通了下水道，非常感谢！", "praise"),
])
def test_six_request_types(text, kind):
    assert default_request_types().best(text).request_type == kind
