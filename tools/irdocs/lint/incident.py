"""IR2xx: incidents — status consistent with timestamps, roles the severity requires."""

from __future__ import annotations
