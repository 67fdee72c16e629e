"""mkdocs-glightbox: images in the entry cards and in the day's body open in a lightbox."""

from __future__ import annotations

import pytest

from .conftest import BODY_DAY, assert_dairly_output, day_url


@pytest.fixture(scope="module")
def result(compat_build):
    return compat_build("glightbox", ["search", "dairly", "glightbox"])


def test_dairly_output(result):
    assert_dairly_output(result)


def test_body_image_in_lightbox(result):
    body = result.content(day_url(BODY_DAY)).select_one(".dairly-day__body")
    img = body.select_one("img")
    assert img is not None
    assert img.find_parent("a", class_="glightbox") is not None, (
        f"body image not wrapped: {img.parent}"
    )


def test_card_image_in_lightbox(result):
    card = result.content(day_url(BODY_DAY)).select_one("article.dairly-entry")
    img = card.select_one("img")
    assert img is not None, "the card has no image"
    assert img.find_parent("a", class_="glightbox") is not None, (
        f"card image not wrapped: {img.parent}"
    )


def test_glightbox_assets_on_day_page(result):
    html = result.text(day_url(BODY_DAY))
    assert "glightbox.min.js" in html and "glightbox.min.css" in html
