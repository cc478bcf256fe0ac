"""The cleaner's last check: a page that lost most of its Chinese text is refused, not printed as a shell.

Cleaning removes site chrome, so some loss is normal: a plain-text dump keeps more than half of its
ideographs (the lowest of the test corpus and the cleaning dev set keeps 56 %; a short notice under a
long site header keeps less), a saved HTML page with menus and sidebars often under a third (22 %).
What no real page does is keep almost nothing: that is a page whose text the decoder or the HTML reader
failed to reach (mojibake, a parser cut, an unknown layout), and printing its title over an empty body
would lose the document without a word.
"""

from __future__ import annotations

from paiban.errors import PaibanError
from paiban.hanzi import is_ideograph
from paiban.model import Article

# Below these shares of the page's ideographs, the result is a shell of the page.
MIN_KEPT_TEXT = 1 / 5
MIN_KEPT_HTML = 1 / 10
# A page with fewer ideographs than this is too short to judge by shares.
MIN_JUDGED = 200


def ideographs(text: str) -> int:
    """CJK ideographs in `text` (`hanzi.is_ideograph`: the ideograph blocks, not 〇 or other symbols)."""
    return sum(1 for c in text if is_ideograph(c))


def check_kept(page_text: str, article: Article, name: str, is_html: bool) -> None:
    """Raise PaibanError when `article` keeps too small a share of the ideographs of `page_text`."""
    before = ideographs(page_text)
    if before < MIN_JUDGED:
        return
    after = ideographs(article.meta.front_text() + article.body_text())
    floor = MIN_KEPT_HTML if is_html else MIN_KEPT_TEXT
    if after < before * floor:
        raise PaibanError(
            name,
            f"cleaning kept only {after} of the page's {before} Chinese characters "
            f"({after / before:.0%}); refusing to print a shell of it (see the clean log)",
        )
