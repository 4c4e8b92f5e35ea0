"""The web application and REST API (FastAPI)."""

from shakewise.web.app import create_app
from shakewise.web.settings import Settings

__all__ = ["Settings", "create_app"]
