"""Material's social plugin (``mkdocs-material[imaging]``), offline: its font cache is
seeded with a Debian font, so that no download is attempted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import AWKWARD

pytestmark = pytest.mark.compat

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def _seed_fonts(root):
    # material/plugins/social/plugin.py, _resolve_font: <cache_dir>/fonts/<family>/<style>.ttf,
    # fetched from Google Fonts only when the family's folder does not exist.
    if not FONT.is_file():
        pytest.fail(f"{FONT} is missing (Debian package fonts-dejavu-core)")
    folder = root / ".cache/plugin/social/fonts/Roboto"
    folder.mkdir(parents=True)
    shutil.copy(FONT, folder / "Regular.ttf")
    shutil.copy(FONT_BOLD if FONT_BOLD.is_file() else FONT, folder / "Bold.ttf")


@pytest.fixture(scope="module")
def result(compat_build):
    return compat_build(
        "social", ["search", "dairly", {"social": {"concurrency": 1}}], setup=_seed_fonts
    )


@pytest.mark.parametrize(
    "card",
    ["notes/202105/0510.png", "notes/2021/05/index.png", "notes/index.png", "index.png"],
)
def test_card_png_exists(result, card):
    result.ok()
    path = result.site_dir / "assets/images/social" / card
    assert path.is_file() and path.read_bytes()[:8] == bytes.fromhex("89504e470d0a1a0a"), (
        f"no card {card}"
    )


def test_day_page_has_og_image_and_plain_title(result):
    page = result.html("notes/" + AWKWARD[: -len(".md")] + "/")
    image = page.select_one('meta[property="og:image"]')
    assert image is not None and image["content"].endswith("notes/202105/0510.png"), image
    title = page.select_one('meta[property="og:title"]')
    # Material's default layout: "<page title> - <site_name>"
    assert title is not None and title["content"] == "R&D <b>bold</b> review - 测试笔记", title


def test_no_download_attempted(result):
    result.ok()
    assert [
        line for line in result.problems() if "font" in line.lower() or "social" in line.lower()
    ] == []
