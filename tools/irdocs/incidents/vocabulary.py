"""The words of the incident lifecycle (lifecycle.md, roles.md), defined once: the commands'
choices, the lifecycle's rules and the linter read them from here. No imports: the CLI's
start-up may load it."""

STATUSES = ("investigating", "identified", "monitoring", "resolved")
"""In the order an incident goes through them; the status only moves forward."""
AUDIENCES = ("internal", "stakeholders", "public")
"""Who an update is for, from the incident channel to the status page."""
ROLES = ("commander", "communications_lead", "operations_lead", "scribe", "expert")
"""What ``irdocs assign`` gives; ``expert`` adds to a list, the others name one person."""
