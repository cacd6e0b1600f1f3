"""The facilitator's Qt app over the core (PySide6). Start it with `dialogue_desktop.gui.app.run`."""
