"""Find a site's ``docs_dir`` and the dairly plugin's ``notes_dir`` from ``mkdocs.yml``.

The command-line tools read only these two settings, without loading MkDocs' whole config
(so they stay fast and work without the theme installed). The YAML loader tolerates
MkDocs' custom tags (``!ENV``, ``!relative``, ``!!python/name:…``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..config import notes_dir_problem

PLUGIN_NAME = "dairly"


class SiteConfigError(Exception):
    """``mkdocs.yml`` is missing or unreadable: one line for the user, no traceback."""


class _TolerantLoader(yaml.SafeLoader):
    """SafeLoader that reads ``!ENV`` and ignores every other custom tag."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names: list[Any]
    if isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    elif isinstance(node, yaml.SequenceNode):
        names = list(loader.construct_sequence(node))
    else:
        return None
    *variables, default = names if len(names) > 1 else [*names, None]
    for name in variables:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return default


def _ignore(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    return None  # pragma: no cover - every node is one of the three


_TolerantLoader.add_constructor("!ENV", _env)
_TolerantLoader.add_multi_constructor("", _ignore)


@dataclass(frozen=True)
class SiteConfig:
    """Where a site's notes are."""

    config_file: Path
    docs_dir: Path
    notes_dir: str  # relative to docs_dir, "/"-separated
    plugin_enabled: bool

    @property
    def notes_root(self) -> Path:
        """The notes folder itself."""
        return self.docs_dir / self.notes_dir


def _load(path: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    if not path.is_file():
        hint = "" if seen else " (run in the site's folder or pass --config-file)"
        raise SiteConfigError(f"{path}: no such config file{hint}")
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_TolerantLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SiteConfigError(f"{path}:{where}: not valid YAML: {reason}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SiteConfigError(f"{path}: cannot be read: {exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SiteConfigError(f"{path}: expected a mapping of settings")
    parent = data.pop("INHERIT", None)
    if isinstance(parent, str):
        parent_path = (path.parent / parent).resolve()
        if parent_path in seen:
            raise SiteConfigError(f"{path}: INHERIT loops back to {parent_path}")
        data = {**_load(parent_path, (*seen, path.resolve())), **data}
    return data


def _plugin_options(plugins: Any) -> tuple[bool, dict[str, Any]]:
    items: list[tuple[Any, Any]] = []
    if isinstance(plugins, dict):
        items = list(plugins.items())
    elif isinstance(plugins, list):
        for item in plugins:
            if isinstance(item, dict):
                items.extend(item.items())
            else:
                items.append((item, None))
    for name, options in items:
        if isinstance(name, str) and (name == PLUGIN_NAME or name.endswith("/" + PLUGIN_NAME)):
            return True, options if isinstance(options, dict) else {}
    return False, {}


def load_site_config(config_file: str | os.PathLike[str]) -> SiteConfig:
    """Read ``docs_dir`` (default ``docs``) and the plugin's ``notes_dir`` (default ``notes``)."""
    path = Path(config_file)
    data = _load(path)
    docs_dir = data.get("docs_dir") or "docs"
    if not isinstance(docs_dir, str):
        raise SiteConfigError(f"{path}: docs_dir: expected a folder name, got {docs_dir!r}")
    enabled, options = _plugin_options(data.get("plugins"))
    notes_dir = options.get("notes_dir", "notes")
    problem = notes_dir_problem(notes_dir)
    if problem:  # the plugin's own rule: never a folder outside docs_dir
        raise SiteConfigError(f"{path}: dairly: {problem}")
    notes_dir = notes_dir.strip()
    return SiteConfig(
        config_file=path,
        docs_dir=path.parent / docs_dir,
        notes_dir=notes_dir.strip("/").replace(os.sep, "/"),
        plugin_enabled=enabled,
    )
