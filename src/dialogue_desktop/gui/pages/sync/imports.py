"""The central office brings bundles in: choose or drop files, see what they would change, apply, and read
what happened to each file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from dialogue_desktop.core.i18n import N_, _, format_number, n_
from dialogue_desktop.core.sync import import_, state
from dialogue_desktop.core.sync.preview import READY, Preview
from dialogue_desktop.core.sync.status import BUNDLE_SUFFIX
from dialogue_desktop.gui.models.id_list import Column, ListModel
from dialogue_desktop.gui.operations import sync as sync_ops
from dialogue_desktop.gui.pages.sync.base import SyncPageBase, tip
from dialogue_desktop.gui.widgets.sync_conflicts import TABLE_LABELS
from dialogue_desktop.gui.widgets.table import make_table, stretch

#: One line of the preview: the file, a table (empty: the file's problem), new, updated, deleted, known.
PreviewLine = tuple[Preview, str, int, int, int, int]


def _problem(preview: Preview) -> str:
    if preview.status == READY:
        return _("nothing to change")
    if preview.status == "already":
        return _("already imported: nothing will change")
    return _("will be refused: {reason}").format(reason=preview.message)


def _outcome_status(outcome: import_.Outcome) -> str:
    return {"imported": _("imported"), "already": _("already imported"), "refused": _("refused")}.get(
        outcome.status, outcome.status
    )


def outcome_details(outcome: import_.Outcome) -> str:
    """What an import did with one file, as a sentence (also for a laptop's receipt)."""
    if outcome.status == "imported":
        text = _("bundle {sequence}: {new}, {conflicts}, {held} held").format(
            sequence=format_number(outcome.sequence),
            new=n_("{n} new change", "{n} new changes", outcome.new_changes).format(
                n=format_number(outcome.new_changes)
            ),
            conflicts=n_("{n} conflict", "{n} conflicts", outcome.conflicts).format(
                n=format_number(outcome.conflicts)
            ),
            held=format_number(outcome.held),
        )
        missing = outcome.missing.get(outcome.sender, [])
        if missing:
            text += " · " + _("missing bundles from this laptop: {numbers}").format(
                numbers=", ".join(format_number(n) for n in missing)
            )
        return text
    if outcome.status == "already":
        return _("nothing changed")
    text = outcome.message
    if outcome.quarantined is not None:
        text += " " + _("The file was moved to {path}.").format(path=str(outcome.quarantined))
    return text


class ImportPart(SyncPageBase):
    """Importing bundles at the central office: preview first, then apply."""

    def _build_imports(self, layout: QVBoxLayout) -> None:
        """The import actions, the preview and the outcome, at the end of the office's box."""
        self.previews: list[Preview] = []
        self.import_caption = QLabel()
        self.import_caption.setObjectName("subheading")
        layout.addWidget(self.import_caption)
        self.import_tip = tip()
        layout.addWidget(self.import_tip)
        row = QHBoxLayout()
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.choose_bundles)
        row.addWidget(self.import_button)
        row.addStretch(1)
        layout.addLayout(row)

        self.preview_box = QGroupBox()
        preview_layout = QVBoxLayout(self.preview_box)
        self.preview_model: ListModel[PreviewLine] = ListModel([
            Column(N_("File"), lambda r: r[0].path.name),
            Column(N_("From"), lambda r: r[0].sender_name),
            Column(N_("Table"), lambda r: _(TABLE_LABELS.get(r[1], r[1])) if r[1] else _problem(r[0])),
            Column(N_("New"), lambda r: format_number(r[2]) if r[1] else "", align_right=True),
            Column(N_("Updated"), lambda r: format_number(r[3]) if r[1] else "", align_right=True),
            Column(N_("Deleted"), lambda r: format_number(r[4]) if r[1] else "", align_right=True),
            Column(N_("Already here"), lambda r: format_number(r[5]) if r[1] else "", align_right=True),
        ], self)  # fmt: skip
        self.preview_table = make_table(self)
        self.preview_table.setModel(self.preview_model)
        stretch(self.preview_table, 2)
        self.preview_table.setMinimumHeight(self.preview_table.fontMetrics().height() * 10)
        preview_layout.addWidget(self.preview_table)
        self.preview_summary = QLabel()
        self.preview_summary.setWordWrap(True)
        preview_layout.addWidget(self.preview_summary)
        row = QHBoxLayout()
        self.apply_button = QPushButton()
        self.apply_button.clicked.connect(self.apply_import)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel_preview)
        row.addWidget(self.apply_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        preview_layout.addLayout(row)
        self.preview_box.hide()
        layout.addWidget(self.preview_box)

        self.outcome_box = QGroupBox()
        outcome_layout = QVBoxLayout(self.outcome_box)
        self.outcomes: ListModel[import_.Outcome] = ListModel([
            Column(N_("File"), lambda o: o.path.name),
            Column(N_("Result"), _outcome_status),
            Column(N_("Details"), outcome_details),
        ], self)  # fmt: skip
        self.outcome_table = make_table(self)
        self.outcome_table.setModel(self.outcomes)
        self.outcome_table.setWordWrap(True)
        stretch(self.outcome_table, 2)
        self.outcome_table.setMinimumHeight(self.outcome_table.fontMetrics().height() * 6)
        outcome_layout.addWidget(self.outcome_table)
        self.outcome_box.hide()
        layout.addWidget(self.outcome_box)

    def _retranslate_imports(self) -> None:
        self.import_caption.setText(_("Import bundles"))
        self.import_tip.setText(
            _(
                "Choose one or many bundle files, or drop them on this page. You see what they will change "
                "before anything is applied."
            )
        )
        self.import_button.setText(_("Import bundles…"))
        self.preview_box.setTitle(_("What will change"))
        self.preview_model.retranslate()
        self.apply_button.setText(_("Apply"))
        self.cancel_button.setText(_("Cancel"))
        self.outcome_box.setTitle(_("Result of the import"))
        self.outcomes.retranslate()
        self._show_preview_summary()

    # --- previewing and applying ---------------------------------------------------------------------

    def choose_bundles(self) -> None:
        """Pick one or many bundle files and preview them."""
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            _("Choose the bundles to import"),
            "",
            _("Bundles (*{suffix});;All files (*)").format(suffix=BUNDLE_SUFFIX),
        )
        if paths:
            self.preview([Path(p) for p in paths])

    def preview(self, paths: list[Path]) -> None:
        """Check the files and show what they would change; nothing is applied yet."""
        self.outcome_box.hide()

        def done(found: list[Preview]) -> None:
            self.previews = found
            rows: list[PreviewLine] = []
            for item in found:
                if item.status == READY and item.tables:
                    rows.extend(
                        (item, table, c.new, c.updated, c.deleted, c.known)
                        for table, c in item.tables.items()
                    )
                else:
                    rows.append((item, "", 0, 0, 0, 0))
            self.preview_model.set_rows(rows)
            self.preview_box.show()
            self._show_preview_summary()
            self._update_buttons()
            self.apply_button.setFocus()

        self._run(sync_ops.preview(paths), done)

    def _show_preview_summary(self) -> None:
        ready = [p for p in self.previews if p.status == READY]
        if not self.previews:
            self.preview_summary.setText("")
            return
        self.preview_summary.setText(
            _(
                "{files} of {total} files can be imported: {new} new records, {updated} updated, {deleted} deleted. "
                "Apply to import them; the others are set aside with the reason."
            ).format(
                files=format_number(len(ready)),
                total=format_number(len(self.previews)),
                new=format_number(sum(p.new for p in ready)),
                updated=format_number(sum(p.updated for p in ready)),
                deleted=format_number(sum(p.deleted for p in ready)),
            )
        )

    def cancel_preview(self) -> None:
        """Set the previewed files aside without importing them."""
        self.previews = []
        self.preview_model.set_rows([])
        self.preview_box.hide()
        self._update_buttons()

    def apply_import(self) -> None:
        """Import the previewed files (each on its own) and show what happened to each."""
        paths = [p.path for p in self.previews]
        if not paths:
            return

        def done(outcomes: list[import_.Outcome]) -> None:
            self.cancel_preview()
            self.outcomes.set_rows(outcomes)
            self.outcome_box.show()
            imported = sum(1 for o in outcomes if o.status == "imported")
            refused = sum(1 for o in outcomes if o.status == "refused")
            text = _("{imported} imported, {refused} refused.").format(
                imported=format_number(imported), refused=format_number(refused)
            )
            if refused:
                self.result.show_text("")
                self.error.show_text(text)
            else:
                self.show_result(text)

        self._run(sync_ops.import_bundles(paths), done)

    # --- drag and drop -------------------------------------------------------------------------------

    def _dropped_bundles(self, event: QDragEnterEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        return [
            Path(u.toLocalFile())
            for u in mime.urls()
            if u.isLocalFile() and u.toLocalFile().endswith(BUNDLE_SUFFIX)
        ]

    def _is_office(self) -> bool:
        return self.state is not None and self.state.role == state.CENTRAL

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if self._is_office() and self._dropped_bundles(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        paths = self._dropped_bundles(event)
        if paths and self._is_office():
            event.acceptProposedAction()
            self.preview(paths)
        else:
            event.ignore()
