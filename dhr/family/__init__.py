"""Family and friends engagement (AAFDA model): contacts, attempts, consent, tribute, pseudonym, draft comments."""
