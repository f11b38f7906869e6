"""Where the hotline keeps things: the SQL store, Redis, and models trained from the repository's data."""
