"""`thutuc check --format github|codequality`: the problems where CI shows them on the file.

GitHub Actions reads workflow commands (`::error file=…,line=…::message`) from a step's
output; GitLab reads a Code Climate JSON report (`artifacts:reports:codequality`).
"""

from __future__ import annotations

import hashlib
import json

from generator.content.errors import ContentError


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(problem: ContentError) -> str:
    """One problem as a GitHub workflow command, shown on the file and line."""
    command = "error" if problem.severity == "error" else "warning"
    properties = [f"file={_escape_property(problem.path)}"]
    if problem.line is not None:
        properties.append(f"line={problem.line}")
    if problem.field:
        properties.append(f"title={_escape_property(problem.field)}")
    message = str(problem)
    return f"::{command} {','.join(properties)}::{_escape_data(message)}"


def codequality_report(problems: list[ContentError]) -> str:
    """The problems as GitLab's Code Quality report (a Code Climate JSON list)."""
    issues = []
    for problem in problems:
        fingerprint = hashlib.sha256(
            f"{problem.path}\0{problem.line}\0{problem.field}\0{problem.message}".encode()
        ).hexdigest()
        issues.append(
            {
                "description": str(problem),
                "check_name": problem.field or "content",
                "fingerprint": fingerprint,
                "severity": "major" if problem.severity == "error" else "minor",
                "location": {"path": problem.path, "lines": {"begin": problem.line or 1}},
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2)
