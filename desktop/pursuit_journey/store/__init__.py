"""Storage: SQLModel tables over one local SQLite file, migrations, and the user actions."""
