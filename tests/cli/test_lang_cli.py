"""`--lang km`: the command line's help, usage errors and messages in Khmer, as a user runs them."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

Run = Callable[..., CompletedProcess[str]]

KHMER = re.compile("[\u1780-\u17ff]")
# What stays in Latin letters in a Khmer help: option names, metavars, {choices}, `examples`, command
# names (after the program's name, or first on a line of the command list), and a few proper names.
_NOT_PROSE = re.compile(
    r"dialogue-desktop(?: [a-z]+(?:-[a-z]+)*)?|`[^`]*`|\{[^}]*\}|--?[\w-]+|\b[A-Z][A-Z0-9_.]+\b|^\s{2,}[a-z]+(?:-[a-z]+)*(?=\s|$)"
)
_NAMES = ("Dialogue Desktop", "SQLAlchemy", "Excel")


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


@pytest.mark.parametrize("command", [(), ("import-participants",)])
def test_khmer_help_has_no_english_line(cli: Run, command: tuple[str, ...]) -> None:
    result = cli("--lang", "km", *command, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("របៀបប្រើ៖ dialogue-desktop")
    assert "បង្ហាញជំនួយនេះ រួចចេញ" in result.stdout  # argparse's own -h line
    assert english_lines(result.stdout) == []


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
