"""`python -m dialogue_desktop` is the same as the `dialogue-desktop` command."""

from dialogue_desktop.cli.main import main

raise SystemExit(main())
