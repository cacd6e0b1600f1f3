"""The main pages of the window and the dialogue workspace."""
