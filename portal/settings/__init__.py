"""Development and test settings: everything embedded, nothing to configure."""

from .base import *  # noqa: F401,F403
