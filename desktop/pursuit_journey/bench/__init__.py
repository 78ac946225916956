"""The benchmark: ``python -m pursuit_journey.bench`` (see the README)."""
