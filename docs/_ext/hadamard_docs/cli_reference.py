"""The command-line reference, as MyST Markdown, read off ``hadamard.cli.build_parser()``.

Nothing here restates an option: every command, argument, choice, default and help text comes
from the parser, so the page cannot drift from the program.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass

WIDTH = 72
"""Usage lines are wrapped at this width (a page's code width), whatever the terminal."""


@dataclass(frozen=True)
class Command:
    """One parser of the tree: its words (``hadamard export coq``), help, and the parser."""

    words: tuple[str, ...]
    help: str
    parser: argparse.ArgumentParser

    @property
    def name(self) -> str:
        return " ".join(self.words)

    @property
    def anchor(self) -> str:
        return "cli-" + "-".join(self.words)


def _subcommands(
    parser: argparse.ArgumentParser,
) -> argparse._SubParsersAction[argparse.ArgumentParser] | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def commands(
    parser: argparse.ArgumentParser, words: tuple[str, ...] = (), summary: str = ""
) -> Iterator[Command]:
    """Every parser in the tree, depth first, the root first (its help is its description)."""
    words = words or (parser.prog,)
    yield Command(words, summary or parser.description or "", parser)
    sub = _subcommands(parser)
    if sub is None:
        return
    helps = {action.dest: action.help or "" for action in sub._choices_actions}
    for name, child in sub.choices.items():
        yield from commands(child, (*words, name), helps.get(name, ""))


def usage(parser: argparse.ArgumentParser) -> str:
    """The usage line, wrapped at :data:`WIDTH` columns, without the ``usage:`` prefix."""
    formatter = argparse.HelpFormatter(prog=parser.prog, width=WIDTH)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups, "")
    return formatter.format_help().strip()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _names(action: argparse.Action) -> str:
    if action.option_strings:
        names = ", ".join(f"`{option}`" for option in action.option_strings)
        if action.nargs != 0:
            names += f" `{action.metavar or action.dest.upper()}`"
        return names
    return f"`{action.metavar or action.dest}`"


def _values(action: argparse.Action) -> str:
    parts = []
    if action.choices is not None and not isinstance(action, argparse._SubParsersAction):
        parts.append("one of " + ", ".join(f"`{choice}`" for choice in action.choices))
    if action.required and action.option_strings:
        parts.append("required")
    default = action.default
    if default not in (None, False, argparse.SUPPRESS) and action.nargs != 0:
        parts.append(f"default `{default}`")
    return "; ".join(parts)


def _arguments(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [
        action
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction) and action.help != argparse.SUPPRESS
    ]


def command_markdown(command: Command, level: int) -> str:
    """One command's section: its usage, what it does, and a table of its arguments."""
    lines = [f"({command.anchor})=", f"{'#' * level} `{command.name}`", ""]
    if command.help:
        sentence = command.help[0].upper() + command.help[1:]
        lines += [sentence if sentence.endswith((".", "?", "!")) else sentence + ".", ""]
    lines += ["```text", usage(command.parser), "```", ""]
    sub = _subcommands(command.parser)
    if sub is not None:
        lines += ["| command | what it does |", "|---|---|"]
        for choice in sub._choices_actions:
            target = f"{command.anchor}-{choice.dest}"
            lines.append(f"| [`{choice.dest}`](#{target}) | {_cell(choice.help or '')} |")
        lines.append("")
    arguments = _arguments(command.parser)
    if arguments:
        lines += ["| argument | values | meaning |", "|---|---|---|"]
        for action in arguments:
            lines.append(f"| {_names(action)} | {_values(action)} | {_cell(action.help or '')} |")
        lines.append("")
    return "\n".join(lines)


def cli_markdown(parser: argparse.ArgumentParser, exit_statuses: dict[int, str]) -> str:
    """The whole reference: the exit statuses, then every command, nested by depth."""
    lines = [
        "## Exit status",
        "",
        "Every command exits with one of these statuses:",
        "",
        "| status | meaning |",
        "|---|---|",
        *(f"| {status} | {_cell(meaning)} |" for status, meaning in sorted(exit_statuses.items())),
        "",
    ]
    for command in commands(parser):
        lines.append(command_markdown(command, level=min(2 + len(command.words) - 1, 4)))
    return "\n".join(lines).rstrip() + "\n"
