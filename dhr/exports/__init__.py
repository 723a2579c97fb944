"""Long exports as background jobs: the request records what was asked, a job builds the file in chunks and
keeps count, and the person who asked follows its progress and downloads it here, within the service."""
