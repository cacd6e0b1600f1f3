"""Attachments benchmark: storing and reading a 10 MB file, encrypted (now) and plain (before), same run.

Run: `python bench/bench_attachments.py [--megabytes 10 --repeat 5]`.
Prints the median time to store (hash, write, sync, rename) and to read back (decrypt, check the SHA-256)
an attachment beside an encrypted store, the same beside a plain store (the plain layout, as before), the
code of before itself (hash, copy, sync, rename; read the bytes) and the ratios to it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DIALOGUE_DESKTOP_PASSPHRASE", "benchmark passphrase")

from bench_encryption import plain_stores  # noqa: E402
from dialogue_desktop.core.store import contents  # noqa: E402
from dialogue_desktop.core.store.store import Store  # noqa: E402


def median_ms(work: Callable[[], object], repeat: int) -> float:
    """The median duration of `work` in milliseconds."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return round(statistics.median(times) * 1000, 1)


def fresh_folder(store: Store) -> None:
    shutil.rmtree(store.attachments_dir, ignore_errors=True)


def measure_store(store: Store, source: Path, repeat: int) -> dict[str, float]:
    sha = hashlib.sha256(source.read_bytes()).hexdigest()

    def write() -> None:
        fresh_folder(store)  # each time a new file: stored content is kept once and not written again
        contents.store_file(store, source)

    stored = median_ms(write, repeat)
    read = median_ms(lambda: contents.read_content(store, sha), repeat)
    viewer = source.with_name("viewer-copy")
    copied = median_ms(lambda: contents.copy_content(store, sha, viewer), repeat)
    return {"store_ms": stored, "read_ms": read, "copy_for_viewer_ms": copied}


def measure_before(folder: Path, source: Path, repeat: int) -> dict[str, float]:
    """The code of before: SHA-256 of the file, a plain copy synced and renamed; reading = the bytes."""
    target_folder = folder / "before.attachments"

    def write() -> None:
        shutil.rmtree(target_folder, ignore_errors=True)
        target_folder.mkdir()
        digest = hashlib.sha256()
        with open(source, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        partial = target_folder / "partial"
        shutil.copyfile(source, partial)
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target_folder / digest.hexdigest())

    stored = median_ms(write, repeat)
    path = next(target_folder.iterdir())
    read = median_ms(path.read_bytes, repeat)
    copied = median_ms(lambda: shutil.copyfile(path, folder / "viewer-before"), repeat)
    return {"store_ms": stored, "read_ms": read, "copy_for_viewer_ms": copied}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--megabytes", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source = folder / "scan.pdf"
        source.write_bytes(os.urandom(options.megabytes * 1024 * 1024))
        encrypted = Store.open(folder / "encrypted.db", automatic_backups=False)
        with plain_stores():
            plain = Store.open(folder / "plain.db", automatic_backups=False)
        try:
            figures = {
                "megabytes": options.megabytes,
                "before": measure_before(folder, source, options.repeat),
                "plain_store": measure_store(plain, source, options.repeat),
                "encrypted": measure_store(encrypted, source, options.repeat),
            }
        finally:
            encrypted.close()
            plain.close()
    before = figures["before"]
    assert isinstance(before, dict)
    figures["ratio_encrypted_to_before"] = {
        step: round(figures["encrypted"][step] / before[step], 2)  # type: ignore[index]
        for step in before
    }
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
