"""The checks a report must pass before it goes to the Home Office QA panel, and recorded overrides."""
