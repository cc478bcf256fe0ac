"""metadata: dates in every form a Chinese document writes them, doc numbers, organizations, speakers."""

from __future__ import annotations

import pytest

from paiban.metadata import (
    cn_number,
    detect_lang,
    doc_number,
    is_date_line,
    is_doc_number_line,
    is_org,
    issuer_from_title,
    parse_date,
    parse_roc_short,
    speaker_of,
    subtitle_of,
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
        10, 12, 26, 31, 113, 2024
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
    from paiban.metadata import reporter_from_title

    assert reporter_from_title(title) == org


def test_report_title_names_the_author_only_when_nothing_better_does() -> None:
    from paiban.clean import clean_source

    page = "某某市人民代表大会常务委员会工作报告\n各位代表：\n我受常务委员会委托，向大会报告工作，请予审议。\n".encode()
    assert clean_source(page, "rd.txt")[0].meta.author == "某某市人民代表大会常务委员会"
    footer = "版权所有：某某市人民代表大会常务委员会办公厅\n".encode()
    assert clean_source(page + footer, "rd.txt")[0].meta.author == "某某市人民代表大会常务委员会办公厅"


def test_roc_publish_stamp_dates_an_undated_taiwan_page() -> None:
    from paiban.clean import clean_source

    page = "首頁 > 本院新聞\n行政院會通過某某條例草案\n發布日期：113-04-18\n行政院會今日通過某某條例草案，將函請立法院審議。\n"
    assert clean_source(page.encode("big5"), "tw.txt")[0].meta.date == "2024-04-18"
