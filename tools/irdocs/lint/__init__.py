"""The linter: rules over documents and over the handbook, beyond what the schemas say.

``registry`` holds the rules; each rule module (``incident``, ``postmortem``, ``runbook``,
``language``, ``alerts``) registers its own when imported.
"""
