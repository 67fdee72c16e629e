"""Material's search worker gets dairly's lines around its own code, through the door: only
when the worker is Material's as expected, Material's code byte for byte as it is. (What the
lines do in a browser: tests/test_browser_search.py.)"""

from __future__ import annotations

from pathlib import Path

import material

from mkdocs_dairly.integrations.material_search import AFTER, BEFORE, WORKER

from .conftest import Site

WORKERS = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"


def material_worker() -> tuple[str, bytes]:
    (path,) = [
        p for p in WORKERS.iterdir() if WORKER.fullmatch(f"assets/javascripts/workers/{p.name}")
    ]
    return f"assets/javascripts/workers/{path.name}", path.read_bytes()


def _one_day(site: Site) -> None:
    site.note("202105/0511.md", {"entries": [{"title": "目标检测", "stars": 3}]})


def test_the_worker_is_materials_with_dairlys_lines_around_it(site: Site) -> None:
    _one_day(site)
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    uri, original = material_worker()
    served = (build.site_dir / uri).read_bytes()
    assert served == BEFORE.encode() + original + AFTER.encode()
    assert not [line for line in build.logs if "typed first" in line]


def test_off_the_worker_is_materials_own(site: Site) -> None:
    site.config["plugins"] = ["search", {"dairly": {"search_typed_first": False}}]
    _one_day(site)
    build = site.build(strict=True)
    uri, original = material_worker()
    assert (build.site_dir / uri).read_bytes() == original


def test_a_worker_not_as_expected_is_left_alone_with_one_info_line(site: Site) -> None:
    """A worker of the site's own (custom_dir) without what dairly's lines rely on."""
    uri, _ = material_worker()
    site.config["theme"]["custom_dir"] = "overrides"
    site.write(f"overrides/{uri}", 'addEventListener("message", e => postMessage(e.data))\n')
    _one_day(site)
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    assert (build.site_dir / uri).read_text("utf-8") == (
        'addEventListener("message", e => postMessage(e.data))\n'
    )
    assert [line for line in build.logs if "typed first" in line] == [
        "INFO:dairly: search: results containing the words typed first off for this build "
        "(Material's search worker has no 'self.lunr='); building it the plain way"
    ]


def test_without_materials_search_the_worker_is_left_alone(site: Site) -> None:
    site.config["plugins"] = ["dairly"]
    _one_day(site)
    build = site.build(strict=True)
    uri, original = material_worker()
    assert (build.site_dir / uri).read_bytes() == original


def test_the_lines_wrap_and_do_not_break_the_script() -> None:
    assert BEFORE.startswith("/* mkdocs-dairly:")
    assert "lunr.Index.prototype.search = function" in AFTER
    assert AFTER.rstrip().endswith("})(__dairlySearch);")


def test_serve_rebuilds_wrap_the_worker_once(site: Site) -> None:
    _one_day(site)
    uri, original = material_worker()
    for _ in range(2):
        build = site.build(serve=True)
        assert build.aborted is None, build.logs
        served = (build.site_dir / uri).read_bytes()
        assert served == BEFORE.encode() + original + AFTER.encode()
