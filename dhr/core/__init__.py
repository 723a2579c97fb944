"""Shared, domain-free building blocks."""
