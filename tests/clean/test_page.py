"""clean_source end to end on tiny inline pages, and the seed pinned by its golden Markdown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paiban.clean.page import clean_source
from paiban.errors import PaibanError
from paiban.markdown import dump
from tests.project import CORPUS, SEED_MD, SEED_PAGE


def test_seed_matches_golden() -> None:
    article, _ = clean_source(SEED_PAGE.read_bytes(), SEED_PAGE.name)
    golden = SEED_MD.read_text(encoding="utf-8")
    assert dump(article) == golden


def test_seed_contract() -> None:
    article, log = clean_source(SEED_PAGE.read_bytes(), SEED_PAGE.name)
    m = article.meta
    assert m.title == "中国人民政治协商会议四平市第九届委员会常务委员会工作报告"
    assert m.title_lines == ["中国人民政治协商会议", "四平市第九届委员会常务委员会工作报告"]
    assert m.author == "中国人民政治协商会议四平市委员会"
    assert m.date == "2024-02-06"
    assert m.category == "工作报告"
    heads = [(b.level, b.text) for b in article.blocks if b.kind == "heading"]
    assert [t for lv, t in heads if lv == 1] == ["2023年工作回顾", "2024年工作安排"]
    level2 = [t for lv, t in heads if lv == 2]
    assert len(level2) == 8 and all(re.match("[一二三四]、", t) for t in level2)
    assert article.blocks[0].kind == "salutation" and article.blocks[0].text == "各位委员、同志们："

    raw = SEED_PAGE.read_text(encoding="utf-8")
    body_raw = raw[raw.index("各位委员、同志们") : raw.index("作出新的更大贡献!") + 9]
    body = article.body_text()
    for half, full in ((",", "，"), (":", "："), (";", "；"), ("!", "！")):
        assert half not in body
        assert body.count(full) == body_raw.count(half) + body_raw.count(full)
    assert body_raw.count(",") == 189 and body_raw.count(":") == 2
    assert body_raw.count(";") == 4 and body_raw.count("!") == 2
    # Every paragraph of the source body is intact (modulo punctuation width).
    for para in body_raw.split("\n"):
        para = para.strip(" \u00a0")
        if para:
            fixed = para.replace(",", "，").replace(":", "：").replace(";", "；").replace("!", "！")
            assert fixed in body
    for chrome in ("您所在的当前位置", "字体", "责任编辑", "公网安备", "版权所有", "ICP", "时间:"):
        assert chrome not in dump(article)
    warnings = [e for e in log if e.action == "warning"]
    assert any("一是" in e.reason for e in warnings) and any("三是" in e.reason for e in warnings)
    assert any(e.reason.startswith("encoding: utf-8") for e in log)


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "empty"),
        (b"  \n\t\r\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"abc\x00def\x00\x00\x01\x02ghi", "NUL"),
        (b"\xff\xfe\x00", "undecodable"),
        ("版权所有：某某网站\n京ICP备12345678号\n".encode(), "no document text"),
    ],
)
def test_bad_input_raises_one_line_reason(data: bytes, why: str) -> None:
    with pytest.raises(PaibanError) as exc:
        clean_source(data, "page.txt")
    assert "page.txt" in str(exc.value) and "\n" not in str(exc.value)
    assert why.lower() in exc.value.message.lower()


PAGE = """当前位置：首页 > 信息公开 > 通知公告
关于做好2024年春节期间安全工作的通知
发布时间：2024-01-20 09:30 来源：市应急管理局 浏览次数：123
各县（市、区）应急管理局:
为切实做好春节期间安全防范工作,现将有关事项通知如下。
一、高度重视
各地要提高认识,压实责任。
二、加强值守
严格执行24小时值班制度,确保信息畅通。
XX市应急管理局
2024年1月19日
版权所有：XX市应急管理局 地址：XX市人民路1号 电话：0431-1234567
"""


def test_small_notice_structure_and_metadata() -> None:
    article, log = clean_source(PAGE.encode(), "notice.txt")
    m = article.meta
    assert m.title == "关于做好2024年春节期间安全工作的通知"
    assert m.date == "2024-01-19"  # the signature date, not the publish time
    assert m.author == "XX市应急管理局"
    assert m.category == "通知公告"
    kinds = [b.kind for b in article.blocks]
    assert kinds == ["salutation", "paragraph", "heading", "paragraph", "heading", "paragraph", "closing"]
    assert article.blocks[-1].lines == ["XX市应急管理局", "2024年1月19日"]
    assert article.blocks[0].text == "各县（市、区）应急管理局："
    removed = [e.text for e in log if e.action == "removed"]
    assert any("浏览次数" in r for r in removed) and any("版权所有" in r for r in removed)


def test_overrides_win_and_add_boilerplate() -> None:
    page = PAGE.replace("各地要提高认识", "本站独家各地要提高认识")
    article, log = clean_source(
        page.encode(),
        "notice.txt",
        {
            "title": "春节安全通知",
            "date": "2024-02-01",
            "boilerplate": ["本站独家"],
            "category": None,
        },
    )
    assert article.meta.title == "春节安全通知" and article.meta.date == "2024-02-01"
    assert article.meta.category == ""
    assert "本站独家" not in article.body_text()
    assert any(e.reason == "site pattern (sidecar)" for e in log)


def test_markdown_input_is_taken_as_is() -> None:
    md = "---\ntitle: 人工校对稿\ndate: '2024-03-01'\nlang: zh-CN\n---\n\n# 一、总则\n\n正文,保持原样。\n"
    article, _ = clean_source(md.encode(), "doc.md")
    assert article.meta.title == "人工校对稿"
    assert article.blocks[1].text == "正文,保持原样。"  # a human-corrected file is not re-normalized
    assert dump(article) == md


# ------------------------------------------------------------------------------------------ corpus
#
# tests/corpus/NAME.ENCODING.EXT is a page stored as UTF-8 text (reviewable in a diff); the test encodes
# it to ENCODING at test time (`gbk`, `big5`, `utf-16`, `utf-8-sig`, …; a `-crlf` suffix also turns line
# ends into CRLF) and cleans the bytes as NAME.EXT. NAME.expected.md is the golden Markdown. Goldens are
# rewritten only deliberately: PAIBAN_UPDATE_GOLDEN=1 pytest tests/clean/test_page.py, then review the diff.

PAGES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html", ".htm") and p.name.count(".") == 2)


def corpus_bytes(page: Path) -> tuple[bytes, str]:
    name, spec, ext = page.name.split(".")
    text = page.read_text(encoding="utf-8")
    if spec.endswith("-crlf"):
        spec = spec[: -len("-crlf")]
        text = text.replace("\n", "\r\n")
    return text.encode(spec), f"{name}.{ext}"


def test_corpus_is_big_enough() -> None:
    assert len(PAGES) >= 10
    specs = {p.name.split(".")[1] for p in PAGES}
    assert {"gbk-crlf", "big5", "utf-16", "utf-8-sig-crlf"} <= specs


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_corpus_page_matches_golden(page: Path) -> None:
    import os

    data, name = corpus_bytes(page)
    article, log = clean_source(data, name)
    golden = CORPUS / f"{page.name.split('.')[0]}.expected.md"
    if os.environ.get("PAIBAN_UPDATE_GOLDEN"):
        golden.write_text(dump(article), encoding="utf-8")
    assert dump(article) == golden.read_text(encoding="utf-8")
    # The detected encoding is the one the page was written in (GBK pages decode as its superset).
    spec = page.name.split(".")[1].removesuffix("-crlf")
    used = next(e.reason for e in log if e.reason.startswith("encoding: ")).removeprefix("encoding: ")
    family = {"gbk": "gb18030", "utf-16": "utf-16-le", "big5": "big5"}.get(spec, spec)
    assert used == family or (spec.startswith("big5") and used in ("big5", "cp950", "big5hkscs"))


BODY = "各单位：\n\n请认真贯彻执行，确保各项措施落到实处，推动工作取得实效。\n"


@pytest.mark.parametrize(
    ("head", "title"),
    [
        # Site name repeated: repetition alone does not make it the title.
        ("某市人民政府\n某市人民政府\n关于做好春季防火工作的通知\n", "关于做好春季防火工作的通知"),
        # A `站名 - 栏目` line above the title.
        ("某市政协 - 政协文献\n关于做好春季防火工作的通知\n", "关于做好春季防火工作的通知"),
        # Browser title captured as the first line.
        (
            "关于做好春季防火工作的通知_通知公告_某市人民政府\n关于做好春季防火工作的通知\n",
            "关于做好春季防火工作的通知",
        ),
        # A plain dump: the title opens the page.
        ("市政协召开十四届二次常委会议\n", "市政协召开十四届二次常委会议"),
    ],
)
def test_title_by_evidence_and_shape(head: str, title: str) -> None:
    article, _ = clean_source((head + "\n" + BODY).encode(), "p.txt")
    assert article.meta.title == title
    assert "请认真贯彻执行" in article.body_text()


def test_html_title_prefers_the_article_heading_over_a_logo() -> None:
    page = (
        "<html><head><title>某市人民政府</title></head><body><h1>某市人民政府</h1>"
        "<div class='main'><h1>关于做好春季防火工作的通知</h1><p>各单位：</p>"
        "<p>请认真贯彻执行，确保各项措施落到实处，推动工作取得实效。</p></div></body></html>"
    )
    article, _ = clean_source(page.encode(), "p.html")
    assert article.meta.title == "关于做好春季防火工作的通知"


def test_lost_characters_are_warned_about() -> None:
    page = "关于做好工作的通知\n\n请认真贯彻执行??措施，确保落实\ufffd到位。\n"
    article, log = clean_source(page.encode(), "p.txt")
    assert "??" in article.body_text()  # never "fixed"
    assert sum("lost characters" in e.reason for e in log) >= 2


def test_html_never_leaks_script_style_or_comments() -> None:
    page = (
        "<html><head><style>p{color:red}</style><script>var a='脚本文字';</script></head><body>"
        "<!-- 注释文字 --><h1>关于做好工作的通知</h1><p>正文第一段，内容完整。<script>document.write('插入');"
        "</script></p><noscript>请启用脚本</noscript><p style='display:none'>隐藏水印文字</p>"
        "<p>正文第二段，继续说明。</p></body></html>"
    )
    article, log = clean_source(page.encode(), "p.html")
    body = article.body_text()
    for leaked in ("脚本文字", "注释文字", "插入", "请启用脚本", "隐藏水印文字", "color"):
        assert leaked not in body
    assert body == "正文第一段，内容完整。正文第二段，继续说明。"
    assert any(e.text == "隐藏水印文字" for e in log)


def test_a_slogan_above_the_title_does_not_start_the_document() -> None:
    page = (
        "欢迎访问某市人民政府门户网站！今天是2024年3月1日 星期五\n"
        "深入学习贯彻党的二十大精神，奋力谱写中国式现代化某市新篇章！\n"
        "关于做好春季防火工作的通知\n\n" + BODY
    )
    article, log = clean_source(page.encode(), "p.txt")
    assert article.meta.title == "关于做好春季防火工作的通知"
    assert article.body_text().startswith("各单位：")
    assert any("奋力谱写" in e.text for e in log if e.action == "removed")


def test_a_report_without_salutation_keeps_its_first_sentence_and_part_heading() -> None:
    page = "某市政协常委会工作报告\n\n现在，我代表常委会向大会报告工作，请予审议。\n\n2023年工作回顾\n\n一年来，我们做了大量工作。\n"
    article, _ = clean_source(page.encode(), "p.txt")
    assert article.meta.title == "某市政协常委会工作报告"
    assert [b.kind for b in article.blocks] == ["paragraph", "heading", "paragraph"]


def test_speech_with_a_dated_meeting_line_and_the_page_address() -> None:
    page = (
        "https://www.example.gov.cn/zwgk/ldjh/202401/t20240112_123.html\n"
        "政府工作报告\n（2024年1月10日在某市第十七届人民代表大会第四次会议上）\n市长 李明\n\n"
        "各位代表：\n\n现在，我代表市人民政府，向大会报告工作，请予审议。\n\n特此报告\n"
    )
    article, _ = clean_source(page.encode(), "p.txt")
    m = article.meta
    assert (m.title, m.date, m.speaker) == ("政府工作报告", "2024-01-10", "市长 李明")
    assert m.subtitle == "（2024年1月10日在某市第十七届人民代表大会第四次会议上）"
    assert m.source == "https://www.example.gov.cn/zwgk/ldjh/202401/t20240112_123.html"
    assert [b.kind for b in article.blocks] == ["salutation", "paragraph", "paragraph"]


def test_title_only_in_the_breadcrumb() -> None:
    page = "当前位置：首页 > 通知公告 > 关于做好春季森林防火工作的通知\n\n" + BODY
    article, _ = clean_source(page.encode(), "p.txt")
    assert article.meta.title == "关于做好春季森林防火工作的通知"
    assert article.meta.category == "通知公告"


def test_a_deadline_in_the_title_is_not_the_document_date() -> None:
    page = "关于2024年3月31日前完成年度报告的通知\n发布时间：2024-03-01\n\n" + BODY
    assert clean_source(page.encode(), "p.txt")[0].meta.date == "2024-03-01"


def test_suffix_decides_the_reader_except_for_obvious_mismatches() -> None:
    page = "<!DOCTYPE html><html><body><h1>关于做好工作的通知</h1><p>请认真贯彻执行，确保各项措施落到实处。</p></body></html>"
    article, _ = clean_source(page.encode(), "saved.txt")
    assert article.meta.title == "关于做好工作的通知" and "<p>" not in article.body_text()
    text = "关于做好工作的通知\n\n请认真贯彻执行，确保落实。\n\n一、总体要求\n\n坚持稳中求进。\n"
    article, _ = clean_source(text.encode(), "plain.html")
    assert [b.kind for b in article.blocks] == ["paragraph", "heading", "paragraph"]


def test_speaker_named_in_the_title() -> None:
    page = "王建国同志在全市经济工作会议上的讲话\n\n同志们：\n\n这次会议很重要，我讲三点意见。\n"
    article, _ = clean_source(page.encode(), "p.txt")
    assert article.meta.speaker == "王建国"
    page = "在全市经济工作会议上的讲话\n\n同志们：\n\n这次会议很重要，我讲三点意见。\n"
    assert clean_source(page.encode(), "p.txt")[0].meta.speaker == ""


def test_contact_and_organizer_lines_inside_the_text_are_kept() -> None:
    page = (
        "关于举办2024年读书节活动的通知\n\n各单位：\n\n为营造书香校园氛围，现将有关事项通知如下。\n\n"
        "主办单位：市文化和旅游局 承办单位：市图书馆\n\n联系电话：0431-88881234 传真：0431-88881235\n\n"
        "地址：人民大街100号 邮编：130000\n\n市文化和旅游局\n\n2024年4月1日\n\n"
        "版权所有：某市人民政府 主办单位：某市人民政府办公室\n地址：某市人民大街1号 电话：0431-12345678\n"
    )
    article, _ = clean_source(page.encode(), "p.txt")
    body = article.body_text()
    for kept in ("主办单位：市文化和旅游局", "联系电话：0431-88881234", "邮编：130000"):
        assert kept in body
    assert "某市人民大街1号" not in body and article.blocks[-1].kind == "closing"


def test_two_line_title_without_outside_evidence() -> None:
    page = (
        "您所在的当前位置: 首页>政协文献>工作报告\n时间:2024/02/06 03:02:26 【字体:][][\n责任编辑:\n\n"
        "中国人民政治协商会议\n\n四平市第九届委员会常务委员会工作报告\n\n各位委员、同志们:\n\n现在,我代表常委会报告工作。\n"
    )
    m = clean_source(page.encode(), "p.txt")[0].meta
    assert m.title_lines == ["中国人民政治协商会议", "四平市第九届委员会常务委员会工作报告"]


def _wrap(text: str, width: int) -> str:
    import unicodedata

    out = []
    for line in text.split("\n"):
        cur, used = "", 0
        for ch in line:
            w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
            if used + w > width:
                out.append(cur)
                cur, used = "", 0
            cur += ch
            used += w
        out.append(cur)
    return "\n".join(out)


def _seed_variants() -> list[tuple[str, bytes, str]]:
    seed = SEED_PAGE.read_text(encoding="utf-8")
    lines = seed.split("\n")
    indented = "\n".join(("\u3000\u3000" + x if len(x) > 40 else x) for x in lines)
    chrome_top = "四平市政协网\n首页 | 机构设置 | 政协文献 | 委员风采 | 联系我们\n欢迎访问四平政协网！今天是2024年2月6日 星期二\n"
    chrome_end = (
        "\n相关文章\n四平市政协召开九届三次会议\n【打印本页】【关闭窗口】\n地址：四平市英雄大路1号 电话：0434-3271234\n"
    )
    paras = "".join(f"<p>{x}</p>" for x in lines)
    return [
        ("without the repeated page title", "\n".join(lines[:1] + lines[3:]).encode(), "s.txt"),
        ("without blank lines", "\n".join(x for x in lines if x.strip()).encode(), "s.txt"),
        ("GB18030 with CRLF", seed.replace("\n", "\r\n").encode("gb18030"), "s.txt"),
        ("hard-wrapped, indented", _wrap(indented, 60).encode(), "s.txt"),
        ("more chrome", (chrome_top + seed + chrome_end).encode(), "s.txt"),
        ("as HTML paragraphs", f"<html><body>{paras}</body></html>".encode(), "s.html"),
    ]


@pytest.mark.parametrize(("variant", "data", "name"), _seed_variants(), ids=[v[0] for v in _seed_variants()])
def test_seed_variants_clean_to_the_same_document(variant: str, data: bytes, name: str) -> None:
    expected, _ = clean_source(SEED_PAGE.read_bytes(), SEED_PAGE.name)
    article, _ = clean_source(data, name)
    assert article.meta.title_lines == expected.meta.title_lines
    assert (article.meta.date, article.meta.category) == ("2024-02-06", "工作报告")
    assert article.blocks == expected.blocks


def test_date_written_under_a_speech_title_still_prints_as_its_subtitle() -> None:
    page = (
        "您现在的位置：首页 >> 领导讲话\n在全市优化营商环境大会上的讲话\n（2024年2月19日）\n市长　李某某\n"
        "来源：市政府办公室 日期：2024-02-21 点击数：1024\n同志们：\n"
        "今天召开全市优化营商环境大会，主要任务是动员全市上下以更大力度优化营商环境。\n"
    ).encode()
    article, _ = clean_source(page, "speech.txt")
    assert article.meta.title == "在全市优化营商环境大会上的讲话"
    assert article.meta.subtitle == "（2024年2月19日）"
    assert article.meta.date == "2024-02-19" and article.meta.speaker == "市长 李某某"


# ------------------------------------------------------------------- failure classes met on real pages


NOTICE = (
    "各村（居）民委员会、各商户：\n"
    "为做好疫情防控工作，经研究决定，取消今年的物资交流会。请广大群众相互转告，减少外出，做好个人防护。\n"
    "某某乡人民政府\n2021年9月15日\n"
)


def test_what_follows_the_signature_of_a_forum_repost_is_not_the_document() -> None:
    page = (
        "某镇发布防疫通告：今年取消！\n[复制链接]\n发表于 2021-9-17 01:53:22 | 显示全部楼层 |阅读模式\n阅读: 7384 评论: 1\n"
        "关于取消某某乡物资交流会的通告\n"
        + NOTICE
        + "回复\n使用道具 举报\n评论1\n网友甲 发表于 2021-9-17 15:56:55 来自手机\n太揪心了！！！\n回复\n使用道具 举报\n"
        "手机版|小黑屋|某公网安备 33000000000000号|某某论坛\nPowered by Discuz! X3.4\n"
    )
    article, _ = clean_source(page.encode(), "forum.txt")
    assert article.meta.title == "关于取消某某乡物资交流会的通告"
    assert article.meta.date == "2021-09-15" and article.meta.author == "某某乡人民政府"
    text = dump(article)
    for chrome in ("回复", "举报", "评论1", "太揪心", "Discuz", "发表于", "复制链接"):
        assert chrome not in text
    assert article.blocks[-1].kind == "closing"


def test_a_consultation_widget_is_not_the_document() -> None:
    title = "某某市防汛办关于征求《某某市防汛应急预案（征求意见稿）》修改意见的函"
    page = (
        "今天是:2025年12月06日\n某某市水利局\n征集调查\n\n主题:\n\n" + title + "\n\n时限:\n\n截止:2019-06-18\n\n"
        "征集状态:\n\n已结束 查看征集结果\n结果反馈日期:\n\n" + title + "\n\n"
        "市直有关部门: 为切实做好防汛减灾工作,市防汛办修订形成了预案征求意见稿,请于6月18日前反馈修改意见。\n"
    )
    article, _ = clean_source(page.encode(), "survey.txt")
    assert article.meta.title == title.replace("（", "（")
    assert article.meta.date != "2019-06-18"
    text = dump(article)
    for chrome in ("时限", "截止", "征集状态", "查看征集结果", "结果反馈日期", "今天是"):
        assert chrome not in text
    assert article.body_text().startswith("市直有关部门：")


def test_a_flattened_metadata_table_gives_the_title_and_a_broken_subtitle_joins() -> None:
    page = (
        "文件名称 | 某某区2025年政府工作报告 | ||\n索引号 | /2025-0000 | 公开目录: | 工作报告 |\n"
        "文号 | 成文日期: | 2025年04月15日 | |\n"
        "2025年3月21日在某某区第十九届\n人民代表大会第四次会议上\n某某区人民政府代区长 某某某\n各位代表:\n"
        "现在,我代表区人民政府向大会报告工作,请予审议,并请区政协委员和其他列席人员提出意见。\n"
        "一、过去一年工作回顾\n2024年,我们紧扣高质量发展主题,实现地区生产总值增长5.2%。\n"
    )
    article, _ = clean_source(page.encode(), "report.txt")
    m = article.meta
    assert m.title == "某某区2025年政府工作报告"
    assert m.subtitle == "2025年3月21日在某某区第十九届人民代表大会第四次会议上"
    assert m.author == "某某区人民政府" and m.speaker.endswith("某某某")
    assert "索引号" not in dump(article) and article.blocks[0].kind == "salutation"


def test_a_date_before_the_title_is_not_its_subtitle() -> None:
    page = "• 索引号:\n11330000-2024-00012\n• 成文日期:\n2024年03月05日\n关于做好春季防火工作的通知\n" + BODY
    article, _ = clean_source(page.encode(), "p.txt")
    assert article.meta.subtitle == "" and article.meta.date == "2024-03-05"
    assert "11330000" not in dump(article)


def test_a_reposts_stamp_is_not_the_documents_date() -> None:
    page = (
        "國務院辦公廳關於建立責任追究制度的意見\n類別:紀檢監察   發布時間:2017-05-11 09:46:29   瀏覽:10064 次 [返回]\n"
        "國務院辦公廳關於建立責任追究制度的意見\n(國辦發〔2016〕63號)\n"
        "各省、自治區、直轄市人民政府，國務院各部委、各直屬機構：\n為建立責任追究制度，經國務院同意，現提出以下意見。\n"
    )
    article, log = clean_source(page.encode(), "mirror.txt")
    assert article.meta.date == "" and article.meta.doc_number == "國辦發〔2016〕63號"
    assert article.meta.author == "國務院辦公廳"
    assert any("a repost" in e.reason for e in log)


def test_related_lists_after_a_news_item_are_the_sites_tail() -> None:
    page = (
        "首页 > 新闻中心 > 部门动态\n某某县召开安全生产工作会议\n发布时间：2024-02-20 10:32 来源：县应急管理局 浏览次数：1234\n"
        "2月19日，某某县召开安全生产工作会议，总结去年工作，部署今年重点任务。\n"
        "会议强调，各乡镇、各部门要坚持人民至上、生命至上，压紧压实安全生产责任。\n"
        "相关新闻\n某某县开展节后复工复产安全检查，确保企业安全有序复工\n市领导检查森林防火工作，强调压实各方责任\n"
    )
    article, _ = clean_source(page.encode(), "news.txt")
    assert article.body_text().endswith("压紧压实安全生产责任。")


def test_anti_copy_noise_and_pinyin_never_reach_the_front_matter() -> None:
    page = "國務(wù)院辦公廳關(guān)於做好春耕工作的通知\n各省人民政府：\n請認真貫徹執行，aB3dQ9x確保各項措施落實。\n"
    article, _ = clean_source(page.encode(), "p.txt")
    assert article.meta.title == "國務院辦公廳關於做好春耕工作的通知"
    assert "aB3dQ9x" not in article.body_text() and "wù" not in dump(article)


def test_press_release_dated_today_with_the_title_year() -> None:
    page = (
        "行政長官發表《2021年施政報告》發言全文\n"
        "以下是行政長官今日（十月六日）上午向立法會發表《2021年施政報告》的發言全文：\n主席、各位議員：\n"
        "今天我發表任內第五份《施政報告》，聚焦發展，為未來勾劃藍圖。\n"
    )
    article, _ = clean_source(page.encode(), "hk.txt")
    assert article.meta.date == "2021-10-06"


def test_an_original_headline_note_is_evidence_not_a_title() -> None:
    page = "重磅！某市出台春季防火新规\n原标题：关于做好春季防火工作的通知\n关于做好春季防火工作的通知\n" + BODY
    article, _ = clean_source(page.encode(), "repost.txt")
    assert article.meta.title == "关于做好春季防火工作的通知"
    assert "原标题" not in dump(article) and "重磅" not in dump(article)


def test_a_long_title_is_a_title() -> None:
    # Issue 12, row 8: long 公文 titles (77 characters here, some 120) name their kind; not a sentence.
    title = (
        "关于印发《某某省推动制造业高质量发展、加快建设现代化产业体系、促进数字经济和实体经济深度融合以及优化营商环境的"
        "若干政策措施（2024—2026年）》的通知"
    )
    page = f"首页 > 政务公开\n{title}\n发布时间：2024-03-01\n各市人民政府，省政府各部门：\n现将有关政策措施印发给你们，请认真贯彻执行。\n"
    article, log = clean_source(page.encode(), "p.txt")
    assert article.meta.title == title
    assert article.blocks[0].kind == "salutation"
    assert not any("no title found" in e.reason for e in log)


def test_a_mostly_english_page_keeps_its_headline() -> None:
    # Issue 12, row 9.
    page = (
        "Home > News > Press Releases\nChina unveils new measures to boost private investment\n"
        "Source: Example Agency | Updated: 2024-03-01 10:32\n"
        "BEIJING, March 1 -- China on Friday unveiled a set of measures to encourage private investment, "
        "according to a document released by the State Council.\n"
        "The measures cover infrastructure, manufacturing and services.\nRelated stories\n"
        "Copyright 2024 Example News. All rights reserved.\n"
    )
    article, _ = clean_source(page.encode(), "en.txt")
    assert article.meta.title == "China unveils new measures to boost private investment"
    assert article.meta.date == "2024-03-01"
    assert "Updated" not in article.body_text() and "Related" not in article.body_text()


def test_a_caption_between_paragraphs_of_a_text_dump() -> None:
    page = (
        "首页 > 学校新闻\n我校召开智慧党建平台培训会\n发布时间：2021-04-09\n"
        "为全面推广使用好智慧党建平台，确保平台运转顺利、发挥作用，党委组织部举办了培训会。\n培训会现场\n"
        "会上，工作人员就平台的操作使用进行了培训讲解，并对常见问题逐一作了说明。\n党委组织部副部长某某讲话\n"
        "据悉，此次培训会是平台上线后组织的第三次全校性培训。\n"
    )
    article, _ = clean_source(page.encode(), "news.txt")
    assert article.meta.title == "我校召开智慧党建平台培训会"
    assert article.body_text().startswith("为全面推广")
    assert [b.kind for b in article.blocks] == ["paragraph"] * 5


def test_a_note_under_the_signature_and_a_letters_close_are_kept() -> None:
    page = (
        "关于做好春季防火工作的通知\n各单位：\n请认真贯彻执行，确保各项措施落到实处，推动工作取得实效。\n"
        "某某县应急管理局\n2024年3月1日\n注：本通知自印发之日起施行。\n回复\n使用道具 举报\n"
    )
    article, _ = clean_source(page.encode(), "p.txt")
    assert article.body_text().endswith("注：本通知自印发之日起施行。")
    letter = (
        "关于商请支持春季防火工作的函\n某某县林业局：\n为做好春季防火工作，请贵局给予支持，派员参加联合检查。\n此致\n敬礼！\n"
        "某某县应急管理局\n2024年3月1日\n"
    )
    article, _ = clean_source(letter.encode(), "letter.txt")
    assert "此致" in article.body_text() and "敬礼！" in article.body_text()


def test_text_continued_in_a_box_after_the_main_container_is_kept() -> None:
    para = "为进一步加强统计法治建设，防范和惩治统计造假、弄虚作假，根据有关规定，决定开展执法检查。"
    page = (
        "<html><body><div class='nav'><a>首页</a></div><h1>关于开展执法检查的通知</h1>"
        f"<div class='content'><p>{para}</p><p>{para}</p><p>{para}</p></div>"
        "<div class='more'><p>各地要高度重视，精心组织，确保检查工作取得实效，按时报送检查情况。</p></div>"
        "<div class='related'><p>相关文章</p><p>某某市召开统计工作会议</p></div></body></html>"
    )
    article, _ = clean_source(page.encode(), "p.html")
    assert article.body_text().endswith("按时报送检查情况。")


def test_html_paragraphs_of_even_width_are_not_hard_wraps() -> None:
    para = "为进一步加强统计法治建设，防范和惩治统计造假，根据有关规定，决定开展执法检查工作第{}项。"
    body = "".join(f"<p>{para.format(i)}</p>" for i in range(8))
    page = f"<html><body><h1>关于开展执法检查的通知</h1><div>{body}</div></body></html>"
    article, _ = clean_source(page.encode(), "p.html")
    assert [b.kind for b in article.blocks] == ["paragraph"] * 8


def test_an_attachment_list_under_a_bare_label_is_the_documents() -> None:
    page = (
        "关于做好春季防火工作的通知\n各单位：\n请认真贯彻执行，确保各项措施落到实处，推动工作取得实效。\n"
        "附件:\n1.2024年度防火工作先进单位名单\n2.2024年度防火工作先进个人名单\n某某县应急管理局\n2024年3月1日\n"
    )
    article, _ = clean_source(page.encode(), "p.txt")
    body = article.body_text()
    assert "附件" in body and "1.2024年度防火工作先进单位名单" in body and "先进个人名单" in body


def test_an_empty_attachment_label_of_a_template_is_chrome() -> None:
    page = (
        "关于做好春季防火工作的通知\n各单位：\n请认真贯彻执行，确保各项措施落到实处，推动工作取得实效。\n"
        "附件：\n扫一扫在手机打开当前页\n【返回顶部】【关闭本页】\n"
    )
    article, _ = clean_source(page.encode(), "p.txt")
    assert "附件" not in article.body_text()
