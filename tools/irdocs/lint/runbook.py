"""IR4xx: runbooks — sections, owner and escalation, freshness, commands, links, placeholders."""

from __future__ import annotations
