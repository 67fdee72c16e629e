"""The one door to private MkDocs and Material internals.

Every speed-up or integration that relies on something MkDocs or Material do not promise
(a private attribute, a method's exact behaviour) goes through :func:`use`: its check runs
in every build, and when the check fails the speed-up is left off, with one INFO line, so
the site is built the plain way. Nothing outside this package touches those internals.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable
from typing import Any

from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger("dairly")


def use(
    name: str, check: Callable[[], str | None], install: Callable[[], None], *,
    once: set[str] | None = None,
) -> bool:  # fmt: skip
    """Run ``check`` (``None``: the internals are as expected, else why not); if it passes,
    ``install``; else say once, at INFO, that ``name`` is off for this build (with ``once``,
    the reasons said already: each is said only the first time). True if on."""
    try:
        reason = check()
    except Exception as exc:  # an internal changed shape: that is what the check is for
        reason = f"{type(exc).__name__}: {exc}"
    if reason is not None:
        if once is not None:
            if reason in once:
                return False
            once.add(reason)
        log.info(f"{name} off for this build ({reason}); building it the plain way")
        return False
    install()
    return True


def source_digest(function: Any) -> str:
    """sha256 (16 hex digits) of ``function``'s source: what a check compares with the
    version of MkDocs' or Material's code a use was written against."""
    return hashlib.sha256(inspect.getsource(function).encode("utf-8")).hexdigest()[:16]
