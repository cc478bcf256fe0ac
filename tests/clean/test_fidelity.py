"""The cleaner's last check: a page that kept almost none of its Chinese text is refused, not printed as a shell."""

from __future__ import annotations

import pytest

from paiban.clean.fidelity import MIN_JUDGED, MIN_KEPT_HTML, MIN_KEPT_TEXT, check_kept, ideographs
from paiban.errors import PaibanError
from paiban.model import Article, Block, Meta

SENTENCE = "各单位要按照统一部署认真做好有关工作"  # 18 ideographs


def kept(n: int) -> Article:
    """An article whose title and body hold `n` ideographs of SENTENCE, with punctuation and digits."""
    text = (SENTENCE * (n // len(SENTENCE) + 1))[:n]
    return Article(Meta(title=text[:6]), [Block("paragraph", "2024，" + text[6:] + "。")])


def test_ideographs_counts_every_plane_and_nothing_else() -> None:
    assert ideographs("中文，English 123。") == 2
    assert ideographs("㐀丽𠀀𪚥") == 4  # extension A, a compatibility ideograph, extension B
    assert ideographs("〇、①（）—…") == 0  # 〇 is a symbol block character, not a unified ideograph


@pytest.mark.parametrize(("is_html", "floor"), [(False, MIN_KEPT_TEXT), (True, MIN_KEPT_HTML)])
def test_the_floor_is_a_share_of_the_page(is_html: bool, floor: float) -> None:
    page = SENTENCE * 50  # 900 ideographs
    least = int(ideographs(page) * floor + 0.999)  # the smallest count that is not below the floor
    check_kept(page, kept(least), "报告.txt", is_html)
    with pytest.raises(PaibanError) as exc:
        check_kept(page, kept(least - 1), "报告.txt", is_html)
    message = str(exc.value)
    assert "报告.txt" in message and f"kept only {least - 1} of the page's 900 Chinese characters" in message
    assert "refusing to print a shell" in message


def test_a_page_too_short_to_judge_passes_whatever_it_keeps() -> None:
    page = (SENTENCE * 20)[: MIN_JUDGED - 1]
    check_kept(page, kept(0), "短.txt", is_html=False)
    with pytest.raises(PaibanError):
        check_kept(page + "中", kept(0), "短.txt", is_html=False)


def test_the_title_counts_as_kept() -> None:
    page = SENTENCE * 50
    article = kept(900)
    check_kept(page, article, "报告.txt", is_html=False)
    title_only = Article(Meta(title_lines=[SENTENCE * 9]), [])  # 162 of 900: below the plain-text floor
    with pytest.raises(PaibanError):
        check_kept(page, title_only, "报告.txt", is_html=False)
    check_kept(page, title_only, "报告.html", is_html=True)  # above the HTML one
