"""Localized labels for generated nav entries, headings and cards (``zh`` and ``en``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class Labels:
    """All generated text of one language. Templates receive it as ``t``."""

    lang: str
    home: str
    archive: str
    notes: str
    latest: str
    earlier_days: str
    open_day: str
    full_archive: str
    paper: str
    code: str
    demo: str
    video: str
    tags: str
    untitled: str
    permalink: str
    no_days: str
    newer: str
    older: str
    on_this_day: str
    filter: str
    filter_all: str
    best_of: str
    # The explore page; "{n}", "{m}" are replaced.
    explore: str
    explore_intro: str
    explore_text: str
    explore_stars: str
    explore_min_stars: str
    explore_tag: str
    explore_all_tags: str
    explore_period: str
    explore_all_time: str
    explore_links: str
    explore_sort: str
    explore_newest: str
    explore_oldest: str
    explore_most_stars: str
    explore_reset: str
    explore_count: str
    explore_more: str
    explore_loading: str
    explore_failed: str
    explore_none: str
    explore_noscript: str
    average: str  # "{x}" is replaced
    calendar_of: str  # "{year}" is replaced
    weekdays: tuple[str, ...]
    entries_n: str  # "{n}" is replaced
    days_n: str
    no_rated: str
    stars_label: str  # "{n}" is replaced
    showing: str = "showing {n} of {m}"  # the count under the star filter
    draft: str = "draft"  # the badge of a draft shown by `mkdocs serve`
    image_failed: str = "image not loaded"  # an image's placeholder, before its host
    fewer: str = "fewer"  # the calendar's legend
    more: str = "more"
    entry_one: str = ""  # singular forms, where the language has them
    day_one: str = ""

    def year(self, year: int) -> str:
        """Nav label of a year: ``2021年`` / ``2021``."""
        return f"{year}年" if self.lang == "zh" else str(year)

    def month(self, month: int) -> str:
        """Nav label of a month inside its year: ``5月`` / ``May``."""
        return f"{month}月" if self.lang == "zh" else _MONTHS_EN[month - 1]

    def year_month(self, year: int, month: int) -> str:
        """A month with its year: ``2021年5月`` / ``May 2021``."""
        return f"{year}年{month}月" if self.lang == "zh" else f"{_MONTHS_EN[month - 1]} {year}"

    def day(self, date: dt.date) -> str:
        """Nav label of a day inside its month: ``5月11日`` / ``May 11``."""
        return (
            f"{date.month}月{date.day}日"
            if self.lang == "zh"
            else f"{_MONTHS_EN[date.month - 1]} {date.day}"
        )

    def full_date(self, date: dt.date) -> str:
        """A full date: ``2021年5月11日`` / ``May 11, 2021``."""
        if self.lang == "zh":
            return f"{date.year}年{date.month}月{date.day}日"
        return f"{_MONTHS_EN[date.month - 1]} {date.day}, {date.year}"

    def month_short(self, month: int) -> str:
        """Calendar column label: ``5月`` / ``May``."""
        return f"{month}月" if self.lang == "zh" else _MONTHS_EN[month - 1][:3]

    def weekday_short(self, weekday: int) -> str:
        """Calendar row label, Monday = 0."""
        return self.weekdays[weekday]

    def calendar(self, year: int) -> str:
        """Accessible name of a year's calendar."""
        return self.calendar_of.replace("{year}", str(year))

    def average_stars(self, value: float) -> str:
        """``平均 3.2 星`` / ``3.2 stars on average``."""
        return self.average.replace("{x}", f"{value:.1f}")

    def stars(self, n: int) -> str:
        """Accessible label of a rating: ``2 of 5 stars``."""
        return self.stars_label.replace("{n}", str(n))

    def entries(self, n: int) -> str:
        """``6 entries`` / ``6 篇``."""
        return (
            self.entry_one if n == 1 and self.entry_one else self.entries_n.replace("{n}", str(n))
        )

    def days(self, n: int) -> str:
        """``3 days`` / ``3 天``."""
        if n == 1 and self.day_one:
            return self.day_one
        return self.days_n.replace("{n}", str(n))


ZH = Labels(
    lang="zh",
    home="首页",
    archive="归档",
    notes="笔记",
    latest="今日要点",
    earlier_days="往期",
    open_day="查看当日笔记",
    full_archive="全部归档",
    paper="论文",
    code="代码",
    demo="演示",
    video="视频",
    tags="标签",
    untitled="（无标题）",
    permalink="本条链接",
    no_days="还没有笔记。",
    newer="较新",
    older="较早",
    on_this_day="历史上的今天",
    filter="按星级筛选",
    filter_all="全部",
    best_of="精选",
    explore="探索",
    explore_intro="所有日子的所有条目，在一页里按星级、标签、时间、链接和文字筛选。",
    explore_text="搜索标题、摘要和标签",
    explore_stars="星级",
    explore_min_stars="{n} 星及以上",
    explore_tag="标签",
    explore_all_tags="全部标签",
    explore_period="时间",
    explore_all_time="全部时间",
    explore_links="只看带有",
    explore_sort="排序",
    explore_newest="最新在前",
    explore_oldest="最早在前",
    explore_most_stars="星级最高在前",
    explore_reset="清除筛选",
    explore_count="{n} / {m} 篇",
    explore_more="再显示 {n} 篇",
    explore_loading="正在载入条目…",
    explore_failed="条目未能载入。",
    explore_none="没有符合条件的条目。",
    explore_noscript="这一页的筛选需要 JavaScript；每一天都在归档里。",
    average="平均 {x} 星",
    calendar_of="{year}年笔记日历",
    weekdays=("一", "二", "三", "四", "五", "六", "日"),
    entries_n="{n} 篇",
    days_n="{n} 天",
    no_rated="这段时间还没有打星的条目。",
    stars_label="{n} 星（满分 5 星）",
    showing="显示 {n} / {m} 篇",
    draft="草稿",
    image_failed="图片未能加载",
    fewer="少",
    more="多",
)

EN = Labels(
    lang="en",
    home="Home",
    archive="Archive",
    notes="Notes",
    latest="Latest",
    earlier_days="Earlier days",
    open_day="Open this day",
    full_archive="Full archive",
    paper="Paper",
    code="Code",
    demo="Demo",
    video="Video",
    tags="Tags",
    untitled="(untitled)",
    permalink="Permanent link",
    no_days="No notes yet.",
    newer="Newer",
    older="Older",
    on_this_day="On this day",
    filter="Filter by stars",
    filter_all="All",
    best_of="Best of",
    explore="Explore",
    explore_intro=(
        "Every entry of every day in one page, filtered by stars, tag, time, links and text."
    ),
    explore_text="Search titles, abstracts and tags",
    explore_stars="Stars",
    explore_min_stars="{n}+ stars",
    explore_tag="Tag",
    explore_all_tags="All tags",
    explore_period="Period",
    explore_all_time="Any time",
    explore_links="Only with",
    explore_sort="Sort",
    explore_newest="Newest first",
    explore_oldest="Oldest first",
    explore_most_stars="Most stars first",
    explore_reset="Clear filters",
    explore_count="{n} of {m} entries",
    explore_more="Show {n} more",
    explore_loading="Loading entries…",
    explore_failed="The entries could not be loaded.",
    explore_none="No entry matches.",
    explore_noscript="This page filters with JavaScript; every day is in the archive.",
    average="{x} stars on average",
    calendar_of="Notes in {year}",
    weekdays=("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    entries_n="{n} entries",
    days_n="{n} days",
    no_rated="No rated entries in this period yet.",
    entry_one="1 entry",
    day_one="1 day",
    stars_label="{n} of 5 stars",
    showing="showing {n} of {m} entries",
    draft="draft",
    image_failed="image not loaded",
    fewer="fewer",
    more="more",
)


def labels_for(language: str | None) -> Labels:
    """Labels for a ``language``: ``zh``, ``zh-Hans``, ``zh_TW`` → Chinese; else English."""
    code = (language or "en").lower().replace("_", "-")
    return ZH if code == "zh" or code.startswith("zh-") else EN
