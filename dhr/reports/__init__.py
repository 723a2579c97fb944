"""Home Office-format Word documents: the record as plain data (context), then as .docx bytes (docx)."""
