"""Details of a dialogue: kind, titles in both languages, date and times, place, venue, organisers,
facilitators, themes. Every field is saved when the facilitator leaves it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.domain.enums import DialogueKind
from dialogue_desktop.core.i18n import _
from dialogue_desktop.core.services.dialogues import DialogueInput, DialogueView
from dialogue_desktop.core.services.errors import ValidationError
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.operations import dialogues as dialogue_ops
from dialogue_desktop.gui.pages.workspace_tab import WorkspaceTab
from dialogue_desktop.gui.text import both
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.widgets.dates import DateEdit, TimeEdit
from dialogue_desktop.gui.widgets.fields import EnumCombo, ErrorLabel, PlacePicker, show_validation
from dialogue_desktop.gui.worker import Op

NO_TIME = QTime(0, 0)


class FocusOutText(QPlainTextEdit):
    """A multi-line text that saves when the facilitator leaves it."""

    def __init__(self, on_leave: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_leave = on_leave
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        self._on_leave()


class LinkList(QWidget):
    """The organisations or facilitators linked to a dialogue: a list, a combo to add, a remove button."""

    def __init__(
        self, on_add: Callable[[str], None], on_remove: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setMaximumHeight(self.fontMetrics().height() * 5)
        self.choices = QComboBox()
        self.choices.setMinimumContentsLength(18)
        self.add = QPushButton()
        self.remove = QPushButton()
        side = QVBoxLayout()
        side.addWidget(self.choices)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        side.addLayout(buttons)
        side.addStretch(1)
        layout.addWidget(self.list, 1)
        layout.addLayout(side)
        self._on_add = on_add
        self._on_remove = on_remove
        self.add.clicked.connect(self._add_clicked)
        self.remove.clicked.connect(self._remove_clicked)

    def _add_clicked(self) -> None:
        chosen = self.choices.currentData()
        if chosen:
            self._on_add(chosen)

    def _remove_clicked(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._on_remove(item.data(Qt.ItemDataRole.UserRole))

    def retranslate_ui(self) -> None:
        self.add.setText(_("Add"))
        self.remove.setText(_("Remove"))

    def show_items(self, linked: list[tuple[str, str]], choices: list[tuple[str, str]]) -> None:
        self.list.clear()
        for item_id, text in linked:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, item_id)
            self.list.addItem(item)
        linked_ids = {i for i, _t in linked}
        self.choices.clear()
        for item_id, text in choices:
            if item_id not in linked_ids:
                self.choices.addItem(text, item_id)


class DetailsTab(WorkspaceTab):
    def watched_topics(self) -> frozenset[Topic]:
        return frozenset({Topic.ORGANISATIONS})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._loading = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.kind = EnumCombo(DialogueKind)
        self.kind.activated.connect(lambda _i: self.save())
        self.title_km = QLineEdit()
        self.title_en = QLineEdit()
        self.date = DateEdit()
        self.start = TimeEdit()
        self.end = TimeEdit()
        self.place = PlacePicker()
        self.place.changed.connect(self.save)
        self.venue = QLineEdit()
        self.themes = FocusOutText(self.save)
        self.themes.setMaximumHeight(self.fontMetrics().height() * 5)
        for line in (self.title_km, self.title_en, self.venue):
            line.editingFinished.connect(self.save)
        for dated in (self.date, self.start, self.end):
            dated.editingFinished.connect(self.save)
        self.organisers = LinkList(self._add_organiser, self._remove_organiser)
        self.facilitators = LinkList(self._add_facilitator, self._remove_facilitator)
        times = QHBoxLayout()
        times.addWidget(self.start)
        self.to_label = QLabel()
        times.addWidget(self.to_label)
        times.addWidget(self.end)
        times.addStretch(1)
        self.errors = {name: ErrorLabel() for name in (
            "kind", "title_km", "title_en", "date", "end_time", "province_code", "district_code",
            "commune_code", "venue", "themes",
        )}  # fmt: skip
        self.general_error = ErrorLabel()
        self.labels: dict[str, QLabel] = {}

        def row(key: str, widget: QWidget | Any, *error_keys: str) -> None:
            label = QLabel()
            self.labels[key] = label
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget) if isinstance(widget, QWidget) else box.addLayout(widget)
            for error_key in error_keys:
                box.addWidget(self.errors[error_key])
            form.addRow(label, box)

        row("kind", self.kind, "kind")
        row("title_km", self.title_km, "title_km")
        row("title_en", self.title_en, "title_en")
        row("date", self.date, "date")
        row("time", times, "end_time")
        row("place", self.place, "province_code", "district_code", "commune_code")
        row("venue", self.venue, "venue")
        row("organisers", self.organisers)
        row("facilitators", self.facilitators)
        row("themes", self.themes, "themes")
        form.addRow(self.general_error)
        self.retranslate_ui()

    def tab_title(self) -> str:
        return _("Details")

    def retranslate_ui(self) -> None:
        texts = {
            "kind": _("Kind"), "title_km": _("Title in Khmer"), "title_en": _("Title in English"),
            "date": _("Date"), "time": _("Time"), "place": _("Place"), "venue": _("Venue"),
            "organisers": _("Organisers"), "facilitators": _("Facilitators"), "themes": _("Themes"),
        }  # fmt: skip
        for key, label in self.labels.items():
            label.setText(texts[key])
        self.to_label.setText(_("to"))
        self.kind.retranslate_ui()
        self.place.retranslate_ui()
        self.organisers.retranslate_ui()
        self.facilitators.retranslate_ui()
        self.venue.setPlaceholderText(_("e.g. Provincial hall, meeting room 2"))
        if self.dialogue is not None:
            self.reload()

    def set_dialogue(self, dialogue: DialogueView) -> None:
        self.dialogue = dialogue
        self._loading = True
        try:
            focus = self.focusWidget()
            self.kind.set_value(dialogue.kind.value)
            for line, value in (
                (self.title_km, dialogue.title_km),
                (self.title_en, dialogue.title_en),
                (self.venue, dialogue.venue),
            ):
                if line is not focus:
                    line.setText(value)
            self.date.setDate(QDate(dialogue.date.year, dialogue.date.month, dialogue.date.day))
            self.start.setTime(
                QTime(dialogue.start_time.hour, dialogue.start_time.minute)
                if dialogue.start_time
                else NO_TIME
            )
            self.end.setTime(
                QTime(dialogue.end_time.hour, dialogue.end_time.minute) if dialogue.end_time else NO_TIME
            )
            self.place.set_codes(dialogue.province_code, dialogue.district_code, dialogue.commune_code)
            if self.themes is not focus:
                self.themes.setPlainText(dialogue.themes)
            for error in self.errors.values():
                error.show_text("")
            editable = not dialogue.locked
            for widget in (self.kind, self.title_km, self.title_en, self.date, self.start, self.end, self.place,
                           self.venue, self.themes, self.organisers, self.facilitators):  # fmt: skip
                widget.setEnabled(editable)
        finally:
            self._loading = False
        self.reload()

    def reload(self) -> None:
        if self.dialogue is None:
            return
        dialogue_ops.read_links(self.dialogue.id).success(self._show_links).run(self.ctx.worker)

    def _show_links(self, links: dict[str, list[tuple[str, str, str]]]) -> None:
        def items(key: str) -> list[tuple[str, str]]:
            return [(i, both(km, other)) for i, km, other in links[key]]

        self.organisers.show_items(items("organisers"), items("organisations"))
        self.facilitators.show_items(items("facilitators"), items("all_facilitators"))

    # --- saving --------------------------------------------------------------------------------------

    def current_input(self) -> DialogueInput:
        assert self.dialogue is not None
        province, district, commune = self.place.codes()
        start = self.start.time().toPython() if self.start.time() != NO_TIME else None
        end = self.end.time().toPython() if self.end.time() != NO_TIME else None
        return DialogueInput(
            kind=self.kind.value(),
            title_km=self.title_km.text(),
            title_en=self.title_en.text(),
            date=self.date.date().toPython(),  # type: ignore[arg-type]
            start_time=start,  # type: ignore[arg-type]
            end_time=end,  # type: ignore[arg-type]
            province_code=province,
            district_code=district,
            commune_code=commune,
            venue=self.venue.text(),
            themes=self.themes.toPlainText(),
            discussion_summary=self.dialogue.discussion_summary,
        )

    def changed(self) -> bool:
        """True when a field differs from what is saved."""
        if self.dialogue is None:
            return False
        data = self.current_input()
        d = self.dialogue
        return (data.kind, data.title_km.strip(), data.title_en.strip(), data.date, data.start_time, data.end_time,
                data.province_code, data.district_code, data.commune_code, data.venue.strip(), data.themes.strip()) != (
            d.kind.value, d.title_km, d.title_en, d.date, d.start_time, d.end_time, d.province_code,
            d.district_code, d.commune_code, d.venue, d.themes,
        )  # fmt: skip

    def save(self) -> None:
        """Save the details when something changed; problems appear next to their fields."""
        if self._loading or self.dialogue is None or self.dialogue.locked or not self.changed():
            return

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                show_validation(error, self.errors, self.general_error)
            else:
                self.ctx.worker.show_failure(error, self.general_error)

        def done(_result: object) -> None:
            for label in self.errors.values():
                label.show_text("")
            self.general_error.show_text("")

        dialogue_ops.save_details(self.dialogue.id, self.current_input()).success(done).failure(failed).run(
            self.ctx.worker
        )

    def commit_edits(self) -> None:
        self.save()

    def _link(self, make: Callable[[str, str], Op], other_id: str) -> None:
        if self.dialogue is not None:
            make(self.dialogue.id, other_id).success(lambda _r: self.reload()).shown_on(
                self.general_error
            ).run(self.ctx.worker)

    def _add_organiser(self, organisation_id: str) -> None:
        self._link(dialogue_ops.add_organiser, organisation_id)

    def _remove_organiser(self, organisation_id: str) -> None:
        self._link(dialogue_ops.remove_organiser, organisation_id)

    def _add_facilitator(self, facilitator_id: str) -> None:
        self._link(dialogue_ops.add_facilitator, facilitator_id)

    def _remove_facilitator(self, facilitator_id: str) -> None:
        self._link(dialogue_ops.remove_facilitator, facilitator_id)
