"""Templates compiled once per ``mkdocs serve`` (``KeptBytecode``) render as if compiled anew,
whichever environment compiled them first: MkDocs' (no block trimming, no escaping) and
dairly's (both) may load the same template, from a site's own override."""

from __future__ import annotations

import jinja2
import pytest

from mkdocs_dairly.speed.memo import KeptBytecode

TEMPLATE = "{% if stars %}\n  <b>{{ stars }}</b>\n{% endif %}\n{{ title }}|"
CONTEXT = {"stars": 3, "title": "<Attention>"}
KINDS = {
    "mkdocs": {},
    "dairly": {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True},
    "other delimiters": {"variable_start_string": "[[", "variable_end_string": "]]"},
    "an extension": {"extensions": ["jinja2.ext.loopcontrols"]},
}


def render(kind: str, cache: jinja2.BytecodeCache | None) -> str:
    loader = jinja2.DictLoader({"partials/dairly/stars.html": TEMPLATE})
    env = jinja2.Environment(loader=loader, bytecode_cache=cache, **KINDS[kind])  # type: ignore[arg-type]
    return env.get_template("partials/dairly/stars.html").render(CONTEXT)


@pytest.mark.parametrize("first", sorted(KINDS))
def test_each_kind_of_environment_gets_its_own_code(first: str) -> None:
    cache = KeptBytecode()
    expected = {kind: render(kind, None) for kind in KINDS}
    assert len(set(expected.values())) == 3  # they differ (the extension changes nothing here)
    render(first, cache)  # compiled by one kind first, then loaded by every kind
    for _ in range(2):  # the second time from the code kept
        for kind in KINDS:
            assert render(kind, cache) == expected[kind], (first, kind)


def test_code_is_kept_and_used_again() -> None:
    cache = KeptBytecode()
    render("dairly", cache)
    loads = []
    original = jinja2.Environment._parse

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        loads.append(args)
        return original(self, *args, **kwargs)

    jinja2.Environment._parse = counting  # type: ignore[method-assign]
    try:
        assert render("dairly", cache) == render("dairly", None)
    finally:
        jinja2.Environment._parse = original  # type: ignore[method-assign]
    assert len(loads) == 1  # parsed for the cache-less render only
