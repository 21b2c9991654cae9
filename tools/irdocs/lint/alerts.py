"""IR5xx (alert rules): every alert has a runbook_url that resolves, every alert a runbook names
exists."""

from __future__ import annotations
