"""The actions agreed in one dialogue (a tab of its workspace): the table, the selected action's follow-ups
and corrections, and the form to add one.

The form opens on demand ("Add an action…", Ctrl+N) and closes once the action is added or on Esc: open
all the time it took the height of the table, which showed two actions on a 1366×768 laptop screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from dialogue_desktop.core.i18n import _
from dialogue_desktop.core.services.errors import ValidationError
from dialogue_desktop.core.services.listing import ActionFilters
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.operations import actions as action_ops
from dialogue_desktop.gui.operations.actions import Choices
from dialogue_desktop.gui.pages.action_form import ActionForm
from dialogue_desktop.gui.pages.actions_panel import ActionsPanel
from dialogue_desktop.gui.pages.workspace_tab import WorkspaceTab
from dialogue_desktop.gui.topics import Topic

#: Opens the form to add an action (the door's Ctrl+N opens its new-person form: the same habit).
OPEN_FORM_SHORTCUT = "Ctrl+N"


def shortcut_text(keys: str) -> str:
    """A shortcut as the platform writes it (for a button's label or tooltip)."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


class DialogueActionsTab(WorkspaceTab):
    """The actions agreed in one dialogue: add them with every field (Enter adds), correct and follow them up."""

    def watched_topics(self) -> frozenset[Topic]:
        return frozenset({Topic.ACTIONS, Topic.ORGANISATIONS})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_form)
        bar.addWidget(self.open_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.form_box = QGroupBox()
        self.form = ActionForm()
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close_form)
        for line in self.form.line_edits():
            line.returnPressed.connect(self.add)
        self.form.grid.addWidget(self.close_button, 0, 10, Qt.AlignmentFlag.AlignBottom)
        self.form.grid.addWidget(self.add_button, 1, 10, Qt.AlignmentFlag.AlignBottom)
        QVBoxLayout(self.form_box).addWidget(self.form)
        self.form_box.hide()
        layout.addWidget(self.form_box)
        self.panel = ActionsPanel(ctx, with_dialogue=False, detail_on_selection=True)
        layout.addWidget(self.panel, 1)
        QShortcut(QKeySequence(OPEN_FORM_SHORTCUT), self).activated.connect(self.open_form)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.form_box)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # only while typing in the form
        escape.activated.connect(self.close_form)
        self.retranslate_ui()

    def tab_title(self) -> str:
        return _("Actions")

    def first_field(self) -> QWidget:
        """Where work on the tab starts: the form's first field while it is open, else its button."""
        return self.form.fields["text_km"] if self.form_box.isVisibleTo(self) else self.open_button

    def retranslate_ui(self) -> None:
        self.open_button.setText(_("Add an action…") + f"  ({shortcut_text(OPEN_FORM_SHORTCUT)})")
        self.form_box.setTitle(_("New action"))
        self.add_button.setText(_("Add"))
        self.close_button.setText(_("Close"))
        self.close_button.setToolTip(shortcut_text("Esc"))
        self.form.retranslate_ui()
        self.panel.retranslate_ui()

    # --- the form ------------------------------------------------------------------------------------

    def open_form(self) -> None:
        """Show the form to add an action, the focus in its first field (nothing to add once approved)."""
        if self.dialogue is None or self.dialogue.locked:
            return
        self.form_box.show()
        self.open_button.hide()
        self.form.fields["text_km"].setFocus()

    def close_form(self) -> None:
        """Hide the form (what was typed stays for next time); the focus back on its button."""
        self.form_box.hide()
        self.open_button.show()
        self.open_button.setFocus()

    # --- data ----------------------------------------------------------------------------------------

    def reload(self) -> None:
        if self.dialogue is None:
            return
        self.panel.follow_up.default_dialogue_id = self.dialogue.id
        self.panel.locked = self.dialogue.locked
        self.open_button.setEnabled(not self.dialogue.locked)
        if self.dialogue.locked and self.form_box.isVisibleTo(self):
            self.close_form()
        action_ops.listed(ActionFilters(dialogue_id=self.dialogue.id)).success(self.panel.show_rows).run(
            self.ctx.worker
        )
        action_ops.read_choices().success(self._show_choices).run(self.ctx.worker)

    def _show_choices(self, choices: Choices) -> None:
        self.form.set_choices(choices)
        self.panel.set_choices(choices)

    def add(self) -> None:
        """Add the action typed in the form; its problems show beside their fields. Once added, the form
        closes and the new action is selected in the table, ready for its follow-up."""
        if self.dialogue is None:
            return

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                self.form.show_problems(error)
            else:
                self.ctx.worker.show_failure(error, self.form.general_error)

        def done(action_id: str) -> None:
            self.form.clear_problems()
            self.form.clear()
            self.form.supporters.set_value(())
            self.panel.select_when_shown(action_id)
            self.form_box.hide()
            self.open_button.show()
            self.panel.table.setFocus()

        action_ops.create(self.dialogue.id, self.form.data()).success(done).failure(failed).run(
            self.ctx.worker
        )
