"""Notifications: who hears of what happened (a table, as data), each person's inbox, and the unread count."""
