"""The catalogs themselves and the one-command workflow (scripts/translations.py)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from dialogue_desktop.core.i18n.lint import check_catalog, placeholders

REPO = Path(__file__).resolve().parents[3]
SCRIPT = REPO / "scripts" / "translations.py"
POT = REPO / "translations" / "messages.pot"


def _read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=lang)


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("translations_script", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the committed catalogs ---


def test_template_is_up_to_date_with_the_code() -> None:
    """Fails when someone adds or changes a _() string without running scripts/translations.py."""
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_message_has_a_khmer_translation_with_the_same_placeholders() -> None:
    km = _read(REPO / "translations" / "km" / "LC_MESSAGES" / "messages.po", "km")
    problems = check_catalog(km, _read(POT))
    assert not problems, "Translate these (python scripts/translations.py --missing):\n" + "\n".join(
        map(str, problems)
    )


def test_khmer_catalog_has_one_plural_form() -> None:
    km = _read(REPO / "translations" / "km" / "LC_MESSAGES" / "messages.po", "km")
    assert km.num_plurals == 1
    assert km.plural_expr == "0"


def test_glossary_terms_use_the_glossary_khmer() -> None:
    km = _read(REPO / "translations" / "km" / "LC_MESSAGES" / "messages.po", "km")
    expected = {
        "Dialogue": "កិច្ចសន្ទនា",
        "Minutes": "កំណត់ហេតុកិច្ចប្រជុំ",
        "Agreed actions": "សកម្មភាពដែលបានព្រមព្រៀង",
        "Persons with disabilities": "ជនមានពិការភាព",
        "Synchronise": "ធ្វើសមកាលកម្ម",
        "Page {page} of {total}": "ទំព័រ {page} នៃ {total}",
    }
    for msgid, msgstr in expected.items():
        message = km.get(msgid)
        assert message is not None and message.string == msgstr, msgid


# --- the placeholder lint ---


def test_placeholders_found() -> None:
    assert placeholders("{n} of {total:,} and {{literal}}") == {"{n}": 1, "{total}": 1}
    assert placeholders("%(count)d left, %s more, 100%%") == {"%(count)d": 1, "%s": 1}
    assert placeholders("៤៨% of", percent=False) == {}


def _one(msgid: str | tuple[str, str], msgstr: str | tuple[str, ...], fuzzy: bool = False) -> Catalog:
    catalog = Catalog(locale="km")
    catalog.add(msgid, msgstr, flags=["fuzzy"] if fuzzy else [])
    return catalog


@pytest.mark.parametrize(
    ("msgid", "msgstr", "kind"),
    [
        ("Page {page} of {total}", "ទំព័រ {page} នៃ {total}", None),
        ("Page {page} of {total}", "ទំព័រ {page} នៃ {pages}", "placeholders"),
        ("Page {page} of {total}", "ទំព័រ {page}", "placeholders"),
        ("Hello", "សួស្តី {name}", "placeholders"),
        ("%(n)d arrived", "បានមកដល់ %(n)d នាក់", None),
        ("%(n)d arrived", "បានមកដល់ %(n)s នាក់", "placeholders"),
        ("Women 48%", "ស្ត្រី ៤៨% ទៀត", None),  # a bare % is not a placeholder when the English has none
        ("Hello", "", "missing"),
        ("Hello", "សួស្តី", "fuzzy"),
        (("{n} participant", "{n} participants"), ("អ្នកចូលរួម {n} នាក់",), None),
        (("One participant", "{n} participants"), ("អ្នកចូលរួម {n} នាក់",), None),
        (("{n} participant", "{n} participants"), ("អ្នកចូលរួម",), "placeholders"),
    ],
)
def test_lint(msgid: str | tuple[str, str], msgstr: str | tuple[str, ...], kind: str | None) -> None:
    catalog = _one(msgid, msgstr, fuzzy=(msgstr == "សួស្តី"))
    assert [p.kind for p in check_catalog(catalog)] == ([kind] if kind else [])


def test_lint_reports_messages_missing_from_the_catalog() -> None:
    template = Catalog()
    template.add("Forum", locations=[("src/x.py", 3)])
    problems = check_catalog(Catalog(locale="km"), template)
    assert [(p.kind, p.msgid) for p in problems] == [("missing", "Forum")]
    assert "src/x.py" in str(problems[0])


# --- the workflow on a throw-away copy ---


@pytest.fixture()
def sandbox(tmp_path: Path) -> tuple[ModuleType, object]:
    script = _load_script()
    shutil.copy(REPO / "babel.cfg", tmp_path / "babel.cfg")
    package = tmp_path / "src" / "dialogue_desktop"
    package.mkdir(parents=True)
    (package / "labels.py").write_text(
        "from dialogue_desktop.core.i18n import N_, _, n_\n\n"
        'A = _("Hello")\n'
        "# TRANSLATORS: a greeting on the start page.\n"
        'B = N_("Welcome, {name}")\n'
        'C = n_("{n} change", "{n} changes", 2)\n',
        encoding="utf-8",
    )
    return script, script.Paths(tmp_path)


def test_workflow_extracts_updates_keeps_translations_and_compiles(
    sandbox: tuple[ModuleType, object], capsys: pytest.CaptureFixture[str]
) -> None:
    script, paths = sandbox
    assert script.main([], paths) == 0
    pot = paths.pot.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    assert 'msgid "Welcome, {name}"' in pot and "#. a greeting on the start page." in pot
    assert "#: src/dialogue_desktop/labels.py\n" in pot  # no line numbers
    assert "Project-Id-Version: Dialogue Desktop\\n" in pot
    for lang in ("km", "en"):
        assert paths.mo(lang).is_file()  # type: ignore[attr-defined]

    assert script.main(["--missing"], paths) == 1
    assert "'Hello'" in capsys.readouterr().out

    km_po = paths.po("km")  # type: ignore[attr-defined]
    km_po.write_text(
        km_po.read_text(encoding="utf-8").replace('msgid "Hello"\nmsgstr ""', 'msgid "Hello"\nmsgstr "សួស្តី"'),
        encoding="utf-8",
    )
    # Nothing changed in the code: running again rewrites nothing and the check passes.
    assert script.update(paths) == []
    assert script.check(paths) == []

    labels = paths.src / "dialogue_desktop" / "labels.py"  # type: ignore[attr-defined]
    labels.write_text(labels.read_text(encoding="utf-8") + 'D = _("Goodbye")\n', encoding="utf-8")
    assert script.main(["--check"], paths) == 1
    out = capsys.readouterr().out
    assert "'Goodbye'" in out and "out of date" in out

    assert script.main([], paths) == 0
    assert script.check(paths) == []
    km = _read(km_po, "km")
    hello, goodbye = km.get("Hello"), km.get("Goodbye")
    assert hello is not None and hello.string == "សួស្តី"  # kept
    assert goodbye is not None and not goodbye.string


def test_changed_english_makes_the_translation_fuzzy(
    sandbox: tuple[ModuleType, object], capsys: pytest.CaptureFixture[str]
) -> None:
    script, paths = sandbox
    script.main([], paths)
    km_po = paths.po("km")  # type: ignore[attr-defined]
    km_po.write_text(
        km_po.read_text(encoding="utf-8").replace(
            'msgid "Welcome, {name}"\nmsgstr ""', 'msgid "Welcome, {name}"\nmsgstr "សូមស្វាគមន៍ {name}"'
        ),
        encoding="utf-8",
    )
    labels = paths.src / "dialogue_desktop" / "labels.py"  # type: ignore[attr-defined]
    labels.write_text(
        labels.read_text(encoding="utf-8").replace("Welcome, {name}", "Welcome back, {name}"),
        encoding="utf-8",
    )
    script.main([], paths)
    text = km_po.read_text(encoding="utf-8")
    assert '#, fuzzy, python-brace-format\nmsgid "Welcome back, {name}"\nmsgstr "សូមស្វាគមន៍ {name}"' in text
    capsys.readouterr()
    assert script.main(["--missing"], paths) == 1
    assert "fuzzy: 'Welcome back, {name}'" in capsys.readouterr().out
    # A fuzzy entry is stable: running again changes nothing and the check passes.
    assert script.update(paths) == []
    assert script.check(paths) == []


def test_new_messages_get_no_guessed_translation(sandbox: tuple[ModuleType, object]) -> None:
    script, paths = sandbox
    script.main([], paths)
    km_po = paths.po("km")  # type: ignore[attr-defined]
    km_po.write_text(
        km_po.read_text(encoding="utf-8").replace('msgid "Hello"\nmsgstr ""', 'msgid "Hello"\nmsgstr "សួស្តី"'),
        encoding="utf-8",
    )
    labels = paths.src / "dialogue_desktop" / "labels.py"  # type: ignore[attr-defined]
    labels.write_text(labels.read_text(encoding="utf-8") + 'E = _("Hello!")\n', encoding="utf-8")
    script.main([], paths)
    km = _read(km_po, "km")
    hello, new = km.get("Hello"), km.get("Hello!")
    assert hello is not None and hello.string == "សួស្តី"
    assert new is not None and new.string == "" and not new.fuzzy  # not a guess from "Hello"


def test_check_fails_on_a_removed_string(sandbox: tuple[ModuleType, object]) -> None:
    script, paths = sandbox
    script.main([], paths)
    labels = paths.src / "dialogue_desktop" / "labels.py"  # type: ignore[attr-defined]
    labels.write_text(labels.read_text(encoding="utf-8").replace('A = _("Hello")\n', ""), encoding="utf-8")
    problems = script.check(paths)
    assert problems and any("- 'Hello'" in line for line in problems)
