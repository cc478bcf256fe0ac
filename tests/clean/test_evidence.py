"""paiban.clean.evidence: what removed chrome says about the document."""

from __future__ import annotations

from paiban.clean import chrome as bp
from paiban.clean.evidence import Evidence, collect, page_titles, source_org


def test_a_publish_line_gives_the_date_and_the_issuing_body() -> None:
    ev = Evidence()
    collect(bp.load_vocab(), "发布时间：2024-03-05 来源：某某市应急管理局 浏览次数：123", "publish-info", ev)
    assert (ev.publish_date, ev.source_org) == ("2024-03-05", "某某市应急管理局")
    # The first line that says it counts.
    collect(bp.load_vocab(), "发布时间：2023-01-01 来源：某某市人民政府", "publish-info", ev)
    assert (ev.publish_date, ev.source_org) == ("2024-03-05", "某某市应急管理局")


def test_a_taiwan_stamp_is_in_roc_years() -> None:
    ev = Evidence()
    collect(bp.load_vocab(), "發布日期：113-04-18", "publish-info", ev)
    assert ev.publish_date == "2024-04-18"


def test_crumbs_footers_and_links_by_their_reason() -> None:
    ev = Evidence()
    vocab = bp.load_vocab()
    collect(vocab, "首页 > 通知公告", "breadcrumb", ev)
    collect(vocab, "版权所有：某某市人民政府办公室", "footer", ev)
    collect(vocab, "网址：https://www.example.gov.cn/", "link line", ev)  # the site's, not the document's
    assert (ev.breadcrumb, ev.copyright_owner, ev.source) == ("首页 > 通知公告", "某某市人民政府办公室", "")
    collect(vocab, "原文链接：https://www.example.gov.cn/a/1.html", "link line", ev)
    assert ev.source == "https://www.example.gov.cn/a/1.html"


def test_the_site_owner_names_a_source_more_fully() -> None:
    assert source_org(Evidence(source_org="市委办公室", copyright_owner="中共某某市委办公室")) == "中共某某市委办公室"
    assert source_org(Evidence(source_org="某某市应急管理局", copyright_owner="某某市人民政府")) == "某某市应急管理局"


def test_page_titles_strong_and_weak() -> None:
    ev = Evidence(table={"title": "关于 某某的通知"}, page={"page-title": "关于某某的通知_某某市人民政府网"})
    strong, weak = page_titles(ev)
    assert strong == {"关于某某的通知"}
    assert {"关于某某的通知_某某市人民政府网", "关于某某的通知"} <= weak
