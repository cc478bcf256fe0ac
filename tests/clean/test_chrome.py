"""boilerplate: chrome recognized by kind (vocabulary data), not by site; body text is never chrome."""

from __future__ import annotations

import pytest

from paiban.clean.chrome import (
    breadcrumb_category,
    chrome_reason,
    copyright_owner,
    is_bare_label,
    is_metadata_row,
    is_random_token,
    load_vocab,
    metadata_pairs,
    opens_tail,
    strip_inline,
)

V = load_vocab()


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("您所在的当前位置: 首页>首页(封)>政协文献>工作报告", "breadcrumb"),
        ("當前位置：首頁 > 最新消息", "breadcrumb"),
        ("首页 > 新闻中心 > 通知公告", "breadcrumb"),
        ("时间:2024/02/06 03:02:26 【字体:][][", "publish-info"),
        ("发布时间：2024-01-20 来源：市政府办公室", "publish-info"),
        ("浏览次数：1352", "publish-info"),
        ("责任编辑:", "publish-info"),
        ("[字体：大 中 小]", "widget"),
        ("【打印本页】【关闭窗口】", "widget"),
        ("上一篇：关于做好某项工作的通知", "widget"),
        ("分享到：微信 微博", "share"),
        ("扫一扫在手机打开当前页", "widget"),
        ("跳过导航", "navigation"),
        ("版权所有:中国人民政治协商会议四平市委员会 备案号:吉ICP备14002231号-1", "footer"),
        ("吉公网安备 22030202000041号", "footer"),
        ("网站标识码：2200000012", "footer"),
        ("技术支持：某某科技有限公司", "footer"),
        ("Copyright © 2023 东湖大学 All Rights Reserved.", "footer"),
        ("本站文章均为原创，未经授权禁止转载", "anti-copy"),
        ("— 3 —", "page-number"),
        ("第3页/共10页", "page-number"),
    ],
)
def test_strong_chrome_anywhere(line: str, reason: str) -> None:
    assert chrome_reason(V, line, outside=False) == reason


@pytest.mark.parametrize(
    "line",
    [
        "时间：2024年3月1日上午9时",
        "来源：市统计局",
        "地址：市政府三楼会议室",
        "主办单位：市总工会",
    ],
)
def test_weak_chrome_only_outside_the_document(line: str) -> None:
    assert chrome_reason(V, line, outside=False) is None
    assert chrome_reason(V, line, outside=True) is not None


@pytest.mark.parametrize(
    "line",
    [
        "现在，我代表中国人民政治协商会议四平市第九届委员会常务委员会，向大会报告工作，请予审议。",
        "各地要依法保护著作权人的版权所有权益，严厉打击侵权盗版行为，维护良好的市场秩序和创新环境。",
        "一、总体要求",
        "2023年工作回顾",
    ],
)
def test_body_text_is_not_chrome(line: str) -> None:
    assert chrome_reason(V, line, outside=True) is None


def test_metadata_table_rows() -> None:
    row = "索引号：11220000013544357T/2024-00215      主题分类：城乡建设、环境保护"
    assert is_metadata_row(V, row)
    assert metadata_pairs(V, row) == [
        ("index", "索引号", "11220000013544357T/2024-00215"),
        ("category", "主题分类", "城乡建设、环境保护"),
    ]
    assert ("title", "标题", "吉林省城市供水管理办法") in metadata_pairs(V, "标　　题：吉林省城市供水管理办法")
    assert is_bare_label(V, "发文机关：") == "author"
    assert is_bare_label(V, "发文机关：国务院") is None
    assert is_bare_label(V, "索引号") == "index" and is_bare_label(V, "标题") is None
    assert not is_metadata_row(V, "各地要根据人口规模确定储备库点数量。")


def test_breadcrumb_category_is_the_last_meaningful_item() -> None:
    assert breadcrumb_category(V, "您所在的当前位置: 首页>首页(封)>政协文献>工作报告") == "工作报告"
    assert breadcrumb_category(V, "您现在的位置：首页 >> 政务公开 >> 通知公告 >> 正文") == "通知公告"
    assert breadcrumb_category(V, "当前位置：首页 > 通知 > 关于放假的通知", title="关于放假的通知") == "通知"
    assert breadcrumb_category(V, "当前位置：首页") == ""


def test_copyright_owner() -> None:
    assert copyright_owner("版权所有:中国人民政治协商会议四平市委员会 备案号:吉ICP备14002231号-1") == (
        "中国人民政治协商会议四平市委员会"
    )
    assert copyright_owner("臺中市政府 版權所有 Copyright 2024") == "臺中市政府"
    assert copyright_owner("版權所有 港澳政協資訊網 Copyright 2024") == ""  # a website is not an author
    assert copyright_owner("主办单位：应急管理部办公厅") == "应急管理部办公厅"


def test_inline_junk_is_removed_and_reported() -> None:
    text, removed = strip_inline(V, "市政協(xié)召開會議，陳立(lì)新出席。【本文來源於某某資訊網】")
    assert text == "市政協召開會議，陳立新出席。"
    assert [r for r, _ in removed] == ["pinyin-gloss", "pinyin-gloss", "watermark"]
    kept, none = strip_inline(V, "国内生产总值(GDP)增长，见附件(1)。")
    assert none == [] and kept == "国内生产总值(GDP)增长，见附件(1)。"


def test_sidecar_patterns_extend_the_vocabulary() -> None:
    v = load_vocab([r"^本网记者\S+报道$", "（本报讯）"])
    assert chrome_reason(v, "本网记者张三报道", outside=False) == "site pattern (sidecar)"
    text, removed = strip_inline(v, "（本报讯）会议召开。")
    assert text == "会议召开。" and removed == [("site pattern (sidecar)", "（本报讯）")]


def test_a_label_that_can_open_text_is_a_metadata_row_only_among_metadata_rows() -> None:
    assert not is_metadata_row(V, "有效性：有效")
    assert is_metadata_row(V, "有效性：有效", in_table=True)
    assert not is_metadata_row(V, "附件：实施方案")


def test_metadata_block_in_a_text_dump_is_dropped_whole() -> None:
    from paiban.clean.page import clean_source

    page = (
        "索引号：11330000002482170Q/2024-00123\n发布机构：省发展改革委\n文号：浙发改规划〔2024〕56号\n有效性：有效\n"
        "关于印发《某某实施方案》的通知\n各市、县（市、区）发展改革委：\n现将《某某实施方案》印发给你们，请认真贯彻落实。\n"
        "附件：某某实施方案\n"
    ).encode()
    article, log = clean_source(page, "zwgk.txt")
    assert article.meta.title == "关于印发《某某实施方案》的通知"
    assert any(e.text == "有效性：有效" and e.reason == "metadata table" for e in log)
    assert "附件：某某实施方案" in article.body_text()


def test_breadcrumb_joined_by_bare_hyphens_between_ideographs() -> None:
    from paiban.clean.chrome import breadcrumb_last

    assert breadcrumb_last("当前位置：首页-政务公开-年度报告") == "年度报告"
    assert breadcrumb_last("首页 > 专题 > COVID-19防控") == "COVID-19防控"


@pytest.mark.parametrize("line", ["【纠错】 【责任编辑:张某某】", "阅读下一篇：", "【我要纠错】责任编辑：李某"])
def test_news_site_tail_lines_are_chrome(line: str) -> None:
    assert chrome_reason(V, line, outside=False) is not None


@pytest.mark.parametrize(
    ("token", "random"),
    [
        ("aB3dQ9x", True),
        ("xQ7bR2mK", True),
        ("GDP", False),
        ("GB18030", False),
        ("iPhone15", False),
        ("2024", False),
        ("Windows", False),
        ("H7N9", False),
    ],
)
def test_random_tokens(token: str, random: bool) -> None:
    assert is_random_token(token) is random


def test_anti_copy_noise_is_cut_from_the_text_it_splits() -> None:
    text, junk = strip_inline(V, "各地要充分认识当前形势的严峻性，aB3dQ9x压实责任，落实iPhone15促销。")
    assert text == "各地要充分认识当前形势的严峻性，压实责任，落实iPhone15促销。"
    assert junk == [("anti-copy noise", "aB3dQ9x")]


def test_labels_after_bullets() -> None:
    assert is_bare_label(V, "• 索引号:") == "index"
    assert is_metadata_row(V, "▪ 主题分类：综合政务")


@pytest.mark.parametrize(
    ("line", "opens"),
    [
        ("相关新闻", True),
        ("推荐阅读：", True),
        ("上一篇：某某县开展安全检查", True),
        ("猜你喜欢", True),
        ("相关部门要加强协作，形成工作合力。", False),
        ("上一年度工作总结", False),
    ],
)
def test_tail_openers(line: str, opens: bool) -> None:
    assert opens_tail(V, line) is opens


@pytest.mark.parametrize(
    "line",
    [
        "浏览:7456次'时间:2020年2月7日",
        "阅读: 7384 评论: 1",
        "关联稿件：",
        "相关解读：《某某县统计公报》解读",
        "图文解读：《某某县2022年统计公报》 2023-07-12",
        "您访问的链接即将离开'某某网站'是否继续？",
        "X",
        "某某省人民政府网提示：使用大于1366*768分辨率/IE10.0或以上浏览器可以获得最佳浏览效果！",
    ],
)
def test_chrome_seen_on_real_sites(line: str) -> None:
    assert chrome_reason(V, line, outside=False)
