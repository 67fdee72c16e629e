"""`mkdocs serve` picks up new, edited and deleted days without a restart; `gh-deploy` works."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
CONFIG = (
    "site_name: Notes\ntheme:\n  name: material\n  language: zh\nplugins:\n  - search\n  - dairly\n"
)


def write_note(root: Path, path: str, title: str, **extra: str) -> None:
    target = root / "docs/notes" / path
    target.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{k}: {v}" for k, v in extra.items()]
    target.write_text("---\n" + "".join(f"{line}\n" for line in lines)
                      + f"entries:\n  - title: {title}\n---\n", "utf-8")  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 40) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def latest_title(base: str) -> str:
    soup = BeautifulSoup(fetch(base), "html.parser")
    title = soup.select_one("article.md-content__inner .dairly-entry__title")
    return title.get_text() if title else ""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, "utf-8")
    write_note(tmp_path, "202105/0511.md", "First day")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
        cwd=tmp_path, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: "First day" in fetch(base), "the first build")
        yield tmp_path, base
    finally:
        os.kill(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


def test_serve_updates_home_and_nav_as_days_come_and_go(server: tuple[Path, str]) -> None:
    root, base = server
    time.sleep(1.1)  # let the watcher settle before the first change
    write_note(root, "202105/0512.md", "Newer day")
    wait_for(lambda: latest_title(base) == "Newer day", "the new day on the home page")
    month = BeautifulSoup(fetch(base + "notes/2021/05/"), "html.parser")
    days = [a.get_text() for a in month.select(".dairly-days > li > a")]
    assert days == ["2021年5月12日", "2021年5月11日"]

    write_note(root, "202105/0512.md", "Edited title")
    wait_for(lambda: latest_title(base) == "Edited title", "the edit on the home page")

    write_note(root, "202105/0513.md", "Draft day", draft="true")
    wait_for(lambda: latest_title(base) == "Draft day", "the draft shown under serve")

    (root / "docs/notes/202105/0513.md").unlink()
    (root / "docs/notes/202105/0512.md").unlink()
    wait_for(lambda: latest_title(base) == "First day", "the deletion on the home page")
    month = BeautifulSoup(fetch(base + "notes/2021/05/"), "html.parser")
    assert [a.get_text() for a in month.select(".dairly-days > li > a")] == ["2021年5月11日"]


@pytest.mark.skipif(shutil.which("git") is None, reason="gh-deploy needs git")
def test_gh_deploy_pushes_the_site_to_a_local_remote(tmp_path: Path) -> None:
    remote, repo = tmp_path / "remote.git", tmp_path / "notes"
    repo.mkdir()
    git_env = {**ENV, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip

    def git(*args: str, cwd: Path = repo) -> str:
        return subprocess.run(["git", *args], cwd=cwd, env=git_env, check=True,
                              capture_output=True, text=True).stdout  # fmt: skip

    git("init", "--bare", str(remote), cwd=tmp_path)
    git("init", "-b", "main")
    (repo / "mkdocs.yml").write_text(CONFIG, "utf-8")
    write_note(repo, "202109/0930.md", "Deployed day")
    git("add", ".")
    git("commit", "-m", "notes")
    git("remote", "add", "origin", str(remote))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "gh-deploy", "--strict", "--no-history"],
        cwd=repo, env=git_env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    home = git("show", "gh-pages:index.html", cwd=remote)
    soup = BeautifulSoup(home, "html.parser")
    assert soup.select_one(".dairly-entry__title").get_text() == "Deployed day"
    assert git("show", "gh-pages:notes/202109/0930/index.html", cwd=remote)
