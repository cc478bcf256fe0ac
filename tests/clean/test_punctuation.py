"""punctuation: full-width marks in Chinese context, ASCII kept where it belongs, warnings not fixes."""

from __future__ import annotations

import pytest

from paiban.clean.punctuation import fix_punctuation, normalize_chars, warnings


def fix(text: str) -> str:
    return fix_punctuation(text)[0]


@pytest.mark.parametrize(
    ("src", "out"),
    [
        ("现在,我代表常委会", "现在，我代表常委会"),
        ("要求是:坚持;统筹!好吗?", "要求是：坚持；统筹！好吗？"),
        ("2023年,在市委领导下", "2023年，在市委领导下"),
        ("成果近40项,增长5.2%", "成果近40项，增长5.2%"),
        ("现在, 我代表", "现在，我代表"),
        ("生产总值(GDP)增长", "生产总值（GDP）增长"),
        ("(一)加强领导", "（一）加强领导"),
        ("各县(市、区)", "各县（市、区）"),
        ('办好"消费促进年"活动', "办好“消费促进年”活动"),
        ("打造'四最'环境", "打造‘四最’环境"),
        ('已经“全覆盖"的体系', "已经“全覆盖”的体系"),
        ("更新不及时...", "更新不及时……"),
        ("更新不及时。。。", "更新不及时……"),
        ("更新不及时…", "更新不及时……"),
        ("依然存在--有的企业", "依然存在——有的企业"),
        ("不断,,推进", "不断，推进"),
        ("部署任务.刚才", "部署任务。刚才"),
        ("任务完成.", "任务完成。"),
        ("要求“做好工作.”", "要求“做好工作。”"),
        ("根据国发[2018]43号文件", "根据国发〔2018〕43号文件"),
        ("学习<<中华人民共和国宪法>>的体会", "学习《中华人民共和国宪法》的体会"),
        ("依照京政发（2024）2号精神", "依照京政发〔2024〕2号精神"),
    ],
)
def test_half_width_in_chinese_becomes_full_width(src: str, out: str) -> None:
    assert fix(src) == out


@pytest.mark.parametrize(
    "text",
    [
        "会议于10:30开始",
        "共计1,000,000元",
        "增长3.5%",
        "详见 https://www.gov.cn/zhengce/a.html?id=1,2&x=3 的说明",
        "邮箱 office@example.gov.cn 联系",
        "He said: hello, world!",
        "It's fine",
        "2019-2023年",
        "一.加强领导",
        "if a << b >> c",
    ],
)
def test_ascii_stays_where_it_belongs(text: str) -> None:
    assert fix(text) == text


def test_no_space_is_ever_inserted_between_chinese_and_latin() -> None:
    src = "全年GDP增长5.2%,完成40项,APP用户100万"
    assert fix(src) == "全年GDP增长5.2%，完成40项，APP用户100万"
    assert " " not in fix(src)


def test_changes_are_counted() -> None:
    _, changes = fix_punctuation("甲,乙,丙:丁")
    assert changes[", → ，"] == 2 and changes[": → ："] == 1


def test_normalize_chars() -> None:
    assert normalize_chars("\u3000\u3000２０２４年\u00a0ＡＢＣ\u200b公司\u3000 ") == "2024年 ABC公司"
    assert normalize_chars("e\u0301") == "é"  # NFC


def test_warnings_for_defects_are_reported_not_fixed() -> None:
    text = "大力实施精准助力工程一是精耕建言。二是精专商以求同。三是精诚协商。"
    found = warnings(text)
    assert any("一是" in w for w in found)
    assert not any("二是" in w for w in found)
    assert any("“”" in w for w in warnings("他说“好的。"))
    assert any("（）" in w for w in warnings("各县（市、区应当"))
    assert warnings("统一是前提。唯一是标准。") == []  # words, not a run-in sequence


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("GDP增长5.2%,CPI上涨0.2%。", "GDP增长5.2%，CPI上涨0.2%。"),
        ("完成率100%;合格率98‰。", "完成率100%；合格率98‰。"),
        ("共计3,000元,增长5%。", "共计3,000元，增长5%。"),
    ],
)
def test_clause_comma_after_a_percentage(raw: str, fixed: str) -> None:
    assert fix_punctuation(raw)[0] == fixed
