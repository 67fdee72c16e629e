"""``BuildMemo``: values kept from one build to the next, served again only for their key."""

from __future__ import annotations

from mkdocs_dairly.speed.memo import BuildMemo


def test_a_value_is_served_only_for_its_key_and_unused_ones_go() -> None:
    memo: BuildMemo[str] = BuildMemo()
    memo.put("month 2021-05", ("days", 1), "list v1")
    memo.put("month 2021-06", ("days", 2), "list v2")
    memo.finish()
    assert memo.get("month 2021-05", ("days", 1)) == "list v1"
    assert memo.get("month 2021-05", ("days", 9)) is None  # another key: made anew
    memo.finish()  # 2021-06 was not asked for: let go
    assert "month 2021-06" not in memo and "month 2021-05" in memo


def test_a_lasting_memo_keeps_what_a_build_did_not_ask_for() -> None:
    """A month's list is asked for only when a page that shows it is rendered: a rebuild
    that reuses every such page must not lose it for the next."""
    memo: BuildMemo[str] = BuildMemo(lasting=True)
    memo.put("month 2021-05", ("days", 1), "list v1")
    memo.finish()
    memo.finish()  # a build that asked for nothing
    assert memo.get("month 2021-05", ("days", 1)) == "list v1"
    memo.put("month 2021-05", ("days", 2), "list v2")
    memo.finish()
    assert memo.get("month 2021-05", ("days", 1)) is None
    assert memo.get("month 2021-05", ("days", 2)) == "list v2"
    memo.forget()  # a failed build: nothing kept is trusted
    assert memo.get("month 2021-05", ("days", 2)) is None and len(memo) == 0
