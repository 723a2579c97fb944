"""Sign-off and quality assurance: CSP sign-off, Home Office submission, QA letters and responses, publication."""
