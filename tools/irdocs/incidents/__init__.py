"""Running incidents: the lifecycle rules, the status-update templates, and edits of an incident's
file that keep the author's formatting."""
