"""The partnership's statutory duty register, its occurrences, and the strategy's delivery groups."""
