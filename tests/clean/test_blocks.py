"""clean.blocks: headings by outline convention with document-relative levels; sentences stay paragraphs."""

from __future__ import annotations

import pytest

from paiban.clean.blocks import PageLine, build_blocks, is_numbered_heading, is_salutation, join_wrapped
from paiban.markers import outline_kind


def blocks(*texts: str) -> list[tuple[str, int, str]]:
    return [(b.kind, b.level, b.text or "|".join(b.lines)) for b in build_blocks([PageLine(t) for t in texts])]


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("一、学思想践忠诚，高站位政治引领", True),
        ("一、根据《宪法》和有关法律，制定本规则。", False),
        ("（一）加强组织领导。各地要高度重视。", False),
        ("一是开展主题教育凝心铸魂", False),
        ("二、工作要求：", True),
    ],
)
def test_numbered_sentence_is_not_a_heading(text: str, heading: bool) -> None:
    assert is_numbered_heading(text) is heading


def test_part_headings_sit_above_sections() -> None:
    got = blocks(
        "各位委员、同志们：",
        "现在，我代表常委会报告工作。",
        "2023年工作回顾",
        "一年来，我们做了大量工作。",
        "一、学思想践忠诚",
        "一是开展主题教育。二是把牢政治方向。",
        "2024年工作安排",
        "一、要更加旗帜鲜明坚持党的领导",
        "人民政协是政治组织。",
    )
    assert got == [
        ("salutation", 0, "各位委员、同志们："),
        ("paragraph", 0, "现在，我代表常委会报告工作。"),
        ("heading", 1, "2023年工作回顾"),
        ("paragraph", 0, "一年来，我们做了大量工作。"),
        ("heading", 2, "一、学思想践忠诚"),
        ("paragraph", 0, "一是开展主题教育。二是把牢政治方向。"),
        ("heading", 1, "2024年工作安排"),
        ("heading", 2, "一、要更加旗帜鲜明坚持党的领导"),
        ("paragraph", 0, "人民政协是政治组织。"),
    ]


def test_levels_follow_the_document() -> None:
    got = blocks(
        "（一）总体目标", "到2025年，基本建成体系。", "1.储备布局", "科学确定数量。", "（二）保障措施", "加强领导。"
    )
    assert [(k, lv) for k, lv, _ in got] == [
        ("heading", 1),
        ("paragraph", 0),
        ("heading", 2),
        ("paragraph", 0),
        ("heading", 1),
        ("paragraph", 0),
    ]


def test_articles_are_paragraphs_under_chapters() -> None:
    got = blocks("第一章 总则", "第一条 为了加强管理，制定本办法。", "第二条 本办法适用于全省。")
    assert got[0] == ("heading", 1, "第一章 总则")
    assert [k for k, _, _ in got[1:]] == ["paragraph", "paragraph"]


def test_closing_with_signature_and_date_and_a_note_after_it() -> None:
    got = blocks("各单位：", "请认真贯彻执行。", "某市人民政府办公室", "二〇二四年三月五日", "（此件公开发布）")
    assert got[-2] == ("closing", 0, "某市人民政府办公室|二〇二四年三月五日")
    assert got[-1] == ("paragraph", 0, "（此件公开发布）")


def test_short_last_line_without_date_is_not_a_closing() -> None:
    got = blocks("请认真贯彻执行。", "谢谢大家！")
    assert [k for k, _, _ in got] == ["paragraph", "paragraph"]


def test_salutation_is_an_address_not_a_lead_in() -> None:
    assert is_salutation("各位委员、同志们：")
    assert is_salutation("各省、自治区、直辖市人民政府，国务院各部委、各直属机构：")
    assert not is_salutation("根据上级部署，现将有关事项通知如下：")
    assert not is_salutation("一、会议时间：")


def test_hard_wrapped_lines_are_rejoined() -> None:
    wrapped = [
        PageLine("　　现将《北河市优化营商环境三年行动方案》印发给你们，请结合实", indent=True),
        PageLine("际认真贯彻落实。各单位要把优化营商环境作为一把手工程，主要负"),
        PageLine("责同志亲自研究部署。"),
        PageLine("　　本方案实施中遇到的新情况、新问题，请及时向办公室反映，确", indent=True),
        PageLine("保各项措施落地见效，不断提升企业和群众的获得感和满意度水平。"),
        PageLine("　　一、总体目标", indent=True),
    ]
    out, joins = join_wrapped([PageLine(ln.text.strip("\u3000"), indent=ln.indent) for ln in wrapped])
    assert joins == 3
    assert [ln.text for ln in out] == [
        "现将《北河市优化营商环境三年行动方案》印发给你们，请结合实际认真贯彻落实。各单位要把优化营商环境"
        "作为一把手工程，主要负责同志亲自研究部署。",
        "本方案实施中遇到的新情况、新问题，请及时向办公室反映，确保各项措施落地见效，不断提升企业和群众的"
        "获得感和满意度水平。",
        "一、总体目标",
    ]


def test_unwrapped_text_is_left_alone() -> None:
    lines = [
        PageLine("短行"),
        PageLine("另一段落，长度不同。"),
        PageLine("第三段，内容也不一样长短。"),
        PageLine("结束。"),
    ]
    out, joins = join_wrapped(lines)
    assert joins == 0 and len(out) == 4


def test_table_of_contents_entries_are_not_headings() -> None:
    got = blocks(
        "目录",
        "第一章 总则",
        "第二章 规划与建设",
        "第三章 附则",
        "第一章 总则",
        "第一条 为了加强管理，制定本办法。",
        "第二章 规划与建设",
        "第二条 城市供水规划由主管部门编制。",
        "第三章 附则",
        "第三条 本办法自发布之日起施行。",
    )
    assert [k for k, _, _ in got[:4]] == ["paragraph"] * 4
    assert [t for k, _, t in got if k == "heading"] == ["第一章 总则", "第二章 规划与建设", "第三章 附则"]


def test_dot_leader_lines_are_toc_entries() -> None:
    got = blocks("一、总体要求……………………1", "二、主要任务……………………3", "一、总体要求", "坚持稳中求进。")
    assert [k for k, _, _ in got] == ["paragraph", "paragraph", "heading", "paragraph"]


def test_signature_inside_the_text_closes_the_notice_not_a_heading() -> None:
    got = blocks(
        "各省、自治区、直辖市人民政府：",
        "现将《节能降碳行动方案》印发给你们，请认真贯彻执行。",
        "国务院",
        "2024年5月23日",
        "节能降碳行动方案",
        "节约资源是我国的基本国策。",
        "一、总体要求",
        "坚持节约优先。",
    )
    assert [k for k, _, _ in got] == [
        "salutation",
        "paragraph",
        "closing",
        "heading",
        "paragraph",
        "heading",
        "paragraph",
    ]
    assert got[2][2] == "国务院|2024年5月23日"
    assert got[3][1] == 1 and got[5][1] == 2


def test_numbered_line_with_a_stop_follows_its_siblings() -> None:
    got = blocks("（一）减量替代行动。", "1.严格控制煤炭消费。加强清洁利用。", "（二）消费提升行动", "加大开发力度。")
    assert [(k, lv) for k, lv, _ in got] == [("heading", 1), ("paragraph", 0), ("heading", 1), ("paragraph", 0)]
    rules = blocks("一、不得超标准配车。", "二、不得违规报销。", "三、不得公款吃喝。")
    assert [k for k, _, _ in rules] == ["paragraph"] * 3


def test_signature_with_a_signed_position() -> None:
    got = blocks("请认真贯彻执行。", "某市人民政府", "市长：张三", "2024年1月8日")
    assert got[-1] == ("closing", 0, "某市人民政府|市长：张三|2024年1月8日")


def test_a_single_unnumbered_line_does_not_become_a_level_above_the_sections() -> None:
    got = blocks(
        "现在报告工作。",
        "过去一年的主要工作",
        "一年来成绩显著。",
        "一、经济发展",
        "增长较快。",
        "二、社会事业",
        "全面进步。",
    )
    assert [(k, lv) for k, lv, _ in got if k == "heading"] == [("heading", 1), ("heading", 1)]


def test_attachment_list_items_are_not_headings() -> None:
    got = blocks(
        "一、考试安排",
        "1. 各学院须于6月10日前将考试安排报送教务处。",
        "2. 公共课考试由教务处统一安排，详见附件1。",
        "二、考务要求",
        "监考教师应提前15分钟到达考场，严格执行考场规则。",
        "附件：1.2024年春季学期公共课考试安排表",
        "2.监考人员须知",
        "3.考场规则.docx",
    )
    assert [(kind, text) for kind, _level, text in got if kind == "heading"] == [
        ("heading", "一、考试安排"),
        ("heading", "二、考务要求"),
    ]


# ----------------------------------------------------------------------------- outlines seen on real sites


def test_decimal_outline_sits_under_its_numbers() -> None:
    out = blocks(
        "1.总则",
        "1.1编制目的",
        "为规范应急管理工作，制定本预案。",
        "1.2编制依据",
        "依据有关法律法规。",
        "2.组织机构",
        "2.1领导小组",
        "市政府成立领导小组。",
    )
    heads = [(lv, t) for k, lv, t in out if k == "heading"]
    assert heads == [(1, "1.总则"), (2, "1.1编制目的"), (2, "1.2编制依据"), (1, "2.组织机构"), (2, "2.1领导小组")]
    assert outline_kind("3.2亿元投入民生") != "num-dec"  # a figure, not a section number


def test_glued_two_digit_numbers_need_zero_padding() -> None:
    padded = blocks(
        "01综合", "全年地区生产总值增长百分之五，经济运行稳中向好。", "02农业", "粮食产量保持稳定，农业基础巩固。"
    )
    assert [t for k, _, t in padded if k == "heading"] == ["01综合", "02农业"]
    plain = blocks("开头的一段话，说明本年情况。", "12家企业完成技术改造，效果良好。", "10月31日召开会议，部署工作。")
    assert all(k == "paragraph" for k, _, _ in plain)


def test_contents_are_not_headings() -> None:
    out = blocks(
        "某某市应急预案目录",
        "1.总则",
        "2.组织机构",
        "3.监测预警",
        "1.总则",
        "为规范应急工作，制定本预案。",
        "2.组织机构",
        "市政府设立指挥部，统一领导应急工作。",
    )
    heads = [t for k, _, t in out if k == "heading"]
    assert heads.count("1.总则") == 1 and heads.count("2.组织机构") == 1
    assert ("paragraph", 0, "3.监测预警") in out
    # Six headings in a row, none with text under it: a contents list even when the excerpt stops early.
    toc = blocks(
        "一、总则", "二、组织", "三、预警", "四、响应", "五、保障", "六、附则", "一、总则", "为做好工作，制定本预案。"
    )
    assert [t for k, _, t in toc if k == "heading"] == ["一、总则"]


def test_numbered_lead_ins_and_cut_sentences_are_not_headings() -> None:
    assert not is_numbered_heading("四、公报刊登资料之格式应依下列规定办理：")
    assert not is_numbered_heading("二、公报编辑分为以下八篇，并发行单篇抽印本：")
    assert not is_numbered_heading("（二）刊登资料应以附件方式随「预定刊登公报函")
    assert not is_numbered_heading("3.增强交通、水利等项目招投标监管，依法必须招标的项目不得违法限制投标人")
    assert is_numbered_heading("一、深化改革开放，增强发展活力")


def test_a_stop_ended_heading_above_deeper_items() -> None:
    out = blocks(
        "一、发挥重大项目牵引作用",
        "（一）支持民间投资参与重大工程建设。",
        "1.聚焦国家重大工程，吸引民间资本参与建设运营。",
        "2.对收益稳定的项目，采取多种方式吸引民间资本。",
    )
    assert ("heading", 2, "（一）支持民间投资参与重大工程建设。") in out


def test_letter_spaced_parts_beside_chapters_are_siblings() -> None:
    out = blocks(
        "导 言",
        "现代化是人类社会发展的大趋势，各国都在探索。",
        "第一章 发展历程",
        "一、百年征程",
        "一百多年来，道路越走越宽。",
        "第二章 基本特征",
        "二、人口规模",
        "人口规模巨大是基本国情。",
        "结 语",
        "当前，世界之变正以前所未有的方式展开。",
    )
    heads = [(lv, t) for k, lv, t in out if k == "heading"]
    assert heads == [
        (1, "导 言"),
        (1, "第一章 发展历程"),
        (2, "一、百年征程"),
        (1, "第二章 基本特征"),
        (2, "二、人口规模"),
        (1, "结 语"),
    ]


def test_a_single_report_part_is_kept() -> None:
    out = blocks(
        "各位代表：",
        "我受常委会委托，向大会报告工作，请予审议。",
        "过去五年工作回顾",
        "过去五年，我们依法履职。",
        "一、坚持党的领导",
        "常委会坚持正确政治方向。",
    )
    assert ("heading", 1, "过去五年工作回顾") in out and ("heading", 2, "一、坚持党的领导") in out


def test_captions_are_never_headings() -> None:
    lines = [
        PageLine("会议指出，要全面推广使用好平台，确保平台运转顺利、发挥作用。"),
        PageLine("培训会现场", caption=True),
        PageLine("会上，工作人员就平台的操作使用进行了培训讲解，并逐一作了说明。"),
    ]
    assert [b.kind for b in build_blocks(lines)] == ["paragraph", "paragraph", "paragraph"]


def test_a_new_document_after_a_signature_is_headed() -> None:
    out = blocks(
        "第32/2020號行政長官批示",
        "行政長官行使基本法賦予的職權，作出本批示。",
        "二零二零年二月七日",
        "行政長官 某某",
        "第33/2020號行政長官批示",
        "行政長官行使基本法賦予的職權，並根據有關規定，作出本批示。",
        "本批示自公佈翌日起生效。",
    )
    assert ("heading", 1, "第33/2020號行政長官批示") in out


def test_a_forwarded_plans_title_on_two_lines_heads_it() -> None:
    out = blocks(
        "各地级以上市人民政府：",
        "现将实施方案印发给你们，请认真贯彻执行。",
        "某某省人民政府办公厅",
        "2023年3月17日",
        "某某省进一步支持民间",
        "投资发展的实施方案",
        "为进一步加大政策支持力度，激发民间投资活力，制定本方案。",
        "一、发挥重大项目牵引作用",
        "支持民间投资参与重大工程。",
    )
    assert ("heading", 1, "某某省进一步支持民间投资发展的实施方案") in out
    assert ("heading", 2, "一、发挥重大项目牵引作用") in out
