"""User administration for partnership admins."""
