"""One module per command; each is a typed function that returns the exit code."""
