from hotline.language.text import light, mask, to_simplified
from hotline.privacy import mask_name, mask_phone, mask_text


def test_traditional_to_simplified():
    assert to_simplified("我們社區的垃圾站每天早上五點就開始作業") == "我们社区的垃圾站每天早上五点就开始作业"


def test_light_keeps_length_and_folds_width_and_case():
    text = "ＡＢＣ１２３，著火"
    assert len(light(text)) == len(text)
    assert light(text).startswith("abc123,")


def test_mask_keeps_white_space():
    assert mask("ab cd", [(0, 5)]) == "** **"


def test_personal_data_masking():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_name("王建国") == "王**"
    assert mask_text("电话13812345678，身份证410102199001011234") == "电话138****5678，身份证410102********1234"
