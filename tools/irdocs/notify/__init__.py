"""Sending status updates to the channels a handbook configures (``[[tool.irdocs.notify]]``).

The incident's file is the record; sending is a side effect that may fail without losing it.
``channels`` reads the configuration, ``secrets`` expands ``${VAR}`` from the environment and
masks what it expanded, ``message`` composes what a channel receives, ``delivery`` sends it
through Apprise (imported only here, only when something is sent), ``record`` writes each
attempt into the update's ``notified`` list, ``outbox`` decides what is still to send and
``since`` finds the updates a range of commits added.
"""
