"""The prep form of a step: the client's decision first, then the prep, then the debrief."""

from .form import PrepForm

__all__ = ["PrepForm"]
