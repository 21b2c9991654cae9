"""IR3xx: postmortems — required sections, placeholders, five whys, timeline, quantified impact."""

from __future__ import annotations
