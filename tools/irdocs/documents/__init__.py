"""Reading documents: files found, split into front matter and body, parsed with line marks,
checked against the JSON Schemas, built into frozen records and indexed as the handbook."""
