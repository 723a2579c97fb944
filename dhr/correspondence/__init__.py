"""The correspondence register: letters and emails to and from the Home Office, the Commissioner and the family."""
