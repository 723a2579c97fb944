"""Agencies: police, council, health, probation, fire, voluntary and other partners."""
