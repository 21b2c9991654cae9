"""Where a new handbook installs irdocs from (PEP 610's ``direct_url.json`` or ``--source``), and
where its links to irdocs's documentation point (``[project.urls]``, never a placeholder)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import REPO, Run
from irdocs import __version__, project
from irdocs.errors import UsageError
from irdocs.finding import Finding
from irdocs.lint.codes import all_codes
from irdocs.reporting.sarif import sarif_log
from irdocs.scaffold import handbook_files
from irdocs.scaffold.source import InstallSource, from_direct_url, from_requirement

PUBLISHED = "https://git.example.org/ir/irdocs"
URLS = project.Urls("https://docs.example.org/irdocs/", PUBLISHED)
COMMIT = "0123456789abcdef0123456789abcdef01234567"
LOCAL = "the handbook's hooks run the irdocs its dev group installs (repo: local)"
UNPUBLISHED = f"{LOCAL}: irdocs's package metadata names no public repository to take them from"
SARIF_SCHEMA = Path(__file__).parent / "sarif" / "sarif-schema-2.1.0.json"


def _vcs(url: str, vcs: str = "git", **extra: object) -> str:
    info = {"vcs": vcs, "commit_id": COMMIT, "requested_revision": "v0.1.0"}
    return json.dumps({"url": url, "vcs_info": info, **extra})


@pytest.mark.parametrize(
    ("direct_url", "published", "expected"),
    [
        (None, PUBLISHED, InstallSource("irdocs[site]==0.1.0", PUBLISHED, "v0.1.0")),
        (
            _vcs("https://git.example.org/ir/irdocs.git"),
            None,
            InstallSource(
                f"irdocs[site] @ git+https://git.example.org/ir/irdocs.git@{COMMIT}",
                "https://git.example.org/ir/irdocs.git",
                COMMIT,
            ),
        ),
        (
            _vcs("ssh://git@git.example.org/ir/irdocs.git"),
            PUBLISHED,
            InstallSource(
                f"irdocs[site] @ git+ssh://git@git.example.org/ir/irdocs.git@{COMMIT}",
                "ssh://git@git.example.org/ir/irdocs.git",
                COMMIT,
            ),
        ),
        (
            _vcs("https://hg.example.org/irdocs", vcs="hg"),
            PUBLISHED,
            InstallSource(
                f"irdocs[site] @ hg+https://hg.example.org/irdocs@{COMMIT}",
                notes=(f"{LOCAL}: irdocs comes from hg, and pre-commit takes hooks from git",),
            ),
        ),
        (
            _vcs("https://git.example.org/mono.git", subdirectory="tools/irdocs"),
            PUBLISHED,
            InstallSource(
                f"irdocs[site] @ git+https://git.example.org/mono.git@{COMMIT}"
                "#subdirectory=tools/irdocs",
                notes=(
                    f"{LOCAL}: irdocs is in a subfolder of its repository, and pre-commit reads "
                    "hooks from the top",
                ),
            ),
        ),
        (
            json.dumps({"url": "https://files.example.org/irdocs-0.1.0.whl", "archive_info": {}}),
            PUBLISHED,
            InstallSource(
                "irdocs[site] @ https://files.example.org/irdocs-0.1.0.whl",
                notes=(f"{LOCAL}: irdocs was installed from an archive",),
            ),
        ),
        (
            json.dumps({"url": "file:///home/ana/irdocs", "dir_info": {"editable": True}}),
            PUBLISHED,
            InstallSource(
                "irdocs[site]==0.1.0",
                PUBLISHED,
                "v0.1.0",
                (
                    "irdocs runs from an editable install (/home/ana/irdocs), which no other "
                    "machine can install from: the handbook pins irdocs[site]==0.1.0 from the "
                    "package index instead (to install irdocs from a repository, run irdocs "
                    "init with --source 'irdocs[site] @ git+URL@COMMIT')",
                ),
            ),
        ),
        ("{not json", PUBLISHED, None),
        (json.dumps({"url": "https://h.example/r", "vcs_info": {"vcs": "git"}}), PUBLISHED, None),
    ],
    ids=[
        "index",
        "git-https",
        "git-ssh",
        "hg",
        "git-subfolder",
        "archive",
        "editable",
        "broken",
        "no-commit",
    ],
)
def test_the_source_follows_direct_url_json(
    direct_url: str | None, published: str | None, expected: InstallSource | None
) -> None:
    source = from_direct_url(direct_url, "0.1.0", published)
    if expected is None:  # unreadable: the release, and say so
        assert (source.requirement, source.hooks_repo) == ("irdocs[site]==0.1.0", PUBLISHED)
        assert source.notes[0].startswith("irdocs has a direct_url.json that ")
    else:
        assert source == expected


def test_a_local_folder_without_a_published_repository_gets_local_hooks() -> None:
    text = json.dumps({"url": "file:///srv/irdocs", "dir_info": {}})
    source = from_direct_url(text, "0.1.0", None)
    assert (source.requirement, source.hooks_repo, source.hooks_rev) == (
        "irdocs[site]==0.1.0",
        None,
        None,
    )
    assert source.notes[0].startswith("irdocs runs from a local folder (/srv/irdocs)")
    assert source.notes[1].startswith(UNPUBLISHED)


def test_a_repository_on_this_machine_is_kept_and_named() -> None:
    source = from_direct_url(_vcs("file:///srv/irdocs"), "0.1.0", None)
    assert (source.hooks_repo, source.hooks_rev) == ("file:///srv/irdocs", COMMIT)
    assert source.notes == (
        "irdocs comes from a repository on this machine (file:///srv/irdocs): other machines and "
        "CI cannot install it from there; give --source with a repository they can reach",
    )


@pytest.mark.parametrize(
    ("requirement", "expected"),
    [
        ("irdocs[site]==0.2.0", InstallSource("irdocs[site]==0.2.0", PUBLISHED, "v0.2.0")),
        ("irdocs == 0.2.0", InstallSource("irdocs[site]==0.2.0", PUBLISHED, "v0.2.0")),
        (
            "irdocs[site] @ git+https://git.example.org/ir/irdocs@v0.2.0",
            InstallSource(
                "irdocs[site] @ git+https://git.example.org/ir/irdocs@v0.2.0",
                "https://git.example.org/ir/irdocs",
                "v0.2.0",
            ),
        ),
        (
            f"irdocs @ git+ssh://git@git.example.org/ir/irdocs.git@{COMMIT}",
            InstallSource(
                f"irdocs[site] @ git+ssh://git@git.example.org/ir/irdocs.git@{COMMIT}",
                "ssh://git@git.example.org/ir/irdocs.git",
                COMMIT,
            ),
        ),
        (
            "irdocs[site,extra]>=0.2,<0.3",
            InstallSource(
                "irdocs[site,extra]>=0.2,<0.3",
                notes=(f"{LOCAL}: the requirement names no one release to take them from",),
            ),
        ),
    ],
    ids=["pinned", "pinned-no-extra", "git-tag", "git-ssh-commit", "range"],
)
def test_source_gives_the_requirement_and_the_hooks_together(
    requirement: str, expected: InstallSource
) -> None:
    assert from_requirement(requirement, PUBLISHED) == expected


@pytest.mark.parametrize(
    ("requirement", "message"),
    [
        ("requests==2.0", "--source: 'requests==2.0' is not a requirement for irdocs"),
        ("irdocs-extras==1.0", "is not a requirement for irdocs"),
        ("irdocs @ git+https://git.example.org/ir/irdocs", "names no revision"),
        ('irdocs==0.1.0"\nx = 1', "has quotes or control characters"),
    ],
    ids=["another-package", "a-longer-name", "no-revision", "injection"],
)
def test_a_bad_source_is_a_usage_error(requirement: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        from_requirement(requirement, PUBLISHED)


def test_init_source_writes_the_pin_and_the_hooks_from_one_source(tmp_path: Path, run: Run) -> None:
    requirement = f"irdocs @ git+https://git.example.org/ir/irdocs.git@{COMMIT}"
    result = run("init", str(tmp_path), "--source", requirement)
    assert (result.code, result.err) == (0, "")
    assert (
        f"The handbook installs irdocs[site] @ git+https://git.example.org/ir/irdocs.git@{COMMIT}; "
        f"its pre-commit hooks run https://git.example.org/ir/irdocs.git at {COMMIT}."
    ) in result.out
    groups = tomllib.loads((tmp_path / "pyproject.toml").read_text())["dependency-groups"]
    assert groups["handbook"] == [
        f"irdocs[site] @ git+https://git.example.org/ir/irdocs.git@{COMMIT}"
    ]
    hooks = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    assert hooks == {
        "repos": [
            {
                "repo": "https://git.example.org/ir/irdocs.git",
                "rev": COMMIT,
                "hooks": [{"id": "irdocs-lint"}],
            }
        ]
    }
    # the repository a reader can follow, since no documentation address is configured
    assert (
        "docs: docs/configuration.md in irdocs's repository (https://git.example.org/ir/irdocs.git)"
        in (tmp_path / "pyproject.toml").read_text()
    )


def test_a_commit_of_digits_stays_a_string_in_the_hooks_config() -> None:
    source = InstallSource("irdocs[site] @ git+https://h.example/r@1234567", "https://h.example/r",
                           "1234567")  # fmt: skip
    text = next(f.text for f in handbook_files(source=source) if f.path.name.startswith(".pre"))
    assert yaml.safe_load(text)["repos"][0]["rev"] == "1234567"


def test_with_project_urls_the_files_link_to_the_documentation() -> None:
    files = {
        file.path.as_posix(): file.text
        for file in handbook_files(source=from_requirement("irdocs==0.1.0", PUBLISHED), urls=URLS)
    }
    assert "docs: https://docs.example.org/irdocs/configuration/\n" in files["pyproject.toml"]
    assert "[irdocs](https://docs.example.org/irdocs/)" in files["README.md"]
    assert (
        "[extending the schemas](https://docs.example.org/irdocs/extending/)"
        in files["schemas/README.md"]
    )
    assert f'repo: "{PUBLISHED}"\n    rev: "v0.1.0"\n' in files[".pre-commit-config.yaml"]


def test_without_project_urls_the_files_name_the_pages_in_the_repository() -> None:
    files = {
        file.path.as_posix(): file.text
        for file in handbook_files(
            source=InstallSource("irdocs[site]==0.1.0"), urls=project.Urls(None, None)
        )
    }
    assert "docs: docs/configuration.md in irdocs's repository\n" in files["pyproject.toml"]
    assert "checked by\nirdocs on every commit" in files["README.md"]
    assert (
        "See\ndocs/extending.md in irdocs's repository, on extending the schemas."
        in (files["schemas/README.md"])
    )
    assert "http" not in files["pyproject.toml"] + files["README.md"]


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        (["Documentation, https://d.example/", "Source, https://s.example/r"],
         project.Urls("https://d.example/", "https://s.example/r")),
        (["Source Code, https://s.example/r", "Homepage, https://h.example/"],
         project.Urls(None, "https://s.example/r")),
        (["Documentation, docs/index.md"], project.Urls(None, None)),
        ([], project.Urls(None, None)),
    ],
    ids=["both", "source-code-label", "not-a-url", "none"],
)  # fmt: skip
def test_project_urls_are_read_from_the_metadata_labels(
    entries: list[str], expected: project.Urls
) -> None:
    assert project.parse(entries) == expected


def test_this_irdocs_names_no_made_up_address() -> None:
    assert project.urls() == project.Urls(None, None)
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert "urls" not in pyproject["project"]  # no public address yet: see the comment there


def test_sarif_links_each_rule_to_its_page_when_the_documentation_is_published() -> None:
    finding = Finding("runbooks/a.md", 1, 1, "IR401", "missing section", "error")
    log = sarif_log([finding], all_codes(), Path.cwd(), URLS)
    schema = json.loads(SARIF_SCHEMA.read_text())
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [error.message for error in validator.iter_errors(log)] == []
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://docs.example.org/irdocs/"
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert rules["IR401"]["helpUri"] == "https://docs.example.org/irdocs/rules/runbooks/#ir401"
    assert rules["IR110"]["helpUri"] == "https://docs.example.org/irdocs/rules/#ir110"
    unpublished = sarif_log([finding], all_codes(), Path.cwd(), project.Urls(None, None))
    driver = unpublished["runs"][0]["tool"]["driver"]
    assert "informationUri" not in driver
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert "helpUri" not in rules["IR401"]
    assert rules["IR401"]["help"] == {
        "text": "IR401: see docs/rules/runbooks.md#ir401 in irdocs's repository."
    }
    for code, rule in rules.items():  # the page it names exists, with the code's heading
        page = rule["help"]["text"].split("see docs/")[1].split("#")[0]
        assert f"\n## {code}\n" in (REPO / "docs" / page).read_text(), code


# --- real installs: from an index, and from a wheel file --------------------------------------


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of this checkout, in a folder pip can use as an index (``--find-links``)."""
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "-n", "--outdir", str(folder), str(REPO)],
        check=True,
        capture_output=True,
    )
    return folder


def _install_and_init(target: Path, handbook: Path, *pip: str) -> subprocess.CompletedProcess[str]:
    """``pip install --target`` (no dependencies: this environment has them), then that
    irdocs's ``irdocs init``, the install first on sys.path."""
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", target, *pip],
        check=True,
        capture_output=True,
    )
    return subprocess.run(
        [sys.executable, "-m", "irdocs", "init", str(handbook)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(target)},
    )


def test_installed_from_an_index_the_handbook_pins_the_release(tmp_path: Path, wheel: Path) -> None:
    done = _install_and_init(
        tmp_path / "site-packages", tmp_path / "hb", "--no-index", "--find-links", str(wheel),
        "irdocs",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert not list((tmp_path / "site-packages").glob("irdocs-*.dist-info/direct_url.json"))
    groups = tomllib.loads((tmp_path / "hb" / "pyproject.toml").read_text())["dependency-groups"]
    assert groups["handbook"] == [f"irdocs[site]=={__version__}"]
    # irdocs names no public repository yet, so no hooks repository either: local hooks, said so
    assert done.stderr == f"irdocs: note: {UNPUBLISHED} ([project.urls] Source)\n"
    assert "  - repo: local\n" in (tmp_path / "hb" / ".pre-commit-config.yaml").read_text()


def test_installed_from_a_wheel_file_the_handbook_names_no_path_of_this_machine(
    tmp_path: Path, wheel: Path
) -> None:
    built = next(wheel.glob("irdocs-*.whl"))
    done = _install_and_init(tmp_path / "site-packages", tmp_path / "hb", str(built))
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(
        f"irdocs: note: irdocs was installed from a file ({built}), which no other machine can "
        "install from"
    )
    written = "".join(
        path.read_text() for path in (tmp_path / "hb").rglob("*")
        if path.is_file() and ".git" not in path.parts
    )  # fmt: skip
    assert str(wheel) not in written
    assert str(tmp_path) not in written


def test_with_project_urls_in_the_metadata_init_links_there(tmp_path: Path) -> None:
    """A wheel built with ``[project.urls]``: the hooks from the published repository at the
    release's tag, the links to the published documentation."""
    copy = tmp_path / "irdocs"
    shutil.copytree(
        REPO, copy, ignore=shutil.ignore_patterns(".git", ".venv*", "*cache*", "site", "dist")
    )
    pyproject = copy / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace(
            "[project.optional-dependencies]",
            f'[project.urls]\nDocumentation = "{URLS.documentation}"\nSource = "{PUBLISHED}"\n\n'
            "[project.optional-dependencies]",
        )
    )
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "-n", "--outdir", str(tmp_path / "dist"), copy],
        check=True,
        capture_output=True,
    )
    done = _install_and_init(
        tmp_path / "site-packages", tmp_path / "hb", "--no-index", "--find-links",
        str(tmp_path / "dist"), "irdocs",
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert f"The whole walk-through: {URLS.documentation}getting-started/\n" in done.stdout
    hooks = yaml.safe_load((tmp_path / "hb" / ".pre-commit-config.yaml").read_text())
    assert hooks["repos"] == [
        {"repo": PUBLISHED, "rev": f"v{__version__}", "hooks": [{"id": "irdocs-lint"}]}
    ]
    assert (
        "docs: https://docs.example.org/irdocs/configuration/\n"
        in (tmp_path / "hb" / "pyproject.toml").read_text()
    )


@pytest.mark.parametrize(
    "source",
    [
        InstallSource("irdocs[site]==0.1.0"),
        from_requirement(f"irdocs[site] @ git+https://git.example.org/ir/irdocs@{COMMIT}", None),
    ],
    ids=["local", "remote"],
)
def test_pre_commit_accepts_both_hook_configs(tmp_path: Path, source: InstallSource) -> None:
    (config,) = (f for f in handbook_files(source=source) if f.path.name.startswith(".pre"))
    (tmp_path / ".pre-commit-config.yaml").write_text(config.text)
    pre_commit = Path(sys.executable).parent / "pre-commit"
    done = subprocess.run(
        [pre_commit, "validate-config", tmp_path / ".pre-commit-config.yaml"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")
