"""The mutation-score reader says NO below the minimum, and reads mutmut's result lines."""

from __future__ import annotations

from tests.mutation_score import parse, report

RESULTS = """
    hadamard._files.x_write_tree__mutmut_1: killed
    hadamard._files.x_write_tree__mutmut_2: survived
    hadamard._files.x__state__mutmut_17: timeout
    hadamard.cli.xǁ_Parserǁerror__mutmut_3: killed
    hadamard.cli.x_run__mutmut_1: no tests
"""


def test_parse_counts_each_status_per_module() -> None:
    counts = parse(RESULTS)
    assert dict(counts["hadamard._files"]) == {"killed": 1, "survived": 1, "timeout": 1}
    assert dict(counts["hadamard.cli"]) == {"killed": 1, "no tests": 1}


def test_report_counts_timeouts_as_detected_and_totals_by_prefix() -> None:
    table, totals = report(parse(RESULTS), ["hadamard._files", "hadamard", "hadamard.c"])
    assert "| hadamard._files | 3 | 2 | 1 | 0 | 66.7% |" in table
    assert totals == [("hadamard._files", 2, 3), ("hadamard", 3, 5), ("hadamard.c", 0, 0)]
