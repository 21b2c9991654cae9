"""Configuration: discovery, defaults, errors that name the key and the file, and extensions."""

from __future__ import annotations

from pathlib import Path

from conftest import DEPENDENCY_WORDS, Run, assert_prints
from irdocs import config


def test_defaults_are_the_playbook_severity_policy(tmp_path: Path) -> None:
    settings = config.find(tmp_path)
    assert settings.source is None
    assert settings.severity_names == ("SEV-1", "SEV-2", "SEV-3", "SEV-4")
    sev1 = settings.severities[0]
    assert (
        sev1.acknowledge_minutes,
        dict(sev1.updates),
        sev1.postmortem,
        sev1.postmortem_due_business_days,
    ) == (5, {"internal": 15, "stakeholders": 30, "public": 30}, "required", 5)
    assert settings.severities[3].acknowledge_business_days == 1
    assert dict(settings.folders) == {
        "incidents": "incidents",
        "postmortems": "postmortems",
        "runbooks": "runbooks",
    }


def test_pyproject_tool_table_is_found_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.irdocs]\nservices = ["api"]\n'
        '[tool.irdocs.folders]\nincidents = "ops/incidents"\n'
    )
    (tmp_path / "ops" / "incidents").mkdir(parents=True)
    settings = config.find(tmp_path / "ops" / "incidents")
    assert (settings.root, settings.services) == (tmp_path, ("api",))
    assert settings.folder("incident") == tmp_path / "ops" / "incidents"
    assert settings.folder("runbook") == tmp_path / "runbooks"


def test_a_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "irdocs.toml").write_text('services = ["api"]\n')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert config.find(tmp_path / "sub").source == tmp_path / "irdocs.toml"


def test_unknown_key_names_the_key_and_the_file(handbook: Path, run: Run) -> None:
    (handbook / "irdocs.toml").write_text('services = ["checkout"]\nseverity_scale = ["P1"]\n')
    result = run("validate")
    assert result.code == 2
    assert result.err == (
        f"irdocs: {handbook / 'irdocs.toml'}:2:1: IR001 unknown key 'severity_scale' in "
        "[tool.irdocs]; known keys here: exclude, folders, lint, metrics, notify, repositories, "
        "roles_within_minutes, schemas, services, severities, site_url, teams\n"
    )


def test_unknown_nested_key_is_named_with_its_table(handbook: Path, run: Run) -> None:
    (handbook / "irdocs.toml").write_text('[folders]\nincident = "inc"\n')
    result = run("validate")
    assert result.code == 2
    assert (
        "IR001 unknown key 'folders.incident' in [tool.irdocs]; known keys here: "
        "incidents, postmortems, runbooks" in result.err
    )
    assert ":2:1:" in result.err


def test_invalid_toml_points_at_the_line(handbook: Path, run: Run) -> None:
    (handbook / "irdocs.toml").write_text('services = ["checkout"\n')
    result = run("validate")
    assert result.code == 2
    assert result.err.startswith(f"irdocs: {handbook / 'irdocs.toml'}:2:1: IR001 invalid TOML")


def test_a_wrong_type_in_config_is_a_usage_error(handbook: Path, run: Run) -> None:
    (handbook / "irdocs.toml").write_text('services = "checkout"\n')
    result = run("validate")
    assert (result.code, result.out) == (2, "")
    toml = handbook / "irdocs.toml"
    assert_prints(result.err, f"irdocs: {toml}:1:1: IR001 services: {DEPENDENCY_WORDS}\n")


def test_own_severity_scale_replaces_the_default(handbook: Path, run: Run) -> None:
    (handbook / "irdocs.toml").write_text(
        '[[severities]]\nname = "P1"\ndescription = "Outage"\npostmortem = "required"\n'
        '[[severities]]\nname = "P2"\ndescription = "Degraded"\npostmortem = "optional"\n'
    )
    result = run("validate")
    assert result.code == 1
    assert_prints(
        result.out,
        f"incidents/INC-2026-03-04-checkout-eu-errors.md:4:11: IR101 severity: {DEPENDENCY_WORDS}\n"
        f"incidents/INC-2026-04-10-search-latency.md:4:11: IR101 severity: {DEPENDENCY_WORDS}\n"
        f"postmortems/INC-2026-03-04-checkout-eu-errors.md:4:11: IR101 severity: "
        f"{DEPENDENCY_WORDS}\n",
    )
    incident = handbook / "incidents" / "INC-2026-04-10-search-latency.md"
    incident.write_text(incident.read_text().replace("severity: SEV-3", "severity: P2", 1))
    assert "INC-2026-04-10" not in run("validate").out


def test_extension_file_adds_a_required_field(handbook: Path, run: Run) -> None:
    (handbook / "schemas").mkdir()
    (handbook / "schemas" / "incident.json").write_text(
        '{"required": ["team"], "properties": {"team": {"type": "string", '
        '"enum": ["core", "growth"]}}}'
    )
    (handbook / "irdocs.toml").write_text('[schemas]\nincident = "schemas/incident.json"\n')
    result = run("validate")
    assert result.code == 1
    assert result.out == (
        "incidents/INC-2026-03-04-checkout-eu-errors.md:2:1: IR102 team: required field is "
        "missing\n"
        "incidents/INC-2026-04-10-search-latency.md:2:1: IR102 team: required field is missing\n"
    )
    incident = handbook / "incidents" / "INC-2026-04-10-search-latency.md"
    incident.write_text(incident.read_text().replace("status:", "team: growth\nstatus:", 1))
    assert "INC-2026-04-10" not in run("validate").out


def test_inline_extension_narrows_an_existing_field(handbook: Path, run: Run) -> None:
    (handbook / "irdocs.toml").write_text(
        '[schemas.runbook.properties.owner]\npattern = "^team-"\n'
    )
    assert run("validate").code == 0
    runbook = handbook / "runbooks" / "checkout" / "rollback-deploy.md"
    runbook.write_text(runbook.read_text().replace("owner: team-checkout", "owner: Mei Lin"))
    result = run("validate")
    assert result.code == 1
    assert_prints(
        result.out, f"runbooks/checkout/rollback-deploy.md:5:8: IR101 owner: {DEPENDENCY_WORDS}\n"
    )


def test_an_extension_that_is_not_a_schema_is_a_usage_error(handbook: Path, run: Run) -> None:
    (handbook / "irdocs.toml").write_text('[schemas.incident]\nrequired = "team"\n')
    result = run("validate")
    assert result.code == 2
    assert "IR001 schemas.incident: the extension makes an invalid schema" in result.err


def test_teams_map_people_to_teams_names_stripped(tmp_path: Path) -> None:
    (tmp_path / "irdocs.toml").write_text('[teams]\n"Mei Lin " = "search"\n"Ravi" = "payments"\n')
    settings = config.find(tmp_path)
    assert dict(settings.teams) == {"Mei Lin": "search", "Ravi": "payments"}
    assert (settings.team_of(" Mei Lin"), settings.team_of("Nobody"), settings.team_of(None)) == (
        "search",
        None,
        None,
    )
    assert dict(config.load(None, {}, root=tmp_path).teams) == {}


def test_a_team_that_is_not_a_name_is_a_usage_error(handbook: Path, run: Run) -> None:
    (handbook / "irdocs.toml").write_text('services = ["checkout"]\n[teams]\n"Mei Lin" = 3\n')
    result = run("validate")
    assert result.code == 2
    assert result.err == (
        f"irdocs: {handbook / 'irdocs.toml'}:3:1: IR001 teams.Mei Lin: 3 is not of type 'string'\n"
    )


def test_a_person_in_two_teams_is_a_usage_error(handbook: Path, run: Run) -> None:
    (handbook / "irdocs.toml").write_text('[teams]\n"Mei Lin" = "search"\n" Mei Lin" = "ops"\n')
    result = run("validate")
    assert result.code == 2
    assert "IR001 teams: 'Mei Lin' listed twice" in result.err
