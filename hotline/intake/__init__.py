"""Understanding a request: its category, its type, and what the opening message already says."""
