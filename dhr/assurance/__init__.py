"""Sign-off and quality assurance: CSP sign-off, Home Office submission, QA letters and responses, publication."""

# The workflow guards read this package's records; importing the package (as every use of it does) registers them.
from dhr.assurance import guards  # noqa: F401
