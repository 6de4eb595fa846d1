"""Match the workshop titles in an export to workshops, and explain the ones that fail.

A cell matches a workshop when, folded (case, accents, punctuation and spacing
ignored), it equals the workshop's title, its id, or a title given for it in the
mapping file; or else when it contains exactly one workshop title as whole words (forms
often add the speaker or the time to an option: "Integriteit in het lokaal bestuur
(Yassin El Kaddouri)"). A cell that contains two titles (a checkbox question's answer,
"Integriteit in het lokaal bestuur, Bedreiging en intimidatie van ambtsdragers") names
both, and the importer refuses it: it cannot tell which is the choice.
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

    def match(self, text: str) -> list[str]:
        """The workshops a cell names: one, none, or (for a cell that lists several, as
        a checkbox question writes them) each of them."""
        folded = fold(text)
        if folded in self.exact:
            return [self.exact[folded]]
        spans = [(found.start(1), found.end(1), workshop)
                 for title, workshop in self.titles.items() if title
                 for found in re.finditer(rf"(?:^| )({re.escape(title)})(?= |$)", folded)]
        # A title inside a longer one that the cell names ("Integriteit" in "Integriteit
        # in het lokaal bestuur") is part of that one, not a choice of its own.
        named = [workshop for start, end, workshop in sorted(spans)
                 if not any(s <= start and end <= e and e - s > end - start
                            for s, e, _ in spans)]
        return list(dict.fromkeys(named))

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
