"""What the portal says before the handbook holds its first incident: how to declare one."""

from __future__ import annotations

from irdocs.portal import blocks
from irdocs.portal.escape import text
from irdocs.portal.site import Site


def first_incident(site: Site) -> str:
    """The status board's admonition for a handbook with no incidents yet."""
    scale = " | ".join(site.handbook.config.severity_names)
    command = (
        f'irdocs declare --severity <{scale}> --title "What customers experience" '
        '--commander "Your Name" --commit'
    )
    body = (
        blocks.paragraph(
            text(
                "This handbook has no incidents yet. When something breaks, declare the first "
                "one from the handbook's folder; the command writes incidents/<id>.md and "
                "commits it, and the next build of this portal shows it here."
            )
        )
        + f"\n<pre><code>{text(command)}</code></pre>\n"
        + blocks.paragraph("<code>irdocs declare --help</code> lists every option.")
    )
    return blocks.admonition("info", text("No incidents yet"), body)
