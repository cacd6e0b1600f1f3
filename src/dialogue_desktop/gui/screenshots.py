"""PNG pictures of every main page, and of a dialogue's workspace, in Khmer and in English.
Taken at 1366×728: the window on a 1366×768 laptop screen with a taskbar.

`save_screenshots(db, outdir)` starts the real window headless over `db`, shows each page and each tab of
the first dialogue, and saves `<lang>-<page>.png` (e.g. `km-attendance.png`, `en-dialogues.png`).
The facilitator's remembered place and language are left as they were.
"""

from __future__ import annotations

from pathlib import Path

WORKSPACE_TABS = ("details", "agenda", "attendance", "voices", "needs", "decisions", "actions", "minutes")


def save_screenshots(db: str, outdir: Path, *, size: tuple[int, int] = (1366, 728)) -> list[Path]:
    """Save a PNG of every main page and workspace tab in both languages; returns the paths written."""
    from dialogue_desktop.gui.app import _wait_idle, build_window, ensure_app

    ensure_app(headless=True)
    from dialogue_desktop.core.i18n import current_language, set_language
    from dialogue_desktop.core.store.store import Store
    from dialogue_desktop.gui.main_window import MainWindow

    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    before = current_language()
    store = Store.open(db)
    saved: list[Path] = []
    try:
        window = build_window(store, first_run=False)
        assert isinstance(window, MainWindow)
        window.ctx.settings.save = lambda: None  # type: ignore[method-assign]  # leave the user's settings alone
        window.resize(*size)
        window.show()
        worker = window.ctx.worker
        try:
            for language in ("km", "en"):
                window.switch_language(language)
                for key in window.pages:
                    page = window.show_page(key)
                    if key == "dialogues":
                        page.show_list()  # type: ignore[attr-defined]
                    _wait_idle(worker)
                    saved.append(_grab(window, outdir / f"{language}-{key}.png"))
                dialogues = window.pages["dialogues"]
                window.show_page("dialogues")
                if dialogues.open_first_dialogue():  # type: ignore[attr-defined]
                    _wait_idle(worker)
                    workspace = dialogues.workspace  # type: ignore[attr-defined]
                    for index, name in enumerate(WORKSPACE_TABS):
                        workspace.tabs.setCurrentIndex(index)
                        _wait_idle(worker)
                        _wait_for_preview(workspace.tabs.currentWidget(), worker)
                        saved.append(_grab(window, outdir / f"{language}-dialogue-{name}.png"))
                    dialogues.show_list()  # type: ignore[attr-defined]
        finally:
            window.dispose()
            window.close()
            worker.stop()
    finally:
        store.close()
        set_language(before)
    return saved


def _wait_for_preview(tab: object, worker: object, timeout: float = 30.0) -> None:
    """The minutes tab makes its preview after a short delay: wait for it, so the picture shows the PDF."""
    import time

    from PySide6.QtWidgets import QApplication

    is_busy = getattr(tab, "is_busy", None)
    if is_busy is None:
        return
    deadline = time.monotonic() + timeout
    while is_busy() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)
    from dialogue_desktop.gui.app import _wait_idle

    _wait_idle(worker)


def _grab(window: object, path: Path) -> Path:
    from PySide6.QtWidgets import QApplication, QWidget

    assert isinstance(window, QWidget)
    QApplication.processEvents()
    window.grab().save(str(path))
    return path
