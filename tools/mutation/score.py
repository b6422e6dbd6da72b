"""The mutation score from mutmut's results, per module and in total (``make mutation``).

``python -m tools.mutation.score [--min 90] [PREFIX ...]`` reads ``mutmut results --all true``
(run it after ``mutmut run``), counts killed and timed-out mutants as detected, and exits 1 when
the detected share of the mutants under any PREFIX is below ``--min`` percent.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence

# "    hadamard._files.x_write_tree__mutmut_17: survived"
_LINE = re.compile(r"^\s*(?P<name>[\w.]+?)\.x\S*__mutmut_\d+: (?P<status>[\w ]+)$")
DETECTED = frozenset({"killed", "timeout"})


def parse(results: str) -> dict[str, Counter[str]]:
    """Module name -> count per status, from the text of ``mutmut results --all true``."""
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    for line in results.splitlines():
        match = _LINE.match(line)
        if match:
            by_module[match["name"]][match["status"].strip()] += 1
    return dict(by_module)


def score(counts: Counter[str]) -> tuple[int, int]:
    """(detected, total) for one set of counts."""
    return sum(counts[s] for s in DETECTED), sum(counts.values())


def percent(detected: int, total: int) -> float:
    """The detected share in percent; 0 when there were no mutants."""
    return 100 * detected / total if total else 0.0


def report(
    by_module: dict[str, Counter[str]], prefixes: Sequence[str]
) -> tuple[str, list[tuple[str, int, int]]]:
    """A Markdown table per module, and (prefix, detected, total) for every prefix."""
    lines = [
        "| module | mutants | detected | survived | no tests | score |",
        "|---|---|---|---|---|---|",
    ]
    for module in sorted(by_module):
        counts = by_module[module]
        detected, total = score(counts)
        lines.append(
            f"| {module} | {total} | {detected} | {counts['survived']} | {counts['no tests']} "
            f"| {percent(detected, total):.1f}% |"
        )
    totals = []
    for prefix in prefixes:
        merged: Counter[str] = Counter()
        for module, counts in by_module.items():
            if module == prefix or module.startswith(prefix + "."):
                merged.update(counts)
        detected, total = score(merged)
        totals.append((prefix, detected, total))
    return "\n".join(lines), totals


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.mutation.score")
    parser.add_argument("--min", type=float, default=90.0, help="lowest acceptable score (%%)")
    parser.add_argument("prefixes", nargs="*", default=["hadamard"], metavar="PREFIX")
    args = parser.parse_args(argv)
    results = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    by_module = parse(results)
    if not by_module:
        print("no mutmut results: run `mutmut run` first", file=sys.stderr)
        return 2
    table, totals = report(by_module, args.prefixes)
    print(table)
    ok = True
    for prefix, detected, total in totals:
        share = percent(detected, total)
        print(f"{prefix}: {detected}/{total} mutants detected = {share:.1f}% (minimum {args.min}%)")
        ok = ok and share >= args.min
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
