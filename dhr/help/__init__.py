"""Help: the user guide in docs/, served as one page per role."""
