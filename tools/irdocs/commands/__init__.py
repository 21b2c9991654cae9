"""One module per command. Each owns its subcommand: ``register(subparsers)`` adds its parser, and
``run(args)`` turns the parsed arguments into a call of the command's typed function, which
returns the exit code. The order here is the order of ``irdocs --help``."""

COMMANDS = (
    "validate",
    "lint",
    "metrics",
    "declare",
    "update",
    "ack",
    "assign",
    "severity",
    "impact",
    "resolve",
    "notify",
    "status",
    "changes",
    "init",
    "adopt",
    "site",
    "postmortem",
    "actions",
)
