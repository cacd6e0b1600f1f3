"""core/reports."""
