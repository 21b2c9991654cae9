"""``irdocs adopt``: bring existing Markdown pages into the handbook as runbooks, writing the
front matter each lacks and never a byte of its body.

The stages, each in its own module: ``page`` (read and split), ``skipping`` (is it a runbook at
all?), ``foreign`` (another site generator's front matter), ``inference`` (ID, service, title,
alerts), ``codeowners`` and ``history`` (owner, last review), ``compose`` (the new front matter),
``plan`` (one page's outcome), ``writing`` (atomic replacement).
"""
