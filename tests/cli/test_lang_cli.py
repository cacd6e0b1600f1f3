"""`--lang km`: the command line's help, usage errors and messages in Khmer, as a user runs them."""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from dialogue_desktop.cli.main import build_parser
from dialogue_desktop.cli.parsing import argparse_in_current_language
from dialogue_desktop.core.i18n import catalog, clear_cache, set_language

Run = Callable[..., CompletedProcess[str]]

KHMER = re.compile("[\u1780-\u17ff]")
# What stays in Latin letters in a Khmer help: option names, metavars, {choices}, `examples`, command
# names (after the program's name, or first on a line of the command list), and a few proper names.
_NOT_PROSE = re.compile(
    r"dialogue-desktop(?: [a-z]+(?:-[a-z]+)*)?|`[^`]*`|\{[^}]*\}|--?[\w-]+|[\w.]*\.(?:pdf|xlsx|zip|csv|key|db)\b"
    r"|\b[A-Z][A-Z0-9_.]+\b|^\s{2,}[a-z]+(?:-[a-z]+)*(?=\s|$)"
)
# Proper names, and an option's English name the translation quotes beside its Khmer one.
_NAMES = ("Dialogue Desktop", "SQLAlchemy", "Excel", "(seed)")


def english_lines(text: str) -> list[str]:
    """The lines of a help text that still hold English words (three letters or more)."""
    found = []
    for line in text.splitlines():
        rest = _NOT_PROSE.sub("", line)
        for name in _NAMES:
            rest = rest.replace(name, "")
        if re.search(r"[A-Za-z]{3,}", rest):
            found.append(line)
    return found


def commands() -> list[str]:
    """Every sub-command of `dialogue-desktop`, as its parser declares them."""
    set_language("en")
    with argparse_in_current_language():
        parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(sub.choices)


# Fails until the Khmer catalog translates every help text (the lead fills it at the end of the session).
@pytest.mark.parametrize(
    "command", [(), *((name,) for name in commands())], ids=lambda c: " ".join(c) or "main"
)
def test_khmer_help_has_no_english_line(cli: Run, command: tuple[str, ...]) -> None:
    result = cli("--lang", "km", *command, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("របៀបប្រើ៖ dialogue-desktop")
    assert "បង្ហាញជំនួយនេះ រួចចេញ" in result.stdout  # argparse's own -h line
    assert english_lines(result.stdout) == []


def test_every_command_and_argument_has_a_help_text() -> None:
    """What the Khmer help check above reads: no argument is left without a (translatable) help."""
    set_language("en")
    with argparse_in_current_language():
        parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing = [
        f"{name} {action.dest}"
        for name, command in sub.choices.items()
        for action in command._actions
        if not action.help
    ]
    assert missing == []
    assert all(command.description for command in sub.choices.values())


def test_the_report_command_describes_itself_in_the_chosen_language(cli: Run) -> None:
    english = cli("--lang", "en", "report", "--help").stdout
    assert "`csv`: the same tables, one UTF-8 CSV file each" in english
    assert "The `report` command" not in english  # the module's docstring is for developers
    khmer = cli("--lang", "km", "report", "--help").stdout
    assert "the same tables" not in khmer and "Personal data" not in khmer  # fails until translated


def test_the_english_help_is_english_so_the_check_above_can_fail(cli: Run) -> None:
    result = cli("--lang", "en", "import-participants", "--help")
    assert result.returncode == 0, result.stderr
    assert not KHMER.search(result.stdout)
    assert "register the people of a CSV or XLSX list at a dialogue" in english_lines(result.stdout)


def test_main_help_lists_import_participants_in_khmer(cli: Run) -> None:
    result = cli("--lang", "km", "--help")
    line = re.search(r"import-participants\n\s+(.*)", result.stdout)
    assert line and line.group(1).startswith("ចុះឈ្មោះមនុស្សក្នុងបញ្ជី CSV ឬ XLSX")


def test_usage_errors_are_khmer(cli: Run) -> None:
    missing = cli("--lang", "km", "import-participants")
    assert missing.returncode == 2
    assert missing.stderr.startswith("របៀបប្រើ៖ dialogue-desktop import-participants")
    assert "ត្រូវការអាគុយម៉ង់ទាំងនេះ៖ DIALOGUE_ID, FILE" in missing.stderr

    unknown = cli("--lang", "km", "no-such-command")
    assert unknown.returncode == 2
    assert "ជម្រើសមិនត្រឹមត្រូវ៖ 'no-such-command'" in unknown.stderr
    assert "invalid choice" not in unknown.stderr


def test_a_failing_command_explains_itself_in_khmer(cli: Run, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text("name_km\nសុខ\n", encoding="utf-8")
    result = cli("--lang", "km", "--db", tmp_path / "x.db", "import-participants", "no-such-dialogue", people)
    assert result.returncode == 1
    assert result.stderr.startswith("កំហុស៖ ")
    assert not re.search(r"[A-Za-z]{3,}", result.stderr.removeprefix("កំហុស៖ ")), result.stderr


def test_without_lang_the_systems_language_is_used(cli: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"  # the app's saved language does not matter to the command line
    data.mkdir(exist_ok=True)
    (data / "gui-settings.json").write_text(json.dumps({"language": "km"}), encoding="utf-8")
    assert cli("import-participants", "--help").stdout.startswith("usage: ")
    assert cli("import-participants", "--help", lang="km_KH.UTF-8").stdout.startswith("របៀបប្រើ៖")
    assert cli("--lang", "en", "import-participants", "--help", lang="km_KH.UTF-8").stdout.startswith(
        "usage: "
    )


def test_a_missing_value_is_said_in_khmer(cli: Run) -> None:
    result = cli("--lang", "km", "report", "--format")
    assert result.returncode == 2
    assert "ត្រូវការអាគុយម៉ង់មួយ" in result.stderr and "expected" not in result.stderr


@pytest.fixture
def counted_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A Khmer catalog with two plural forms for argparse's counted message (the real one has one form)."""
    folder = tmp_path / "translations" / "km" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "expected %s argument"\nmsgid_plural "expected %s arguments"\n'
        'msgstr[0] "ត្រូវការអាគុយម៉ង់ %s (មួយ)"\nmsgstr[1] "ត្រូវការអាគុយម៉ង់ %s (ច្រើន)"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv(catalog.ENV_TRANSLATIONS, str(tmp_path / "translations"))
    clear_cache()
    set_language("km")
    yield
    set_language("en")
    clear_cache()


def _error_of(parser: argparse.ArgumentParser, args: list[str]) -> str:
    try:
        parser.parse_args(args)
    except argparse.ArgumentError as error:
        return str(error)
    raise AssertionError("the arguments were accepted")


def test_argparse_counted_messages_take_the_catalogs_plural_form(counted_catalog: None) -> None:
    with argparse_in_current_language():
        parser = argparse.ArgumentParser(prog="x", exit_on_error=False)
        parser.add_argument("--pair", nargs=2)
        parser.add_argument("--three", nargs=3)
        assert _error_of(parser, ["--pair", "a"]) == "argument --pair: ត្រូវការអាគុយម៉ង់ 2 (ច្រើន)"
        assert _error_of(parser, ["--three"]) == "argument --three: ត្រូវការអាគុយម៉ង់ 3 (ច្រើន)"
    # Outside, argparse speaks English again (the stdlib's gettext).
    parser = argparse.ArgumentParser(prog="x", exit_on_error=False)
    parser.add_argument("--pair", nargs=2)
    assert _error_of(parser, ["--pair", "a"]) == "argument --pair: expected 2 arguments"


# Fails until the Khmer catalog translates argparse's counted message (the lead fills it at the end).
def test_argparse_counted_messages_are_khmer_with_the_real_catalog() -> None:
    set_language("km")
    try:
        with argparse_in_current_language():
            parser = argparse.ArgumentParser(prog="x", exit_on_error=False)
            parser.add_argument("--pair", nargs=2)
            message = _error_of(parser, ["--pair", "a"])
    finally:
        set_language("en")
    assert "expected" not in message and KHMER.search(message), message


# argparse's messages only a programmer can meet (a parser built wrong, a file type the CLI does not use).
_FOR_PROGRAMMERS = {
    ".__call__() not defined",
    "conflicting subparser: %s",
    "conflicting subparser alias: %s",
    'argument "-" with mode %r',
    "can't open '%(filename)s': %(error)s",
    "cannot merge actions - two groups are named %r",
    "'required' is an invalid argument for positionals",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r",
    "dest= is required for options like %r",
    "invalid conflict_resolution value: %r",
    "mutually exclusive arguments must be optional",
    "cannot have multiple subparser arguments",
    "%r is not callable",
    "%(prog)s: error: %(message)s\n",
    "subcommands",
}


def test_every_argparse_message_a_user_can_meet_is_in_the_catalogs_list() -> None:
    """argparse's words come from its source: a new Python's new message fails here, not silently in English."""
    from dialogue_desktop.cli.parsing import ARGPARSE_MESSAGES, ARGPARSE_PLURALS

    source = Path(argparse.__file__).read_text(encoding="utf-8")
    literal = r"""(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")"""
    found = {
        (a or b).encode().decode("unicode_escape")
        for a, b in re.findall(r"\b_\(\s*" + literal, source)
        + [m[:2] for m in re.findall(r"ngettext\(\s*" + literal + r"\s*,\s*" + literal, source)]
    }
    # A message split over two literals ('invalid option string %(option)r: ' 'must start...') is read whole.
    found = {m for m in found if not m.endswith(": ")} | {
        "invalid option string %(option)r: must start with a character %(prefix_chars)r"
    }
    assert found - set(ARGPARSE_MESSAGES) - set(ARGPARSE_PLURALS) - _FOR_PROGRAMMERS == set()
