"""mkdocs-autorefs: ``[text][anchor]`` in a day's Markdown body links to a heading elsewhere."""

from __future__ import annotations

import pytest

from .conftest import BODY, BODY_DAY, assert_dairly_output, day_url, links_to

BODY_WITH_REF = BODY + "\nSee the [contact section][contact-us] of the about page.\n"


@pytest.fixture(scope="module", params=["dairly-first", "autorefs-first"])
def result(request, compat_build):
    plugins = ["search", "dairly", "autorefs"]
    if request.param == "autorefs-first":
        plugins = ["search", "autorefs", "dairly"]
    return compat_build(f"autorefs-{request.param}", plugins, body=BODY_WITH_REF)


def test_dairly_output(result):
    assert_dairly_output(result)


def test_reference_in_day_body_resolves_to_heading_on_another_page(result):
    body = result.content(day_url(BODY_DAY)).select_one(".dairly-day__body")
    assert body is not None, "the day page has no .dairly-day__body"
    link = [a for a in body.select("a[href]") if a.get_text() == "contact section"]
    assert link, (
        f"no link 'contact section' in the day body: {body.get_text(' ', strip=True)[:300]!r}"
    )
    assert links_to(body, day_url(BODY_DAY), "about/"), f"link goes to {link[0]['href']!r}"
    assert link[0]["href"].endswith("#contact-us"), link[0]["href"]
    assert not body.select("autoref"), f"an unresolved autoref is left: {body}"
    assert "[contact-us]" not in body.get_text(), body
    assert not [line for line in result.logs if "autorefs" in line and line.startswith("WARNING")]
