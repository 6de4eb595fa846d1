"""Match the workshop titles in an export to workshops, and explain the ones that fail.

A cell matches a workshop when, folded (case, accents, punctuation and spacing
ignored), it equals the workshop's title, its id, or a title given for it in the
mapping file; or else when it contains exactly one workshop title as whole words (forms
often add the speaker or the time to an option: "Integriteit in het lokaal bestuur
(Yassin El Kaddouri)").
"""

from __future__ import annotations

import difflib
import re

from scheduler.importers.text import fold
from scheduler.model import Workshop


class TitleMatcher:
    def __init__(self, workshops: list[Workshop], aliases: dict[str, str] | None = None) -> None:
        self.titles = {fold(w.display_title): w.id for w in workshops}
        self.exact = {fold(w.id): w.id for w in workshops} | self.titles
        self.display = {w.id: w.display_title for w in workshops}
        self.unknown_aliases: list[tuple[str, str]] = []
        for alias, target in (aliases or {}).items():
            workshop = self.exact.get(fold(target))
            if workshop is None:
                self.unknown_aliases.append((alias, target))
            else:
                self.exact[fold(alias)] = workshop

    def match(self, text: str) -> str | None:
        folded = fold(text)
        if folded in self.exact:
            return self.exact[folded]
        inside = [(len(title), workshop) for title, workshop in self.titles.items()
                  if title and re.search(rf"(?:^| ){re.escape(title)}(?: |$)", folded)]
        if not inside:
            return None
        inside.sort(reverse=True)
        # The longest contained title wins, unless another one is as long.
        if len(inside) > 1 and inside[0][0] == inside[1][0]:
            return None
        return inside[0][1]

    def closest(self, text: str, n: int = 3) -> list[str]:
        """Up to `n` workshop titles that look most like `text`, best first."""
        folded = fold(text)
        scored = []
        for title, workshop in self.titles.items():
            ratio = difflib.SequenceMatcher(None, folded, title).ratio()
            # A short cell that starts a title ("Ondermijning") is close to that title.
            if folded and title.startswith(folded):
                ratio = max(ratio, 0.9)
            scored.append((ratio, self.display[workshop]))
        scored.sort(key=lambda s: (-s[0], s[1]))
        return [title for ratio, title in scored[:n] if ratio >= 0.5]

    def all_titles(self) -> list[str]:
        return list(self.display.values())
