"""Public pages: health check and accessibility statement."""
