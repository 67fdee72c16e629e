"""A day page outside the navigation belongs to its month's page (the door's check, and the
plain way when MkDocs' pages do not pass ``active`` up)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page

from mkdocs_dairly.integrations.mkdocs_parents import parent_months


class StiffPage(Page):
    """A page whose ``active`` stays its own (as a future MkDocs might have it)."""

    @property  # type: ignore[override]
    def active(self) -> bool:
        return bool(getattr(self, "_stiff_active", False))

    @active.setter
    def active(self, value: bool) -> None:
        self._stiff_active = bool(value)


def _pages(tmp_path: Path, day_class: type[Page]) -> tuple[Page, Page, Section]:
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", "utf-8")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))

    def file(src_uri: str) -> File:
        return File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)

    month = Page(None, file("notes/2021/05/index.md"), config)
    year = Section("2021年", [month])
    month.parent = year
    day = day_class(None, file("notes/202105/0511.md"), config)
    return day, month, year


def test_a_day_page_gets_its_month_page_as_parent(tmp_path: Path, caplog) -> None:
    day, month, year = _pages(tmp_path, Page)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.dairly"):
        assert parent_months([(day, month)]) is True
    assert day.parent is month and not caplog.records
    assert (day.active, month.active, year.active) == (False, False, False)  # the check undone
    day.active = True
    assert month.active and year.active


@pytest.mark.parametrize("day_class", [StiffPage])
def test_without_active_passed_up_the_day_goes_under_the_year(
    tmp_path: Path, caplog, day_class: type[Page]
) -> None:
    day, month, year = _pages(tmp_path, day_class)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.dairly"):
        assert parent_months([(day, month)]) is False
    assert day.parent is year
    assert [r.getMessage() for r in caplog.records] == [
        "dairly: day pages under their month's page off for this build (MkDocs' Page.active "
        "does not pass itself up a page parent); building it the plain way"
    ]
