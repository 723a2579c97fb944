"""The partnership (Community Safety Partnership) is the tenant every record belongs to."""
