"""The minutes tab (live preview, save, print, sign-in sheet), checking a printed copy, the action report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog
from tests.gui.conftest import wait_idle
from tests.pdf_tools import pdf_text

from dialogue_desktop.core.services import needs
from dialogue_desktop.core.services.demo import make_demo
from dialogue_desktop.core.services.dialogues import get_dialogue
from dialogue_desktop.core.services.listing import DialogueFilters, list_dialogues
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.pages import minutes as minutes_page
from dialogue_desktop.gui.pages.minutes import MinutesTab
from dialogue_desktop.gui.pages.pdf_files import export_action_report
from dialogue_desktop.gui.pages.verify_copy import VerifyCopyDialog
from dialogue_desktop.gui.settings import GuiSettings
from dialogue_desktop.gui.widgets import pdf_preview
from dialogue_desktop.gui.worker import DbWorker

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


@pytest.fixture
def ctx(store: Store, shown_boxes: list[tuple[str, str]]) -> Iterator[AppContext]:
    make_demo(store, dialogues=5, seed=3)
    worker = DbWorker(store)
    yield AppContext(worker, GuiSettings.load())
    worker.stop()


def editable_dialogue(store: Store) -> tuple[str, str]:
    """(id, English title) of a demo dialogue whose minutes are not approved (so it can be changed)."""
    with store.unit_of_work() as session:
        for row in list_dialogues(session, DialogueFilters(), limit=10):
            view = get_dialogue(session, row.id)
            if not view.locked and view.title_en:
                return view.id, view.title_en
    raise AssertionError("the demo has no editable dialogue")


def shown_tab(qtbot: Any, ctx: AppContext, dialogue_id: str) -> MinutesTab:
    tab = MinutesTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1200, 800)
    tab.show()
    tab.set_dialogue(dialogue_id)
    qtbot.waitUntil(lambda: tab.preview.page_count() > 0 and not tab.is_busy(), timeout=20000)
    return tab


def page_count(data: bytes) -> int:
    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document.pageCount()


def test_preview_shows_the_minutes_with_their_fingerprint_and_code(
    qtbot: Any, ctx: AppContext, store: Store
) -> None:
    dialogue_id, _title = editable_dialogue(store)
    tab = shown_tab(qtbot, ctx, dialogue_id)
    made = tab.current
    assert made is not None and made.dialogue_id == dialogue_id
    assert tab.preview.data().startswith(b"%PDF")
    assert tab.preview.view.isVisible()
    assert tab.column.fingerprint_label.text() == made.fingerprint and len(made.fingerprint) == 12
    assert tab.column.code_field.text() == f"DD1:{dialogue_id}:" + made.code.rsplit(":", 1)[1]
    assert made.code.rsplit(":", 1)[1].startswith(made.fingerprint)
    assert "locked" not in tab.column.status_label.text()
    qtbot.waitUntil(lambda: has_ink(tab.preview.view.viewport()), timeout=10000)  # pages drawn, not blank
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert tab.grab().save(str(SCREENSHOTS / "minutes_tab.png"))


def has_ink(widget: Any) -> bool:
    """True when the widget shows dark pixels (text), sampled on a grid."""
    image = widget.grab().toImage()
    step = 4
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            if image.pixelColor(x, y).lightness() < 80:
                return True
    return False


def test_changing_the_language_makes_a_new_preview_and_drops_stale_answers(
    qtbot: Any, ctx: AppContext, store: Store
) -> None:
    dialogue_id, _title = editable_dialogue(store)
    tab = shown_tab(qtbot, ctx, dialogue_id)
    both = tab.preview.data()
    old_document = tab.preview.document
    english_button = tab.column.language_buttons["en"]
    # (a radio button reacts on its circle and label, not on the empty width to its right)
    qtbot.mouseClick(english_button, Qt.MouseButton.LeftButton, pos=QPoint(8, english_button.height() // 2))
    assert tab.is_busy()
    assert tab.preview.data() == both  # the old pages stay while the new ones are made
    qtbot.waitUntil(lambda: tab.preview.data() != both and not tab.is_busy(), timeout=20000)
    assert tab.options().mode == "en"
    assert tab.preview.document is not old_document and tab.preview.page_count() > 0
    english = tab.preview.data()
    # Three quick changes: one preview for the last options, not three flickering ones.
    tab.column.language_buttons["km"].setChecked(True)
    tab.column.annex_check.setChecked(True)
    tab.column.language_buttons["side"].setChecked(True)
    shown: list[bytes] = []
    tab.preview.shown.connect(lambda: shown.append(tab.preview.data()))
    qtbot.waitUntil(lambda: bool(shown) and not tab.is_busy(), timeout=20000)
    wait_idle(qtbot, ctx.worker)
    assert len(shown) == 1 and shown[0] != english
    assert tab.options().side_by_side and tab.options().annex


def test_stale_answers_are_dropped(qtbot: Any, ctx: AppContext, store: Store) -> None:
    dialogue_id, _title = editable_dialogue(store)
    tab = shown_tab(qtbot, ctx, dialogue_id)
    shown_before = tab.preview.data()
    tab._generate()  # an answer on its way...
    tab.set_dialogue(None)  # ...for a dialogue no longer shown
    wait_idle(qtbot, ctx.worker)
    assert tab.current is None and tab.preview.data() == b"" and shown_before


def test_a_change_to_the_record_regenerates_the_preview(qtbot: Any, ctx: AppContext, store: Store) -> None:
    from dialogue_desktop.gui.topics import Topic
    from dialogue_desktop.gui.worker import op

    dialogue_id, _title = editable_dialogue(store)
    tab = shown_tab(qtbot, ctx, dialogue_id)
    before = tab.current
    assert before is not None
    op(needs.add_decision, dialogue_id, needs.DecisionInput(text_en="Open the clinic on Saturdays"),
       changes={Topic.DECISIONS}).run(ctx.worker)  # fmt: skip
    qtbot.waitUntil(lambda: tab.current is not before and not tab.is_busy(), timeout=20000)
    assert tab.current is not None and tab.current.fingerprint != before.fingerprint


def test_save_as_pdf_writes_the_minutes_with_the_dialogue_title(
    qtbot: Any, ctx: AppContext, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialogue_id, title = editable_dialogue(store)
    tab = shown_tab(qtbot, ctx, dialogue_id)
    tab.column.language_buttons["en"].setChecked(True)
    target = tmp_path / "minutes"  # no extension typed: .pdf is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(target), ""))
    qtbot.mouseClick(tab.column.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx.worker)
    saved = target.with_suffix(".pdf")
    assert saved.read_bytes().startswith(b"%PDF")
    text = " ".join(pdf_text(saved).split())
    assert " ".join(title.split()[:4]) in text
    assert "Minutes" in text
    assert saved.name in tab.column.saved_label.text()


def test_printing_without_a_printer_offers_to_save_a_pdf(
    qtbot: Any, ctx: AppContext, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialogue_id, _title = editable_dialogue(store)
    tab = shown_tab(qtbot, ctx, dialogue_id)
    asked: list[bool] = []
    monkeypatch.setattr(minutes_page, "has_printer", lambda: False)
    monkeypatch.setattr(minutes_page, "ask_save_instead", lambda _parent: asked.append(True) or True)
    target = tmp_path / "signin.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(target), ""))
    tab.column.blank_check.setChecked(True)
    qtbot.mouseClick(tab.column.signin_print, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx.worker)
    assert asked == [True]
    text = pdf_text(target)
    assert "Sign-in sheet" in text
    assert "Srey" not in text  # blank: no names (demo names are all different, but none are printed)


def test_prefilled_sign_in_sheet_lists_the_people(
    qtbot: Any, ctx: AppContext, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dialogue_desktop.core.printing.data import gather_signin

    dialogue_id, _title = editable_dialogue(store)
    with store.unit_of_work() as session:
        people = gather_signin(session, dialogue_id).people
    tab = shown_tab(qtbot, ctx, dialogue_id)
    target = tmp_path / "signin.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(target), ""))
    qtbot.mouseClick(tab.column.signin_save, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx.worker)
    text = pdf_text(target)
    latin = [p.name_latin for p in people if p.name_latin]
    assert latin and latin[0] in text


def test_printing_draws_every_page_on_the_printer(
    qtbot: Any, ctx: AppContext, store: Store, tmp_path: Path
) -> None:
    dialogue_id, _title = editable_dialogue(store)
    tab = shown_tab(qtbot, ctx, dialogue_id)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a "printer" whose pages we can count
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    printer.setResolution(150)
    assert pdf_preview.render_to_printer(tab.preview.document, printer)
    assert page_count(out.read_bytes()) == tab.preview.page_count() > 0


def test_approved_minutes_say_they_are_locked(qtbot: Any, ctx: AppContext, store: Store) -> None:
    from dialogue_desktop.core.domain.enums import DialogueStatus
    from dialogue_desktop.core.services import dialogues as dialogue_service

    dialogue_id, _title = editable_dialogue(store)
    with store.unit_of_work() as session:
        for status in dialogue_service.LIFECYCLE[
            : dialogue_service.LIFECYCLE.index(DialogueStatus.MINUTES_DRAFTED) + 1
        ]:
            dialogue_service.set_status(session, dialogue_id, status)  # one step at a time
        dialogue_service.approve_minutes(session, dialogue_id)
    tab = shown_tab(qtbot, ctx, dialogue_id)
    assert tab.column.status_label.text() == "Approved minutes: locked"


def check(qtbot: Any, dialog: VerifyCopyDialog, text: str) -> str:
    """Type (or scan) a code and press Enter, as a USB scanner does; the verdict shown."""
    entry = dialog.panel.entry
    entry.clear()
    qtbot.keyClicks(entry, text)
    with qtbot.waitSignal(dialog.panel.checked, timeout=10000):
        qtbot.keyClick(entry, Qt.Key.Key_Return)
    return dialog.panel.verdict()


def test_checking_a_printed_copy(qtbot: Any, ctx: AppContext, store: Store) -> None:
    dialogue_id, title = editable_dialogue(store)
    tab = shown_tab(qtbot, ctx, dialogue_id)
    assert tab.current is not None
    code = tab.current.code
    dialog = VerifyCopyDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()

    assert check(qtbot, dialog, code) == "matches"
    assert dialog.isVisible()  # Enter checked the code; it did not close the window
    assert "matches the record" in dialog.panel.headline.text()
    assert title in dialog.panel.detail.text()
    assert entry_selected(dialog)  # the next scan replaces the code

    short = code[: code.rindex(":") + 1 + 12]  # the code typed from paper, with the printed fingerprint only
    assert check(qtbot, dialog, "  " + short.replace("DD1", "dd1")) == "matches"

    with store.unit_of_work() as session:  # a decision recorded after the copy was printed
        needs.add_decision(session, dialogue_id, needs.DecisionInput(text_en="Agreed after printing"))
    assert check(qtbot, dialog, code) == "changed"
    assert "changed since this copy was printed" in dialog.panel.headline.text()
    assert "Print the minutes again" in dialog.panel.detail.text()

    unknown = "DD1:00000000-0000-0000-0000-000000000000:" + "a" * 64
    assert check(qtbot, dialog, unknown) == "unknown"
    assert "00000000-0000-0000-0000-000000000000" in dialog.panel.headline.text()

    assert check(qtbot, dialog, "hello, world") == "invalid"
    assert "not a minutes code" in dialog.panel.headline.text()
    assert "DD1:" in dialog.panel.headline.text()
    assert dialog.grab().save(str(SCREENSHOTS / "check_printed_copy.png"))


def entry_selected(dialog: VerifyCopyDialog) -> bool:
    entry = dialog.panel.entry
    return entry.selectedText() == entry.text() != ""


def test_a_code_typed_through_the_khmer_keyboard_layout_says_to_switch(qtbot: Any, ctx: AppContext) -> None:
    from PySide6.QtTest import QTest

    dialog = VerifyCopyDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    for ch in "ដដ១":
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, dialog.panel.entry, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )
    with qtbot.waitSignal(dialog.panel.checked, timeout=5000):
        qtbot.keyClick(dialog.panel.entry, Qt.Key.Key_Return)
    assert dialog.panel.verdict() == "invalid"
    assert "English" in dialog.panel.detail.text()


def test_action_report_is_written_on_the_worker(
    qtbot: Any, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "actions.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(target), ""))
    assert export_action_report(ctx, None) is not None
    wait_idle(qtbot, ctx.worker)
    assert "Action tracker" in pdf_text(target)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: ("", ""))
    assert export_action_report(ctx, None) is None  # cancelled: nothing written, nothing queued


def test_in_khmer_every_label_is_khmer_and_the_options_are_not_cut(
    qtbot: Any, ctx: AppContext, store: Store
) -> None:
    from tests.gui.conftest import visible_texts
    from tests.gui.test_shell import english_left

    from dialogue_desktop.core.i18n import set_language

    dialogue_id, _title = editable_dialogue(store)
    set_language("km")
    tab = shown_tab(qtbot, ctx, dialogue_id)
    tab.retranslate_ui()
    qtbot.waitUntil(lambda: not tab.is_busy(), timeout=20000)
    texts = [
        t for t in visible_texts(tab.column.side) if t != tab.column.fingerprint_label.text()
    ]  # the hex code is no word
    left = english_left(texts, {"English", "PDF", "QR", "DD1"})
    assert not left, f"English left: {left}"
    assert "សេចក្ដីព្រាង" in tab.column.status_label.text()  # a draft, said in Khmer
    # The longest option fits: the column is at least as wide as each radio button and check box wants.
    for button in [
        *tab.column.language_buttons.values(),
        tab.column.header_check,
        tab.column.annex_check,
        tab.column.blank_check,
    ]:
        assert button.width() >= button.sizeHint().width(), button.text()
    qtbot.waitUntil(lambda: has_ink(tab.preview.view.viewport()), timeout=10000)
    assert tab.grab().save(str(SCREENSHOTS / "minutes_tab_km.png"))
    dialog = VerifyCopyDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert check(qtbot, dialog, "DD1:" + dialogue_id) == "invalid"
    assert dialog.grab().save(str(SCREENSHOTS / "check_printed_copy_km.png"))


def test_in_the_workspace_the_preview_is_made_only_when_the_tab_is_shown(
    qtbot: Any, ctx: AppContext, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dialogue_desktop.gui.pages import workspace

    dialogue_id, _title = editable_dialogue(store)
    space = workspace.DialogueWorkspace(ctx)
    qtbot.addWidget(space)
    space.resize(1200, 800)
    space.show()
    with qtbot.waitSignal(space.loaded, timeout=10000):
        space.load(dialogue_id, tab=0)
    wait_idle(qtbot, ctx.worker)
    minutes = space.minutes
    assert isinstance(minutes, MinutesTab)
    assert minutes.current is None  # hidden: no PDF made behind the facilitator's back
    space.tabs.setCurrentWidget(minutes)
    qtbot.waitUntil(lambda: minutes.current is not None and not minutes.is_busy(), timeout=20000)
    assert minutes.current is not None and minutes.current.dialogue_id == dialogue_id
    assert space.tabs.tabText(space.tabs.indexOf(minutes)) == "Minutes"


def test_a_photo_of_the_signed_sheet_is_attached_opened_and_removed(
    qtbot: Any, ctx: AppContext, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog
    from sqlalchemy import select

    from dialogue_desktop.core.domain.models import Attachment
    from dialogue_desktop.core.paths import viewer_dir
    from dialogue_desktop.gui.widgets import dialogs

    dialogue_id, _title = editable_dialogue(store)
    tab = shown_tab(qtbot, ctx, dialogue_id)
    box = tab.column.attachments
    qtbot.waitUntil(lambda: box.files.count() == 1)
    assert box.files.item(0).text() == "No file attached yet"
    photo = tmp_path / "signed sheet.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 a phone photo " * 200)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(photo)], ""))
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(box.rows) == 1)
    assert box.files.item(0).text() == "signed sheet.jpg  ·  4 kB"
    # Opened with the computer's viewer: a plain copy (the store is encrypted) under a neutral name with the
    # file's extension, the same bytes, in the app's private temporary folder.
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    box.files.setCurrentRow(0)
    qtbot.mouseClick(box.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened))
    copy = Path(opened[0].toLocalFile())
    assert copy.name == f"attachment-{box.rows[0].id[:8]}.jpg" and copy.read_bytes() == photo.read_bytes()
    assert copy.parent == viewer_dir()
    # Removed after asking: No keeps it, Yes removes it (a tombstone that travels with sync).
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: False)
    qtbot.mouseClick(box.remove_button, Qt.MouseButton.LeftButton)
    assert len(box.rows) == 1
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: True)
    qtbot.mouseClick(box.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.rows)
    with store.unit_of_work() as session:
        (record,) = session.scalars(select(Attachment)).all()
        assert record.deleted and record.filename == "signed sheet.jpg" and record.dialogue_id == dialogue_id
