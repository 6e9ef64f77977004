"""The hosting configs, checked here before a host reads them: .readthedocs.yaml
against Read the Docs' v2 schema, the workflows and dependabot.yml against
theirs (the schemas check-jsonschema vendors), and the workflows through
jactionlint (actionlint's checks, plus its rules on pinning, permissions and
injection) with shellcheck on their scripts. The checkers come from
requirements/hosting.txt, in .venv-hosting (scripts/test sets it up)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from support import ROOT

BIN = ROOT / ".venv-hosting" / "bin"
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
# owner/repo@<40 hex digits> # v1.2.3
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")


def tool(name: str) -> Path:
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{path} is missing: scripts/test sets up .venv-hosting before the tests")
    return path


def check(*command: str | Path) -> subprocess.CompletedProcess:
    # The venv's bin first on PATH: jactionlint runs the shellcheck beside it.
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    return subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )


@pytest.mark.parametrize(
    ("schema", "files"),
    [
        ("vendor.readthedocs", [ROOT / ".readthedocs.yaml"]),
        ("vendor.github-workflows", WORKFLOWS),
        ("vendor.dependabot", [GITHUB / "dependabot.yml"]),
    ],
)
def test_config_matches_its_hosts_schema(schema: str, files: list[Path]) -> None:
    proc = check(tool("check-jsonschema"), "--builtin-schema", schema, *files)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_config_the_host_would_refuse_fails_the_check(tmp_path: Path) -> None:
    # The check can fail: a key Read the Docs does not know (the singular of
    # build.commands) is what it refuses.
    conf = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    conf["build"]["command"] = conf["build"].pop("commands")
    bad = tmp_path / ".readthedocs.yaml"
    bad.write_text(yaml.safe_dump(conf), encoding="utf-8")
    proc = check(tool("check-jsonschema"), "--builtin-schema", "vendor.readthedocs", bad)
    assert proc.returncode == 1
    assert "command" in proc.stdout


def test_workflows_and_dependabot_pass_jactionlint() -> None:
    assert WORKFLOWS
    # With no file named, it checks every workflow and .github/dependabot.yml.
    proc = check(tool("jactionlint"), "--no-color")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "shellcheck was not found" not in proc.stderr


def test_jactionlint_finds_an_action_pinned_by_tag(tmp_path: Path) -> None:
    flow = tmp_path / ".github" / "workflows" / "x.yml"
    flow.parent.mkdir(parents=True)
    text = (GITHUB / "workflows" / "test.yml").read_text(encoding="utf-8")
    flow.write_text(re.sub(r"actions/checkout@\S+ # \S+", "actions/checkout@v7", text))
    proc = check(tool("jactionlint"), "--no-color", flow)
    assert proc.returncode == 1
    assert "[unpinned-uses]" in proc.stdout


def test_every_action_is_pinned_by_commit_with_its_tag() -> None:
    for flow in WORKFLOWS:
        for line in flow.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith(("uses:", "- uses:")):
                used = line.split("uses:", 1)[1].strip()
                assert PINNED.match(used), f"{flow.name}: {used}"


def test_dependabot_proposes_each_ecosystem_weekly_in_one_group() -> None:
    conf = yaml.safe_load((GITHUB / "dependabot.yml").read_text(encoding="utf-8"))
    updates = {u["package-ecosystem"]: u for u in conf["updates"]}
    assert set(updates) == {"pip", "npm", "github-actions"}
    for update in updates.values():
        assert update["schedule"]["interval"] == "weekly"
        [group] = update["groups"].values()
        assert group["patterns"] == ["*"]
    # pip reads the locks in requirements/ from the root folder.
    assert updates["pip"]["directory"] == "/"
    assert (ROOT / "requirements" / "test.txt").is_file()


def test_ci_runs_the_suite_the_fast_lane_and_the_audits() -> None:
    flow = yaml.safe_load((GITHUB / "workflows" / "test.yml").read_text(encoding="utf-8"))
    # PyYAML reads the key `on` as True.
    assert {"push", "pull_request"} <= set(flow[True])
    assert flow["permissions"] == {}
    assert flow["concurrency"]["cancel-in-progress"] is True
    runs = {
        name: [step.get("run", "") for step in job["steps"]] for name, job in flow["jobs"].items()
    }
    assert "scripts/test" in runs["suite"]
    assert "scripts/test --fast" in runs["fast-newest-python"]
    audit = "\n".join(runs["audit"])
    assert "pip-audit" in audit and "requirements/*.txt" in audit
    assert "npm audit" in audit
    for job in flow["jobs"].values():
        assert job["permissions"] == {"contents": "read"}
