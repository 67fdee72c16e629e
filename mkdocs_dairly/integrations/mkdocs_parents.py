"""A day page outside the navigation belongs to its month's page, through the door.

MkDocs types ``Page.parent`` as a ``Section``; a day page that is not a navigation item is
given its month's *page* as parent instead, so that MkDocs' ``active`` flag (which a page
passes up its parents while it is rendered) opens and highlights the month in Material's
sidebar, and its breadcrumbs lead through the month. That rests on ``Page.active`` passing
itself up ``parent``, checked on the first such page in every build; if it does not, a day
page's parent is its month's own parent section (the year opens; the month is not
highlighted).
"""

from __future__ import annotations

from mkdocs.structure.pages import Page

from .door import use


def parent_months(pairs: list[tuple[Page, Page]]) -> bool:
    """Give each day page of ``pairs`` (day page, month page) its month page as parent, if
    MkDocs passes ``active`` up to a page parent; else the month's parent section."""
    if not pairs:
        return False

    def check() -> str | None:
        day, month = pairs[0]
        before = (day.parent, day.active, month.active)
        try:
            day.parent = month  # type: ignore[assignment]
            day.active = True
            passed_up = month.active is True
            day.active = False
            passed_down = month.active is False
        finally:
            day.parent, _, _ = before
            day.active, month.active = before[1], before[2]
        if not (passed_up and passed_down):
            return "MkDocs' Page.active does not pass itself up a page parent"
        return None

    def install() -> None:
        for day, month in pairs:
            day.parent = month  # type: ignore[assignment]

    if use("day pages under their month's page", check, install):
        return True
    for day, month in pairs:
        day.parent = month.parent
    return False
