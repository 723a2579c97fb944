"""Accounts, sign-in, server-side sessions and password reset."""
