"""The cleaner's ledger: which of the page's lines it removed and why, and the log it writes as it goes.

Every rule that removes a line records it here, so later rules can ask what is gone (a paragraph broken
only by a removed page number is re-joined; a short line next to removed chrome is chrome too) and the
log keeps every decision in the order it was taken.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from paiban.clean.blocks import PageLine
from paiban.model import LogEntry

PAGE_NUMBER = "page-number"  # the vocabulary's reason for a PDF dump's page number (data/boilerplate.yaml)


@dataclass(frozen=True)
class Removal:
    """One removed line: where it was, what it said, why it went."""

    index: int  # position in the page's lines
    line_no: int  # 1-based line of the decoded source (0: unknown)
    text: str  # as the log shows it (a table's cells joined)
    reason: str


@dataclass
class Ledger:
    """The removals made from `lines`, and `log`, the cleaner's log they are written to."""

    lines: list[PageLine]
    log: list[LogEntry]
    removals: list[Removal] = field(default_factory=list)
    _by_index: dict[int, Removal] = field(default_factory=dict, repr=False)

    def drop(self, i: int, reason: str) -> None:
        """Remove line `i` for `reason` (a line removed twice keeps its last reason)."""
        ln = self.lines[i]
        shown = ln.text or " | ".join(" ".join(r) for r in ln.rows)
        removal = Removal(i, ln.no, shown, reason)
        self.removals.append(removal)
        self._by_index[i] = removal
        self.log.append(LogEntry("removed", reason, shown, ln.no))

    def note(self, i: int, what: str) -> None:
        """Log that line `i` went into the front matter as `what`."""
        self.log.append(LogEntry("info", f"{what} → front matter", self.lines[i].text, self.lines[i].no))

    def removed(self, i: int) -> bool:
        return i in self._by_index

    def any_removed(self, indices: Iterable[int]) -> bool:
        return any(i in self._by_index for i in indices)

    def page_number(self, i: int) -> bool:
        """Line `i` was removed as a page number (a page break of a PDF dump)."""
        r = self._by_index.get(i)
        return r is not None and r.reason == PAGE_NUMBER

    def kept(self) -> list[int]:
        """The lines not removed that hold text or a table."""
        return [i for i, ln in enumerate(self.lines) if i not in self._by_index and (ln.text or ln.rows)]
