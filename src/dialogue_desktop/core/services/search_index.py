"""An in-memory index of the live participants' search keys, so the door's search runs at C speed.

The SQL search scans the whole search-key index with `instr` on every keystroke (30–45 ms on 100,000
people). Here the keys (`participant_search_key`: folded Khmer name, `|`, folded Latin name) are kept
sorted by (key, id) in blocks of about a thousand; each block joins its keys into one string, one key per
line, so a substring search is `str.find` over a few megabytes. Walking the matches in string order gives
key order, so a rank's best hits come first and the walk stops after `limit` of them.

Freshness: every write to `participant` (local edits, bulk inserts, sync merges, conflict resolutions)
leaves a `ChangeRecord` in the same transaction. The index remembers the newest change it has seen, as
(seq, revision). Before each search one indexed query reads the newest change visible to the session; when
it differs, only the participants changed since are read again and patched in. If the remembered change is
no longer there under the same seq and revision (a rolled-back transaction, a restored backup, another
file put in place), the index is rebuilt from scratch. The index is per engine and dropped when the
engine is disposed (`Store.close()`, done before every restore), so it never outlives its database.

SQLite only. There, writers are serialised by the database lock and `seq` is the rowid, so changes commit
in seq order and "everything after seq N" is exact. On PostgreSQL `seq` comes from a sequence: a
transaction can commit a smaller seq after a larger one is already visible, and the index would miss it.
The central office's PostgreSQL keeps the SQL search (the door runs on a laptop's SQLite).
"""

from __future__ import annotations

import threading
import weakref
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterator
from itertools import accumulate
from typing import cast

from sqlalchemy import Engine, Table, event, select
from sqlalchemy.orm import Session

from dialogue_desktop.core.domain.models import ChangeRecord, Participant

#: Lines per block: small enough that patching one is cheap, large enough that walking blocks is.
BLOCK = 1024
#: A query found at most this often is ranked from one walk over every occurrence; a more frequent one
#: is walked rank by rank, stopping once enough hits are found.
FEW = 300
#: More changed participants than this (or a tenth of the registry) since the last search: rebuild.
PATCH_LIMIT = 5000
_LAST = "\U0010ffff"  # sorts after any character: (q + _LAST) bounds the names starting with q
_CHUNK = 500  # ids per IN (...) when reading changed participants


def rank_of(key: str, query: str) -> int:
    """The rank of a search key for a folded query: 0 an exact name, 1 a name starting with the query,
    2 a word starting with it, 3 the query elsewhere (the caller knows the key contains it)."""
    if key.startswith(query + "|") or key.endswith("|" + query):
        return 0
    if key.startswith(query) or "|" + query in key:
        return 1
    if " " + query in key:
        return 2
    return 3


class _Block:
    """A run of consecutive (key, id) entries, with its keys joined into one string."""

    __slots__ = ("entries", "keys", "ids", "text", "starts", "compact", "compact_starts")

    def __init__(self, entries: list[tuple[str, str]]) -> None:
        self.entries = entries
        self.refresh()

    def refresh(self) -> None:
        """Join the keys again after the entries changed."""
        self.keys = [key for key, _ in self.entries]
        self.ids = [pid for _, pid in self.entries]
        # A newline before every key and after the last: a key never holds one (folding made it a space).
        self.text = "\n" + "\n".join(self.keys) + "\n"
        self.starts = list(accumulate((len(key) + 1 for key in self.keys), initial=1))
        # The keys without spaces, for Khmer typed with other spacing.
        compact_keys = [key.replace(" ", "") for key in self.keys]
        self.compact = "\n" + "\n".join(compact_keys) + "\n"
        self.compact_starts = list(accumulate((len(key) + 1 for key in compact_keys), initial=1))

    def lines(self, pattern: str, skip: int = 0) -> Iterator[int]:
        """Line numbers of the occurrences of `pattern`, in order (a line once per occurrence).

        `skip` is how many leading characters of the pattern belong to the line before (the newline).
        """
        starts, find = self.starts, self.text.find
        at = find(pattern)
        while at >= 0:
            yield bisect_right(starts, at + skip) - 1
            at = find(pattern, at + 1)

    def compact_lines(self, pattern: str) -> Iterator[int]:
        """Line numbers whose key, without spaces, contains `pattern`."""
        text, starts = self.compact, self.compact_starts
        at = text.find(pattern)
        while at >= 0:
            yield bisect_right(starts, at) - 1
            at = text.find(pattern, at + 1)


def _live_keys(session: Session) -> list[tuple[str, str]]:
    """(search key, id) of every live participant, read in the session's transaction.

    The statement is SQLAlchemy's, run on the driver's cursor: building 100,000 result rows costs
    SQLAlchemy three times what the read itself does.
    """
    connection = session.connection()
    table = cast(Table, Participant.__table__)
    statement = select(table.c.search_key, table.c.id).where(table.c.deleted.is_(False))
    compiled = statement.compile(dialect=connection.dialect)
    params = [compiled.params[name] for name in compiled.positiontup or []]
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        return cast(list[tuple[str, str]], cursor.fetchall())
    finally:
        cursor.close()


def _after_bar(key: str, pid: str) -> Iterator[tuple[str, str, str]]:
    """(what follows a `|`, key, id) for each `|` in the key."""
    at = key.find("|")
    while at >= 0:
        yield key[at + 1 :], key, pid
        at = key.find("|", at + 1)


def _distinct(lines: Iterator[int]) -> Iterator[int]:
    """Drop repeats of a line (several occurrences in one key come one after another)."""
    last = -1
    for line in lines:
        if line != last:
            last = line
            yield line


class ParticipantIndex:
    """The live participants of one SQLite database, searchable by substring of their search key.

    Thread-safe: a lock covers bringing the index up to date and searching it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._blocks: list[_Block] = []
        self._firsts: list[tuple[str, str]] = []  # each block's first entry, to find the block of an entry
        self._key_of: dict[str, str] = {}  # participant id -> its key, for every live participant indexed
        # (name after a `|`, key, id) for each `|` of each key (one: the Latin name), sorted.
        self._after_bar: list[tuple[str, str, str]] = []
        self._seen: tuple[int, str] | None = None  # (seq, revision) of the newest change applied
        self.rebuilds = 0  # how many times the whole index was read (tests check patches stay patches)

    def __len__(self) -> int:
        return len(self._key_of)

    # --- keeping up with the database -----------------------------------------------------------------

    def refresh(self, session: Session) -> None:
        """Bring the index up to what `session` sees: nothing, a patch of the changed people, or a rebuild."""
        with self._lock:
            self._refresh(session)

    def _refresh(self, session: Session) -> None:
        newest = session.execute(
            select(ChangeRecord.seq, ChangeRecord.revision).order_by(ChangeRecord.seq.desc()).limit(1)
        ).first()
        mark = (newest[0], newest[1]) if newest is not None else (0, "")
        seen = self._seen
        if seen == mark:
            return
        # Only changes after the one applied last, still in the log as it was, can be patched in.
        patchable = seen is not None and mark[0] > seen[0] and self._still_there(session, seen)
        if not (patchable and seen is not None and self._patch(session, seen[0], mark[0])):
            self._rebuild(session)
        self._seen = mark

    @staticmethod
    def _still_there(session: Session, seen: tuple[int, str]) -> bool:
        """True when the change last applied is still in the log as it was (same seq, same revision)."""
        if seen[0] == 0:
            return True
        revision = session.scalar(select(ChangeRecord.revision).where(ChangeRecord.seq == seen[0]))
        return revision == seen[1]

    def _rebuild(self, session: Session) -> None:
        entries = sorted(_live_keys(session))  # sorting here is faster than ORDER BY in SQLite
        self._key_of = {pid: key for key, pid in entries}
        after = [(key[key.find("|") + 1 :], key, pid) for key, pid in entries if key.count("|") == 1]
        after += [item for key, pid in entries if key.count("|") != 1 for item in _after_bar(key, pid)]
        after.sort()
        self._after_bar = after
        self._blocks = [_Block(entries[at : at + BLOCK]) for at in range(0, len(entries), BLOCK)]
        self._firsts = [block.entries[0] for block in self._blocks]
        self.rebuilds += 1

    def _patch(self, session: Session, after: int, upto: int) -> bool:
        """Apply the participant changes with seq in (after, upto]; False when a rebuild is cheaper."""
        changed = list(
            session.scalars(
                select(ChangeRecord.record_id)
                .where(
                    ChangeRecord.seq > after,
                    ChangeRecord.seq <= upto,
                    ChangeRecord.table_name == "participant",
                )
                .distinct()
            )
        )
        if len(changed) > min(PATCH_LIMIT, max(len(self._key_of) // 10, 100)):
            return False
        touched: set[int] = set()
        for at in range(0, len(changed), _CHUNK):
            chunk = changed[at : at + _CHUNK]
            rows = session.execute(
                select(Participant.id, Participant.search_key, Participant.deleted).where(
                    Participant.id.in_(chunk)
                )
            ).all()
            state = {pid: (key, deleted) for pid, key, deleted in rows}
            for pid in chunk:
                old = self._key_of.pop(pid, None)
                if old is not None:
                    touched.add(self._remove((old, pid)))
                key, deleted = state.get(pid, ("", True))  # a row that is gone counts as deleted
                if not deleted:
                    self._key_of[pid] = key
                    touched.add(self._insert((key, pid)))
        self._settle(touched)
        return True

    def _block_of(self, entry: tuple[str, str]) -> int:
        return max(bisect_right(self._firsts, entry) - 1, 0)

    def _remove(self, entry: tuple[str, str]) -> int:
        for item in _after_bar(*entry):
            at = bisect_left(self._after_bar, item)
            if at < len(self._after_bar) and self._after_bar[at] == item:
                del self._after_bar[at]
        number = self._block_of(entry)
        entries = self._blocks[number].entries
        at = bisect_left(entries, entry)
        if at < len(entries) and entries[at] == entry:
            del entries[at]
        return number

    def _insert(self, entry: tuple[str, str]) -> int:
        for item in _after_bar(*entry):
            insort(self._after_bar, item)
        if not self._blocks:
            self._blocks, self._firsts = [_Block([])], [entry]
        number = self._block_of(entry)
        insort(self._blocks[number].entries, entry)
        return number

    def _settle(self, touched: set[int]) -> None:
        """Join the changed blocks again; split the big ones, drop the empty ones."""
        blocks: list[_Block] = []
        for number, block in enumerate(self._blocks):
            if number not in touched:
                blocks.append(block)
                continue
            entries = block.entries
            if len(entries) > 2 * BLOCK:
                blocks += [_Block(entries[at : at + BLOCK]) for at in range(0, len(entries), BLOCK)]
            elif entries:
                block.refresh()
                blocks.append(block)
        self._blocks = blocks
        self._firsts = [block.entries[0] for block in blocks]

    # --- searching --------------------------------------------------------------------------------------

    def search(
        self, session: Session, query: str, limit: int, compact: str = "", syllable: str = ""
    ) -> list[str]:
        """Ids of the live participants matching a folded `query`, best first (see `search_participants`).

        A one-letter query matches only the start of a name or of a word. With `compact` (a Khmer query
        without spaces), fewer than `limit` hits are completed by keys that contain it once their spaces
        are removed and that contain `syllable` as typed.
        """
        with self._lock:
            self._refresh(session)
            if limit <= 0 or not query:
                return []
            hits = self._ranked(query, limit, len(query) == 1)
            ids = [pid for _, _, pid in hits]
            if compact and len(ids) < limit:
                ids += self._compact_matches(query, compact, syllable, limit - len(ids), len(query) == 1)
            return ids

    def _ranked(self, query: str, limit: int, one: bool) -> list[tuple[int, str, str]]:
        """(rank, key, id) of the best matches, in that order."""
        # Ranks 0 and 1 (a name equal to or starting with the query) are ranges of sorted lists.
        best = self._name_starts(query, limit)
        if len(best) >= limit:
            return best[:limit]
        worst = 2 if one else 3
        # The rest need a scan. A rare query: rank every occurrence at once.
        found: list[tuple[int, str, str]] = []
        walked = 0
        for block in self._blocks:
            keys, ids = block.keys, block.ids
            for line in _distinct(block.lines(query)):
                walked += 1
                rank = rank_of(keys[line], query)
                if 2 <= rank <= worst:
                    found.append((rank, keys[line], ids[line]))
            if walked > FEW:
                break
        else:
            found.sort()
            return (best + found)[:limit]
        # A frequent one: words starting with it, then anywhere, each walked in key order until enough.
        best += self._first_of_rank(2, " " + query, query, limit - len(best))
        if worst == 3 and len(best) < limit:
            best += self._first_of_rank(3, query, query, limit - len(best))
        return best

    def _name_starts(self, query: str, limit: int) -> list[tuple[int, str, str]]:
        """Every entry of rank 0 (a name equal to `query`) and the first `limit` of rank 1 (a name starting
        with it), sorted; all of rank 1 when there are fewer.

        Keys start with the Khmer name, so those starting with the query are one range of the key order;
        the names after a `|` are ranges of `_after_bar`, sorted by name.
        """
        found = {(0, key, pid) for key, pid in self._keys_from(query + "|")}
        after = self._after_bar
        low = bisect_left(after, (query,))
        high = bisect_left(after, (query + _LAST,), low)
        if high - low <= FEW:
            found.update((rank_of(key, query), key, pid) for _, key, pid in after[low:high])
        else:  # many: the exact ones from the list, the first others in key order from the text
            exact = bisect_left(after, (query, _LAST), low, high)
            found.update((0, key, pid) for _, key, pid in after[low:exact])
            found.update(self._first_of_rank(1, "|" + query, query, limit))
        starting = 0
        for key, pid in self._keys_from(query):
            rank = rank_of(key, query)
            found.add((rank, key, pid))
            starting += rank == 1
            if starting == limit:
                break  # in key order: the later ones of rank 1 come after these
        return sorted(found)

    def _first_of_rank(self, rank: int, pattern: str, query: str, limit: int) -> list[tuple[int, str, str]]:
        """The first `limit` entries of `rank` among the keys containing `pattern`, in key order."""
        found: list[tuple[int, str, str]] = []
        for block in self._blocks:
            keys, ids = block.keys, block.ids
            for line in _distinct(block.lines(pattern)):
                if rank_of(keys[line], query) == rank:
                    found.append((rank, keys[line], ids[line]))
                    if len(found) == limit:
                        return found
        return found

    def _keys_from(self, prefix: str) -> Iterator[tuple[str, str]]:
        """(key, id) of the keys starting with `prefix`, in key order."""
        number = max(bisect_left(self._firsts, (prefix,)) - 1, 0)
        for block in self._blocks[number:]:
            keys = block.keys
            line = bisect_left(keys, prefix)
            while line < len(keys):
                if not keys[line].startswith(prefix):
                    return
                yield keys[line], block.ids[line]
                line += 1

    def _compact_matches(self, query: str, compact: str, syllable: str, wanted: int, one: bool) -> list[str]:
        """Keys that match the query once spaces are ignored but did not match it as typed, in key order."""
        found: list[str] = []
        for block in self._blocks:
            keys = block.keys
            for line in _distinct(block.compact_lines(compact)):
                key = keys[line]
                matched = rank_of(key, query) <= 2 if one else query in key
                if syllable in key and not matched:
                    found.append(block.ids[line])
                    if len(found) == wanted:
                        return found
        return found


_INDEXES: weakref.WeakKeyDictionary[Engine, ParticipantIndex] = weakref.WeakKeyDictionary()
_REGISTRY_LOCK = threading.Lock()


def _forget(engine: Engine) -> None:
    with _REGISTRY_LOCK:
        _INDEXES.pop(engine, None)


def participant_index(session: Session) -> ParticipantIndex | None:
    """The index of the session's database, created empty on first use; None unless it is SQLite."""
    engine = session.get_bind().engine
    if engine.dialect.name != "sqlite":
        return None
    with _REGISTRY_LOCK:
        index = _INDEXES.get(engine)
        if index is None:
            index = _INDEXES[engine] = ParticipantIndex()
            if not event.contains(engine, "engine_disposed", _forget):
                event.listen(engine, "engine_disposed", _forget)
        return index


def warm_search_index(session: Session) -> int:
    """Build (or bring up to date) the participant index now, so the next keystroke is fast.

    Returns how many live participants it holds (0 on a database without the index).
    """
    index = participant_index(session)
    if index is None:
        return 0
    index.refresh(session)
    return len(index)
