"""IR6xx: language — status updates that break the playbooks' rules, blameful postmortems."""

from __future__ import annotations
