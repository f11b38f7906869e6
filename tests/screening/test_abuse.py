"""Abuse that real people type: every disguise the notice's internet channels meet, and clean text stays clean."""
from __future__ import annotations

import pytest

from hotline.screening.screener import screen


@pytest.mark.parametrize("group, text", [
    ("homophone", "尼玛"), ("homophone", "泥马"), ("homophone", "草泥马"), ("homophone", "马勒戈壁"),
    ("homophone", "沙比"), ("homophone", "煞笔"), ("homophone", "傻吊"), ("homophone", "卧槽"),
    ("pinyin", "shabi"), ("pinyin", "caonima"), ("pinyin", "nima"), ("initials", "nmsl"), ("initials", "sb"),
    ("initials", "cnm"), ("initials", "NND"), ("initials", "tmd"), ("initials", "mlgb"), ("initials", "cnmd"),
    ("split", "傻 逼"), ("split", "傻*逼"), ("split", "草.你.妈"), ("split", "s b"),
    ("full-width", "ＳＢ"), ("full-width", "ｎｍｓｌ"), ("traditional", "賤人"), ("traditional", "你們這些白癡"),
    ("emoji", "傻🙂逼"), ("emoji", "王😀八😀蛋"), ("repeated", "滚滚滚"), ("repeated", "傻傻傻逼"),
    ("digits", "2B"), ("digits", "傻13"), ("symbol", "🖕"), ("dialect", "龟孙"), ("dialect", "信球"),
    ("dialect", "仆街"), ("compound", "草泥马勒戈壁"), ("compound", "你个蠢货"), ("compound", "狗娘养的"),
    ("compound", "你们这些人渣"), ("curse", "日你祖宗"), ("curse", "你妈炸了"),
])
def test_disguised_insults_are_blocked(group, text):
    s = screen(text)
    assert s.verdict == "abusive", (group, text, s)
    assert "*" in s.masked_text


@pytest.mark.parametrize("text", [
    "你马上到了吗我在小区门口等", "我妈妈的医保卡丢了怎么补办", "我日常上班要经过这个路口", "危险废物随意堆放",
    "脑瘫患儿的康复补贴怎么申请", "傻瓜相机维修点在哪里", "2B铅笔在哪里买", "小区里到处是狗屎没人清理",
    "USB接口坏了", "我们小区的垃圾站太臭了", "13号楼的电梯坏了", "审批怎么这么慢", "他们被逼无奈才上访",
])
def test_clean_text_stays_clean(text):
    s = screen(text)
    assert s.verdict == "accept" and not s.civility, (text, s)


@pytest.mark.parametrize("text", ["物业那个经理就是个王八蛋，电梯坏了一个月不修", "这个傻逼开发商到现在还不交房",
                                  "操，楼下的烧烤摊又吵到半夜两点"])
def test_an_insult_inside_a_real_complaint_is_masked_not_blocked(text):
    s = screen(text)
    assert s.verdict == "accept" and s.civility, s
    assert "*" in s.masked_text and "文明" in s.notice


def test_every_insult_of_the_tuning_lexicon_is_blocked():
    from hotline.paths import ROOT

    lines = (ROOT / "data" / "abuse_examples" / "insults_a.txt").read_text(encoding="utf-8").splitlines()
    words = [w.strip() for w in lines if w.strip() and not w.startswith("#")]
    missed = [w for w in words if screen(w).verdict != "abusive"]
    assert len(words) >= 200 and not missed, missed
