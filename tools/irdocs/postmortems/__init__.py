"""Postmortems and action items: the draft written from an incident, the commits in its window,
and the action items across every postmortem."""
