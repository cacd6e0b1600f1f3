"""Settings: language, who works on this laptop, type size, and backups (back up now, restore)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dialogue_desktop.core.i18n import LANGUAGES, _, current_language, format_datetime, set_language
from dialogue_desktop.core.services.errors import ValidationError
from dialogue_desktop.core.services.places import provinces
from dialogue_desktop.core.store import backups
from dialogue_desktop.core.store.store import Store
from dialogue_desktop.gui.context import AppContext
from dialogue_desktop.gui.errors import user_message
from dialogue_desktop.gui.identity import IdentityInput
from dialogue_desktop.gui.operations import settings as settings_ops
from dialogue_desktop.gui.operations.settings import BackupEntry, PassphraseState
from dialogue_desktop.gui.pages.base import Page, heading
from dialogue_desktop.gui.qt_i18n import install_qt_translator
from dialogue_desktop.gui.topics import Topic
from dialogue_desktop.gui.widgets import dialogs
from dialogue_desktop.gui.widgets.fields import ErrorLabel, show_validation
from dialogue_desktop.gui.widgets.fit import vertical_scroll
from dialogue_desktop.gui.widgets.min_count import MinCountField


class SettingsPage(Page):
    key = "settings"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        #: How the database is unlocked, read on the worker (None until it arrives: the controls wait).
        self.passphrase_state: PassphraseState | None = None
        body = QWidget()
        layout = QVBoxLayout(body)
        self.heading = heading()
        layout.addWidget(self.heading)

        self.language_box = QGroupBox()
        language_row = QHBoxLayout(self.language_box)
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.currentIndexChanged.connect(self._language_picked)
        language_row.addWidget(self.language)
        language_row.addStretch(1)
        layout.addWidget(self.language_box)

        self.identity_box = QGroupBox()
        form = QFormLayout(self.identity_box)
        self.name = QLineEdit()
        self.name_error = ErrorLabel()
        self.device_name = QLineEdit()
        self.device_error = ErrorLabel()
        self.province = QComboBox()
        self.identity_labels = [QLabel() for _ in range(3)]
        form.addRow(self.identity_labels[0], self.name)
        form.addRow("", self.name_error)
        form.addRow(self.identity_labels[1], self.device_name)
        form.addRow("", self.device_error)
        form.addRow(self.identity_labels[2], self.province)
        self.save_identity = QPushButton()
        self.save_identity.clicked.connect(self._save_identity)
        self.identity_message = QLabel()
        self.identity_message.setObjectName("quiet")
        row = QHBoxLayout()
        row.addWidget(self.save_identity)
        row.addWidget(self.identity_message, 1)
        form.addRow("", row)
        self.identity_error = ErrorLabel()  # what belongs to no field (not the laptop's name's line)
        form.addRow("", self.identity_error)
        self.min_count = MinCountField(ctx)  # small counts in exports, saved on leaving the field
        form.addRow(self.min_count.label, self.min_count)
        layout.addWidget(self.identity_box)

        self.backup_box = QGroupBox()
        backup_layout = QVBoxLayout(self.backup_box)
        self.backup_folder = QLabel()
        self.backup_folder.setWordWrap(True)
        self.backup_folder.setObjectName("quiet")
        self.backup_list = QComboBox()
        buttons = QHBoxLayout()
        self.backup_now = QPushButton()
        self.backup_now.clicked.connect(self._backup_now)
        self.restore = QPushButton()
        self.restore.clicked.connect(self._restore)
        buttons.addWidget(self.backup_now)
        buttons.addWidget(self.backup_list, 1)
        buttons.addWidget(self.restore)
        self.backup_message = QLabel()
        self.backup_message.setWordWrap(True)
        self.change_passphrase = QPushButton()
        self.change_passphrase.clicked.connect(self._change_passphrase)
        self.ask_at_start = QCheckBox()
        self.ask_at_start.clicked.connect(self._ask_at_start_clicked)
        self.ask_at_start_note = QLabel()
        self.ask_at_start_note.setObjectName("quiet")
        self.ask_at_start_note.setWordWrap(True)
        passphrase_row = QHBoxLayout()
        passphrase_row.addWidget(self.change_passphrase)
        passphrase_row.addWidget(self.ask_at_start)
        passphrase_row.addStretch(1)
        backup_layout.addWidget(self.backup_folder)
        backup_layout.addLayout(buttons)
        backup_layout.addLayout(passphrase_row)
        backup_layout.addWidget(self.ask_at_start_note)
        backup_layout.addWidget(self.backup_message)
        self._enable_passphrase_controls(False)  # until the key file and credential store are read
        layout.addWidget(self.backup_box)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # Every error and note shown at once is taller than 1366×728 allows: the page scrolls then, the
        # window never grows.
        area = vertical_scroll(body)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields (the area follows them)
        for plain in (body, area.viewport()):  # the page's own background, not a panel's grey
            plain.setAutoFillBackground(False)
        outer.addWidget(area)
        self.retranslate_ui()

    def title(self) -> str:
        return _("Settings")

    def watched_topics(self) -> frozenset[Topic]:
        return frozenset({Topic.SETTINGS})

    def retranslate_ui(self) -> None:
        self.heading.setText(_("Settings"))
        self.language_box.setTitle(_("Language"))
        self.identity_box.setTitle(_("This laptop"))
        self.min_count.retranslate_ui()
        for label, text in zip(
            self.identity_labels, (_("Your name"), _("Name of this laptop"), _("Province")), strict=True
        ):
            label.setText(text)
        self.save_identity.setText(_("Save"))
        self.backup_box.setTitle(_("Backups"))
        self.backup_now.setText(_("Back up now"))
        self.restore.setText(_("Restore…"))
        self.change_passphrase.setText(_("Change the passphrase…"))
        self.ask_at_start.setText(_("Ask for the passphrase at every start"))
        self._show_ask_at_start()
        self.language.blockSignals(True)
        self.language.setCurrentIndex(self.language.findData(current_language()))
        self.language.blockSignals(False)
        current = self.province.currentData()
        self.province.clear()
        self.province.addItem(_("Province…"), None)
        for place in provinces():
            self.province.addItem(place.name(), place.code)
        self.province.setCurrentIndex(max(self.province.findData(current), 0))
        self._show_backups()

    def reload(self) -> None:
        device = self.ctx.device
        self.name.setText(device.facilitator_name)
        self.device_name.setText(device.name)
        self.province.setCurrentIndex(max(self.province.findData(device.province_code), 0))
        self._show_backups()
        self._read_passphrase_state()

    def page_shown(self) -> None:
        self.reload()

    def _language_picked(self, _index: int) -> None:
        code = self.language.currentData()
        if code and code != current_language():
            set_language(code)
            install_qt_translator()
            self.ctx.settings.update(language=code)

    def _save_identity(self) -> None:
        data = IdentityInput(self.name.text(), self.device_name.text(), self.province.currentData())
        errors = {"name_km": self.name_error, "name_latin": self.name_error, "device_name": self.device_error}

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                show_validation(error, errors, self.identity_error)
            else:
                self.identity_error.show_text(user_message(error))

        def done(_id: str) -> None:
            for label in (self.name_error, self.device_error, self.identity_error):
                label.show_text("")
            self.identity_message.setText(_("Saved."))

        settings_ops.save_identity(data).success(done).failure(failed).run(self.ctx.worker)

    # --- backups -------------------------------------------------------------------------------------

    def _show_backups(self) -> None:
        path = self.ctx.store.path
        if path is None:
            self.backup_folder.setText(_("This database is on a server; its backups are made there."))
            self.backup_now.setEnabled(False)
            self.restore.setEnabled(False)
            self.change_passphrase.setEnabled(False)  # a server database is not encrypted by the app
            self.ask_at_start.setEnabled(False)
            return
        self.backup_folder.setText(
            _("Backups are kept in: {folder}").format(folder=backups.backup_dir_for(path))
        )
        settings_ops.backup_list().success(self._fill_backups).run(self.ctx.worker)

    def _fill_backups(self, found: list[BackupEntry]) -> None:
        current = self.backup_list.currentData()
        self.backup_list.clear()
        for backup in found:
            self.backup_list.addItem(format_datetime(backup.made_at.astimezone()), str(backup.path))
        if self.backup_list.count() == 0:
            self.backup_list.addItem(_("No backups yet"), None)
        self.backup_list.setCurrentIndex(max(self.backup_list.findData(current), 0))
        self.restore.setEnabled(self.backup_list.currentData() is not None)

    def _backup_now(self) -> None:
        def done(path: Path) -> None:
            self.backup_message.setText(_("Backup made: {file}").format(file=path.name))
            self._show_backups()

        settings_ops.make_backup().success(done).failure(
            lambda error: self.backup_message.setText(user_message(error))
        ).run(self.ctx.worker)

    # --- the passphrase ----------------------------------------------------------------------------------

    def _enable_passphrase_controls(self, enabled: bool) -> None:
        self.change_passphrase.setEnabled(enabled)
        self.ask_at_start.setEnabled(enabled)

    def _read_passphrase_state(self) -> None:
        """Read the key file and the credential store on the worker (a credential store can take seconds
        to answer); the controls wait, disabled, and are filled when it arrives."""
        if self.ctx.store.path is None:  # a server database: nothing of the app's to read
            return
        self._enable_passphrase_controls(False)

        def arrived(state: PassphraseState) -> None:
            self.passphrase_state = state
            self._show_ask_at_start()

        settings_ops.passphrase_state().success(arrived).failure(
            lambda error: self.backup_message.setText(user_message(error))
        ).run(self.ctx.worker)

    def _change_passphrase(self) -> None:
        state = self.passphrase_state
        if state is None:  # not read yet (the button is disabled meanwhile)
            return
        current = None
        if state.has_passphrase:
            current = dialogs.ask_passphrase(
                self, new=False, text=_("Type the current passphrase of this database.")
            )
            if current is None:
                return
        new = dialogs.ask_passphrase(
            self,
            new=True,
            text=_("Choose the new passphrase. Without it nobody can read the data, not even you."),
        )
        if new is None:
            return

        def done(_none: None) -> None:
            self.backup_message.setText(_("The passphrase was changed."))
            self._read_passphrase_state()

        def failed(error: BaseException) -> None:
            self.backup_message.setText(user_message(error))
            self._read_passphrase_state()

        self._enable_passphrase_controls(False)  # one change at a time
        settings_ops.change_passphrase(current, new).success(done).failure(failed).run(self.ctx.worker)

    def _show_ask_at_start(self) -> None:
        """The box as the key file says; why it cannot be unticked where there is no credential store. Shows
        the state last read (`passphrase_state`): nothing here reads a file or the credential store."""
        state = self.passphrase_state
        if state is None or not state.encrypted:
            self.ask_at_start_note.setText("")
            return
        always = not state.has_credential_store
        self.ask_at_start.setChecked(always or state.asks_at_start)
        self.change_passphrase.setEnabled(True)
        self.ask_at_start.setEnabled(not always)
        if always:
            self.ask_at_start_note.setText(
                _(
                    "On this computer (or a USB stick) the passphrase is always asked: there is no credential store."
                )
            )
        else:
            self.ask_at_start_note.setText(
                _(
                    "Tick it if this computer's account has no password: otherwise anyone who opens the "
                    "account can open the data."
                )
            )

    def _ask_at_start_clicked(self, required: bool) -> None:
        state = self.passphrase_state
        self.ask_at_start.setChecked(not required)  # until it is done
        if state is None:  # not read yet (the box is disabled meanwhile)
            return
        new = not state.has_passphrase
        if new:
            text = _(
                "Choose the passphrase to type at every start. Without it nobody can read the data, not even you."
            )
        elif required:
            text = _("Type the passphrase you will type at every start.")
        else:
            text = _("Type the passphrase of this database.")
        passphrase = dialogs.ask_passphrase(self, new=new, text=text)
        if passphrase is None:
            return

        def done(_none: None) -> None:
            self._read_passphrase_state()
            self.backup_message.setText(
                _("The passphrase will be asked at every start.")
                if required
                else _("This computer's credential store unlocks the database again.")
            )

        def failed(error: BaseException) -> None:
            self._read_passphrase_state()
            self.backup_message.setText(user_message(error))

        self._enable_passphrase_controls(False)  # one change at a time
        settings_ops.set_passphrase_at_start(passphrase, required).success(done).failure(failed).run(
            self.ctx.worker
        )

    def _restore(self) -> None:
        chosen = self.backup_list.currentData()
        if not chosen:
            return
        text = _(
            "Replace everything in this database with the backup of {when}? A copy of the database as it "
            "is now is kept first."
        ).format(when=self.backup_list.currentText())
        if not dialogs.confirm(self, _("Restore a backup"), text):
            return

        def done(_new_store: Store) -> None:
            self.backup_message.setText(_("The backup was restored."))
            self._show_backups()

        settings_ops.restore_backup(self.ctx.worker, Path(chosen)).success(done).failure(
            lambda error: self.backup_message.setText(user_message(error))
        ).run(self.ctx.worker)
