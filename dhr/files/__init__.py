"""Stored files: uploads are checked by one guard and kept in the database with their checksum."""
