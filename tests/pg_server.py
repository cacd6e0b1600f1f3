"""The PostgreSQL server of a test run: the one DIALOGUE_TEST_PG_URL names, or one started from `pgserver`.

`pgserver` (a pip package) bundles PostgreSQL 16. Run as root, as on CI, it creates a system user
`pgserver` for the server, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

URL_ENV = "DIALOGUE_TEST_PG_URL"


class ServerDidNotStart(RuntimeError):
    """pgserver could not start PostgreSQL; the message says why and shows the server's log."""


@contextmanager
def postgres_url() -> Iterator[str]:
    """A SQLAlchemy URL of a PostgreSQL server, for as long as the context lasts.

    With DIALOGUE_TEST_PG_URL set, that server. Otherwise a new server in a temporary folder, reached over
    its unix socket, stopped and deleted at the end.
    """
    given = os.environ.get(URL_ENV)
    if given:
        yield given
        return
    folder = Path(tempfile.mkdtemp(prefix="dialogue-test-pg-"))
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root): pgserver then locks in /tmp.
            warnings.simplefilter("ignore")
            import pgserver

        server = pgserver.get_server(folder, cleanup_mode="delete")
    except Exception as error:
        log = folder / "log"
        shown = log.read_text(errors="replace")[-4000:] if log.exists() else "(no server log)"
        raise ServerDidNotStart(
            f"could not start PostgreSQL from the pgserver package in {folder}: {error!r}\n{shown}\n"
            f"(or set {URL_ENV} to the URL of a running server)"
        ) from error
    try:
        info = server.get_postmaster_info()
        url = sa.URL.create(
            "postgresql+psycopg",
            username="postgres",
            database="postgres",
            port=info.port,
            query={"host": str(info.socket_dir)},  # the unix socket's folder, as libpq takes it
        )
        yield url.render_as_string(hide_password=False)
    finally:
        server.cleanup()


def with_search_path(url: str, schema: str) -> str:
    """`url` whose connections use `schema` as their search path."""
    return (
        sa.make_url(url)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )
