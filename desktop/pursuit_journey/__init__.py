"""Pursuit Journey: prepare every client interaction around the client's next decision."""

__version__ = "0.1.0"

APP_NAME = "Pursuit Journey"
ORGANIZATION = "Pursuit Journey"
APP_ID = "org.pursuitjourney.PursuitJourney"
