"""Terms of reference (versions with lines of enquiry and agency scope) and the review's parallel processes."""
