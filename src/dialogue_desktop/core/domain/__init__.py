"""core/domain."""
