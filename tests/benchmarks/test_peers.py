"""The peer comparison (benchmarks/peers.py): our helper catches every bug the peers catch.

Runs the torch column of our helper and both peers on every row of the table (the JAX column of
our helper, the slow one, is the same helper; tests/testing/test_array_libraries.py runs it).
"""

from __future__ import annotations

import pytest

from benchmarks.peers import BUGS, Bug, Verdict, check_grads, gradcheck, ours, peer_table
from tests.core.backends import backend


@pytest.fixture(scope="module")
def verdicts() -> list[tuple[Bug, list[Verdict]]]:
    backend("torch")
    backend("jax")
    return [(bug, [gradcheck(bug), check_grads(bug), ours(bug, "torch")]) for bug in BUGS]


def test_our_helper_catches_every_bug_and_raises_no_false_alarm(
    verdicts: list[tuple[Bug, list[Verdict]]],
) -> None:
    for bug, (_, _, mine) in verdicts:
        assert mine.said_no is bug.is_bug, bug.name


def test_every_bug_a_peer_catches_we_catch_too(
    verdicts: list[tuple[Bug, list[Verdict]]],
) -> None:
    for bug, (torch_peer, jax_peer, mine) in verdicts:
        if bug.is_bug and (torch_peer.said_no or jax_peer.said_no):
            assert mine.said_no, bug.name


def test_the_peers_miss_what_the_issue_says_they_miss(
    verdicts: list[tuple[Bug, list[Verdict]]],
) -> None:
    by_name = {bug.name: v for bug, v in verdicts}
    # Both peers see one (4, 8) input: a bug that needs hidden > 16 never shows there.
    assert by_name["bug only at hidden > 16"][0].said_no is False
    assert by_name["bug only at hidden > 16"][1].said_no is False
    assert by_name["batch-axis bug"][0].said_no is True


def test_the_table_has_a_row_per_bug_and_totals() -> None:
    rows = [(bug, [Verdict(bug.is_bug, 0.1)] * 4) for bug in BUGS]
    table = peer_table(rows)
    assert table.count("\n") == len(BUGS) + 2
    assert "| **total** | 6/6 caught, 0 false alarms |" in table
    assert Verdict(None, 0.0, "why").cell(True) == "n/a (why)"
    assert Verdict(True, 1.234).cell(False) == "**false alarm** 1.23 s"
    assert Verdict(False, 0.5).cell(True) == "missed 0.50 s"
    assert Verdict(True, 0.25).cell(True) == "caught 0.25 s"
    assert Verdict(False, 0.5).cell(False) == "no alarm 0.50 s"
