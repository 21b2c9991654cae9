"""Findings as the user reads them: text, json, GitHub annotations, SARIF."""
