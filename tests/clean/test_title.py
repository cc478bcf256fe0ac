"""title: the run of head lines the evidence weighs highest is the title."""

from __future__ import annotations

from paiban.clean.title import best_title_run, nav_shape

NO_EVIDENCE: tuple[set[str], set[str], set[str], set[str]] = (set(), set(), set(), set())


def pick(
    heads: list[str],
    evidence: tuple[set[str], set[str], set[str], set[str]] = NO_EVIDENCE,
    tags: list[str] | None = None,
) -> str:
    keys = [h.replace(" ", "") for h in heads]
    a, b, _ = best_title_run(list(range(len(heads))), keys, heads, tags or [""] * len(heads), evidence)
    return "".join(keys[a:b])


def test_the_kind_at_the_end_and_the_place_under_the_menus() -> None:
    heads = ["转繁体版", "医院概况", "历史沿革", "通知公告", "新闻动态", "我院举办2019年药学理论与技能大赛"]
    assert pick(heads) == "我院举办2019年药学理论与技能大赛"
    assert pick(["某某市人民政府", "首页", "关于做好春季防火工作的通知"]) == "关于做好春季防火工作的通知"


def test_a_title_broken_over_lines_is_joined() -> None:
    assert (
        pick(["中国人民政治协商会议", "某某市第九届委员会常务委员会工作报告"])
        == "中国人民政治协商会议某某市第九届委员会常务委员会工作报告"
    )
    # An issuer named once, right above its 关于 line, opens the title.
    assert (
        pick(["首页", "某某市人民代表大会常务委员会", "关于批准某某事项的", "决议"])
        == "某某市人民代表大会常务委员会关于批准某某事项的决议"
    )


def test_the_pages_metadata_outweighs_shape() -> None:
    evidence: tuple[set[str], set[str], set[str], set[str]] = ({"某某县2023年统计公报"}, set(), set(), set())
    assert (
        pick(["政务公开", "某某县2023年统计公报", "某某县人民政府办公室关于印发方案的通知"], evidence)
        == "某某县2023年统计公报"
    )


def test_notes_labels_and_link_rows_are_not_titles() -> None:
    assert pick(["2023年8月28日某某州人大常委会主任会议修订", "某某州机关公文处理办法"]) == "某某州机关公文处理办法"
    assert pick(["发布文号：会版字第0930029387号", "某某院公报编辑作业注意事项"]) == "某某院公报编辑作业注意事项"
    assert (
        pick(["学校网站 ENGLISH 旧版回顾", "关于某某大学章程草案制定情况的报告"])
        == "关于某某大学章程草案制定情况的报告"
    )


def test_nav_shape() -> None:
    assert nav_shape("首页 | 政务公开 | 政务服务 | 互动交流")
    assert not nav_shape("第 21/2020 號行政長官批示")
    assert not nav_shape("（一）优化 储备 布局 调整")
