"""One search box across every review a person may see: references, pseudonyms, agencies and the reviews' text."""
