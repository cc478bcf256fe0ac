"""metadata: dates in every form a Chinese document writes them, doc numbers, organizations, speakers."""

from __future__ import annotations

import pytest

from paiban.clean.metadata import (
    adoption_date,
    byline_orgs,
    cn_number,
    credit_org,
    detect_lang,
    doc_number,
    is_bare_department,
    is_date_line,
    is_doc_number_line,
    is_org,
    issuer_from_title,
    org_from_title,
    org_in_text,
    parse_date,
    parse_roc_short,
    reporter_from_title,
    speaker_of,
    subtitle_of,
    today_date,
)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2024年2月6日", "2024-02-06"),
        ("2024 年 12 月 1 日", "2024-12-01"),
        ("时间:2024/02/06 03:02:26", "2024-02-06"),
        ("2023-09-18 16:05", "2023-09-18"),
        ("2024.1.5", "2024-01-05"),
        ("二〇二四年二月六日", "2024-02-06"),
        ("二○二三年十二月二十七日", "2023-12-27"),
        ("二零二四年十月一日", "2024-10-01"),
        ("中華民國113年3月1日", "2024-03-01"),
        ("民國一百一十三年三月一日", "2024-03-01"),
        ("2024年3月", ""),
        ("2024年13月1日", ""),
        ("第2024号", ""),
    ],
)
def test_parse_date(text: str, iso: str) -> None:
    assert parse_date(text) == iso


def test_cn_number_and_roc_short_dates() -> None:
    assert [cn_number(x) for x in ("十", "十二", "二十六", "三十一", "一百一十三", "二〇二四")] == [
        10,
        12,
        26,
        31,
        113,
        2024,
    ]
    assert parse_roc_short("113-03-04") == "2024-03-04"
    assert parse_roc_short("2024-03-04") == ""


def test_date_lines() -> None:
    assert is_date_line("2024年1月8日")
    assert is_date_line("（2024年1月10日）")
    assert is_date_line("二〇二四年三月五日")
    assert not is_date_line("2024年1月8日召开会议")
    assert not is_date_line("2023年工作回顾")


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("国发〔2018〕43号", "国发〔2018〕43号"),
        ("国办发[2023]31号", "国办发〔2023〕31号"),
        ("青政办发（2024）7号", "青政办发〔2024〕7号"),
        ("京政发【2024】 2号", "京政发〔2024〕2号"),
        ("吉林省人民政府令第298号", "吉林省人民政府令第298号"),
        ("府授經商字第1130054321號", "府授經商字第1130054321號"),
        ("没有文号的句子", ""),
    ],
)
def test_doc_numbers_normalize_year_brackets(text: str, number: str) -> None:
    assert doc_number(text) == number


def test_doc_number_line_is_only_the_number() -> None:
    assert is_doc_number_line("北政发〔2024〕3号")
    assert not is_doc_number_line("根据国发〔2018〕43号文件精神，现通知如下。")


def test_organizations_and_issuers() -> None:
    assert is_org("中国人民政治协商会议四平市委员会")
    assert is_org("青山县人民政府办公室")
    assert is_org("东湖大学")
    assert not is_org("请认真贯彻执行。")
    assert issuer_from_title("四平市人民政府关于做好春节期间安全工作的通知") == "四平市人民政府"
    assert issuer_from_title("关于做好春节期间安全工作的通知") == ""
    assert issuer_from_title("中国人民政治协商会议四平市第九届委员会常务委员会工作报告") == ""


def test_subtitles_and_speakers() -> None:
    assert subtitle_of("——在2024年全市经济工作会议上的讲话") == "——在2024年全市经济工作会议上的讲话"
    assert subtitle_of("-- 在全市大会上的讲话") == "——在全市大会上的讲话"
    assert subtitle_of("在全市优化营商环境大会上的讲话") == "在全市优化营商环境大会上的讲话"
    assert subtitle_of("各地要加强领导。") == ""
    assert speaker_of("市委书记　王建国") == "市委书记 王建国"
    assert speaker_of("（张三）") == "张三"
    assert speaker_of("市長 盧秀燕") == "市長 盧秀燕"
    assert speaker_of("关于做好工作的通知") == ""


def test_language_from_the_characters() -> None:
    assert detect_lang("现在，我代表市政府向大会报告工作，请予审议。") == "zh-CN"
    assert detect_lang("現在，我代表市政府向大會報告工作，請予審議。這是一年來的成果。") == "zh-TW"
    assert detect_lang("香港特別行政區政府今日公布，香港特別行政區將推出新措施。這是發展。") == "zh-HK"


@pytest.mark.parametrize(
    ("title", "org"),
    [
        ("某某市人民代表大会常务委员会工作报告", "某某市人民代表大会常务委员会"),
        ("某某市人民政府工作报告", "某某市人民政府"),
        ("政府工作报告", ""),  # no organization named
        ("关于2023年工作报告的说明", ""),
    ],
)
def test_reporter_from_title(title: str, org: str) -> None:
    from paiban.clean.metadata import reporter_from_title

    assert reporter_from_title(title) == org


def test_report_title_names_the_author_only_when_nothing_better_does() -> None:
    from paiban.clean.page import clean_source

    page = "某某市人民代表大会常务委员会工作报告\n各位代表：\n我受常务委员会委托，向大会报告工作，请予审议。\n".encode()
    assert clean_source(page, "rd.txt")[0].meta.author == "某某市人民代表大会常务委员会"
    footer = "版权所有：某某市人民代表大会常务委员会办公厅\n".encode()
    assert clean_source(page + footer, "rd.txt")[0].meta.author == "某某市人民代表大会常务委员会办公厅"


def test_roc_publish_stamp_dates_an_undated_taiwan_page() -> None:
    from paiban.clean.page import clean_source

    page = "首頁 > 本院新聞\n行政院會通過某某條例草案\n發布日期：113-04-18\n行政院會今日通過某某條例草案，將函請立法院審議。\n"
    assert clean_source(page.encode("big5"), "tw.txt")[0].meta.date == "2024-04-18"


# ------------------------------------------------------------------- authors named without 关于 / signature


@pytest.mark.parametrize(
    ("title", "org"),
    [
        ("某某区2025年政府工作报告", "某某区人民政府"),
        ("2022年某某市政府信息公开工作年度报告", "某某市人民政府"),
        ("某某特种材料股份有限公司信息披露管理制度", "某某特种材料股份有限公司"),
        ("某材股份(600000)：某某特种材料股份有限公司关联交易管理办法", "某某特种材料股份有限公司"),
        ("某某市人民代表大会常务委员会工作报告", ""),  # reporter_from_title's business
        ("春节假期安排", ""),
    ],
)
def test_org_from_title(title: str, org: str) -> None:
    assert org_from_title(title) == org


def test_years_before_a_title_do_not_hide_its_body() -> None:
    assert reporter_from_title("2021年某某市人民代表大会常务委员会工作报告") == "某某市人民代表大会常务委员会"
    assert issuer_from_title("2024年某某县人民政府关于春耕的通知") == "某某县人民政府"
    assert issuer_from_title("某某县人民政府關于春耕的通知") == "某某县人民政府"


@pytest.mark.parametrize(
    ("paragraphs", "found"),
    [
        (
            ["（2018年3月20日第十三届全国人民代表大会第一次会议通过）", "第一条 为了……"],
            ("全国人民代表大会", "adoption note"),
        ),
        (["2018年3月20日，第十三届全国人大一次会议表决通过了《某某法》。"], ("全国人大", "adoption note")),
        (["新华社某地11月30日电 某某在某地考察。"], ("新华社", "news dateline")),
        (["10月31日，县长某某主持召开某某县政府常务会议。"], ("某某县政府", "meeting it records")),
        (["市长某某主持召开市政府常务会议。"], ("", "")),  # a bare 市政府 names no one
        (["全年粮食产量稳定。", "（某某县统计局）"], ("某某县统计局", "credit line")),
        (["今年以来，全市经济稳中向好。"], ("", "")),
    ],
)
def test_org_in_text(paragraphs: list[str], found: tuple[str, str]) -> None:
    assert org_in_text(paragraphs) == found


def test_bylines_credits_and_departments() -> None:
    assert byline_orgs("某某市统计局　国家统计局某某调查队") == "某某市统计局、国家统计局某某调查队"
    assert byline_orgs("成功举办中国（某省）－某国经贸推介会") == ""  # a sentence, not a name
    assert byline_orgs("2017822日某某州第十二届人民代表大会") == ""  # a line that carries a date
    assert credit_org("（某某县统计局）") == "某某县统计局"
    assert credit_org("（此件公开发布）") == ""
    assert is_bare_department("经济发展局") and not is_bare_department("某某市经济发展局")


def test_an_org_name_may_hold_a_de() -> None:
    assert is_org("某某县新型冠状病毒感染的肺炎疫情防控指挥部")
    assert not is_org("召开全市的工作会议")


def test_press_release_today() -> None:
    assert today_date("以下是行政长官今日（十月六日）上午的发言：", 2021) == "2021-10-06"
    assert today_date("今日（十月六日）", None) == ""
    assert today_date("今日天气晴", 2021) == ""


def test_traditional_document_numbers() -> None:
    assert doc_number("（國辦發〔2016〕63號）") == "國辦發〔2016〕63號"
    assert is_doc_number_line("（國辦發〔2016〕63號）")


@pytest.mark.parametrize("text", ["二OO八年一月七日", "二0一二年六月七日", "二〇〇八年一月七日", "二○一二年六月七日"])
def test_signature_dates_with_any_round_zero(text: str) -> None:
    assert is_date_line(text) and parse_date(text)[:4] in ("2008", "2012")


def test_rules_issued_by_letter_name_their_issuer_and_date() -> None:
    note = "中華民國九十三年十二月十七日某某院研究發展考核委員會會版字第0930029387號函訂定發布全文11點"
    assert org_in_text([note]) == ("某某院研究發展考核委員會", "issuing note (date, issuer, 字第…號)")
    assert adoption_date([note]) == "2004-12-17"
    assert adoption_date(["（2017年8月22日某某会议通过 2023年8月28日修订）"]) == "2023-08-28"
