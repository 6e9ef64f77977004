"""The commands set up what they need, once, and stop with one line when they cannot.

A machine without a command is this machine seen through a PATH that lacks
it: a folder of links to every command on PATH but the hidden ones. apt-get,
where a test needs one, is a stand-in that logs its calls (and, for the
install, puts the package's command in that folder), so no test installs
anything on the machine; everything else is the real scripts.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path

import pytest
from support import ROOT

SCRIPTS = ROOT / "scripts"
# Debian package -> the command scripts/_system.sh looks for
COMMANDS = {
    "chromium": "chromium",
    "calibre": "ebook-convert",
    "xvfb": "xvfb-run",
    "xauth": "xauth",
}
MISSING = " ".join(COMMANDS)  # what the full suite lacks once they are hidden
FAST = "scripts/test --fast"
SUDO = f"sudo apt-get update && sudo apt-get install -y --no-install-recommends {MISSING}"


def machine_without(tmp_path: Path, hidden: set[str]) -> Path:
    """A folder of links to every command on PATH except ``hidden``."""
    farm = tmp_path / "bin"
    farm.mkdir()
    for folder in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(folder):
            continue
        for entry in os.scandir(folder):
            link = farm / entry.name
            if entry.name in hidden or link.is_symlink() or entry.is_dir():
                continue
            if os.access(entry.path, os.X_OK):
                link.symlink_to(entry.path)
    return farm


def fake_apt(farm: Path, log: Path, fail: bool = False) -> None:
    """An apt-get that logs its calls; its install puts each package's command in ``farm``."""
    installs = "\n".join(
        f'    {package}) printf "#!/bin/sh\\n" > "{farm}/{command}"; chmod +x "{farm}/{command}" ;;'
        for package, command in COMMANDS.items()
    )
    body = f"""#!/bin/bash
echo "$*" >> "{log}"
[[ " $* " == *" install "* ]] || exit 0
{"echo 'E: Unable to locate package chromium' >&2; exit 100" if fail else ""}
for arg in "$@"; do
  case "$arg" in
{installs}
  esac
done
"""
    apt = farm / "apt-get"
    apt.write_text(body, encoding="utf-8")
    apt.chmod(apt.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def run(command: list[str], farm: Path | None = None, **env: str):
    environ = {k: v for k, v in os.environ.items() if k != "EDITION_SETUP_UID"}
    if farm is not None:
        environ["PATH"] = str(farm)
    return subprocess.run(
        command, capture_output=True, text=True, env={**environ, **env}, cwd=ROOT, timeout=600
    )


def ensure_system(*packages: str) -> list[str]:
    """scripts/_system.sh's ensure_system, as the scripts call it."""
    script = 'source scripts/_venv.sh; source scripts/_system.sh; ensure_system "$@"'
    return ["bash", "-c", script, "scripts/test", *packages]


def test_without_apt_it_stops_before_any_test_with_one_line(tmp_path: Path) -> None:
    farm = machine_without(tmp_path, {"apt-get", *COMMANDS.values()})
    proc = run([str(SCRIPTS / "test")], farm)
    assert proc.returncode == 1
    [line] = proc.stderr.splitlines()
    assert line.startswith(f"scripts/test needs {MISSING} (Debian package names)")
    assert "has no apt-get" in line
    assert SUDO in line
    assert FAST in line
    assert proc.stdout == ""  # pytest never started


def test_without_root_it_names_the_command_and_runs_no_apt(tmp_path: Path) -> None:
    farm = machine_without(tmp_path, {"apt-get", *COMMANDS.values()})
    calls = tmp_path / "apt-calls"
    fake_apt(farm, calls)
    proc = run([str(SCRIPTS / "test")], farm, EDITION_SETUP_UID="1000")
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        f"scripts/test needs {MISSING} and installing them needs root: run {SUDO}; "
        f"or run {FAST}, which needs no browser, e-book reader or Xvfb"
    ]
    assert proc.stdout == ""
    assert not calls.exists()


def test_as_root_it_installs_once_in_one_line(tmp_path: Path) -> None:
    farm = machine_without(tmp_path, {"apt-get", *COMMANDS.values()})
    calls = tmp_path / "apt-calls"
    fake_apt(farm, calls)
    first = run(ensure_system(*COMMANDS, "poppler-utils"), farm, EDITION_SETUP_UID="0")
    assert first.returncode == 0, first.stderr
    assert first.stderr == f"Installing system packages: {MISSING} (apt, once) ...\n"
    update, install = calls.read_text().splitlines()
    assert update.endswith(" update")
    assert install.endswith(f"install -y --no-install-recommends {MISSING}")
    # Now they are there: nothing is installed and nothing is said.
    second = run(ensure_system(*COMMANDS, "poppler-utils"), farm, EDITION_SETUP_UID="0")
    assert (second.returncode, second.stderr) == (0, "")
    assert len(calls.read_text().splitlines()) == 2


def test_with_passwordless_sudo_allowed_it_installs_through_sudo(tmp_path: Path) -> None:
    # As on GitHub's hosted runners (.github/workflows/test.yml sets
    # EDITION_SETUP_SUDO=1): the same one line, apt run through `sudo -n`.
    farm = machine_without(tmp_path, {"apt-get", "sudo", *COMMANDS.values()})
    calls = tmp_path / "apt-calls"
    fake_apt(farm, calls)
    sudo = farm / "sudo"
    sudo.write_text(f'#!/bin/bash\necho "sudo $*" >> "{calls}"\nshift\nexec "$@"\n')
    sudo.chmod(0o755)
    proc = run(ensure_system(*COMMANDS), farm, EDITION_SETUP_UID="1000", EDITION_SETUP_SUDO="1")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == f"Installing system packages: {MISSING} (apt, once) ...\n"
    lines = calls.read_text().splitlines()
    assert [line.split()[:2] for line in lines if line.startswith("sudo")] == [["sudo", "-n"]] * 2
    assert lines[-1].endswith(f"install -y --no-install-recommends {MISSING}")


def test_a_failed_apt_stops_with_its_log(tmp_path: Path) -> None:
    farm = machine_without(tmp_path, {"apt-get", "chromium"})
    fake_apt(farm, tmp_path / "apt-calls", fail=True)
    proc = run(ensure_system("chromium"), farm, EDITION_SETUP_UID="0")
    assert proc.returncode == 1
    assert "E: Unable to locate package chromium" in proc.stderr
    assert "apt-get could not install chromium (full log: " in proc.stderr.splitlines()[-1]


def test_the_fast_path_needs_no_browser_reader_or_apt(tmp_path: Path) -> None:
    farm = machine_without(tmp_path, {"apt-get", *COMMANDS.values()})
    for _ in range(2):  # the first may set up a stale .venv; the second must not
        proc = run([str(SCRIPTS / "test"), "--fast", "--setup"], farm)
        assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""


def test_node_modules_are_installed_once_and_again_when_the_lock_changes(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "package.json").write_text('{"name": "x", "private": true}\n')
    (project / "package-lock.json").write_text(
        '{"name": "x", "lockfileVersion": 3, "requires": true, "packages": {"": {"name": "x"}}}\n'
    )
    script = (
        'source scripts/_venv.sh; source scripts/_node.sh; use_lock_runtimes; ROOT="$1";'
        " ensure_node_modules"
    )
    command = ["bash", "-c", script, "scripts/test", str(project)]
    said = "Installing node_modules from package-lock.json (npm ci, once) ...\n"
    assert run(command).stderr == said
    assert run(command).stderr == ""
    # The stamp names the Node that ran npm ci: the one the test lock pins.
    node = run(["bash", "-c", "source scripts/_venv.sh; use_lock_runtimes; node --version"])
    stamp = (project / "node_modules" / ".stamp-npm-ci").read_text()
    assert stamp.split()[1] == node.stdout.strip()
    (project / "package.json").write_text('{"name": "x", "private": true, "license": "MIT"}\n')
    assert run(command).stderr == said


def test_ci_runs_the_readme_command_and_installs_nothing_itself() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in ci.splitlines() if line.strip() and not line.startswith("#")]
    assert commands[-1] == "exec scripts/test"
    assert not any(re.search(r"\b(apt|apt-get|npm|npx|pip)\b", line) for line in commands)


@pytest.mark.browser
@pytest.mark.reader
def test_a_second_full_setup_installs_nothing() -> None:
    for _ in range(2):  # the first may find something stale; the second must not
        proc = run([str(SCRIPTS / "test"), "--setup"])
        assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
