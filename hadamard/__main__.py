"""``python -m hadamard``: the command line."""

from hadamard.cli import run

run()
