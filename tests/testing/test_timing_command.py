"""`python -m benchmarks.testing_helpers`, the README's timing command, runs and reports."""

from __future__ import annotations

import re

import pytest

from benchmarks.testing_helpers import main


def test_timing_command_prints_one_line_per_helper_and_dtype(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--repeat", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "default max_examples = 200; correct implementations"
    timed = [line for line in lines[1:] if re.search(r"median +\d+\.\d{3} s", line)]
    assert len(timed) == 8


def test_timing_command_refuses_a_bad_repeat() -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--repeat", "0"])
    assert caught.value.code == 2
