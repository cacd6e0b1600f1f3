"""Entry point of the frozen app: the same `dialogue-desktop` command as a source install."""

from dialogue_desktop.cli.main import main

raise SystemExit(main())
