"""Statutory clocks: rules as data (per partnership and guidance version) and the engine that applies them."""
