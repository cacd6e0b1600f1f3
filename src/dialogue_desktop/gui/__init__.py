"""The facilitator's Qt app over the core (PySide6). Start it with `dialogue_desktop.gui.app.run`."""

from dialogue_desktop.gui.compat import protect_singletons

protect_singletons()
