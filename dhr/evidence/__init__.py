"""Agency evidence: the involvement matrix, requests, the agency portal and the combined chronology."""
