"""The Read the Docs build, run the way its builder runs it.

Its builder clones the repository afresh, runs build.commands one by one as
a normal user (``docs``, not root) from the clone's root with
READTHEDOCS_OUTPUT set, then serves READTHEDOCS_OUTPUT/html (which must hold
an index.html) and the single file in each of .../epub and .../pdf (a second
entry there fails the build). It also fails a build that leaves a
``_build/html`` folder in the clone (readthedocs/projects/tasks/builds.py,
``check_old_output_directory``). This test does the same on this machine: a
user of its own (created and removed here, which needs root), a copy of the
work tree's files as a clone has them, no venv or build yet.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from support import ROOT

pytestmark = pytest.mark.slow

# What the builder's environment holds of ours: locale and the network's
# settings (a proxy, pip's certificate bundle) pass through, nothing of the
# person running the tests (their venv, the tests' shared cache).
PASSED = ("LANG", "LC_ALL", "TZ", "http_proxy", "https_proxy", "no_proxy")


@pytest.fixture
def builder_user() -> Iterator[pwd.struct_passwd]:
    """A normal user for the build, made for this test and removed after it."""
    if os.geteuid() != 0:
        # Already a normal user: build as ourselves.
        yield pwd.getpwuid(os.geteuid())
        return
    if not shutil.which("useradd"):
        pytest.skip("running as root without useradd: no normal user to build as")
    name = f"rtd-test-{os.getpid()}"
    subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", name], check=True)
    try:
        yield pwd.getpwnam(name)
    finally:
        subprocess.run(["userdel", "--remove", name], check=False, capture_output=True)


def fresh_clone(dest: Path) -> None:
    """The work tree's files as a clone would have them: tracked and not
    ignored, with edits not yet committed; no .venv, _build or node_modules."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = ROOT / os.fsdecode(name)
        if source.is_file():  # a tracked file deleted in the work tree is gone
            target = dest / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def test_read_the_docs_commands_as_its_builder_runs_them(builder_user) -> None:
    python = shutil.which("python3", path="/usr/local/bin:/usr/bin:/bin")
    if python is None:
        pytest.skip("no python3 on the standard PATH for the build user to make .venv with")
    top = Path(tempfile.mkdtemp(prefix="rtd-build-"))
    try:
        os.chmod(top, 0o755)
        clone = top / "checkout"
        clone.mkdir()
        fresh_clone(clone)
        for path in [top, *top.rglob("*")]:
            os.chown(path, builder_user.pw_uid, builder_user.pw_gid, follow_symlinks=False)
        output = clone / "_readthedocs"
        env = {
            "HOME": builder_user.pw_dir,
            "USER": builder_user.pw_name,
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "READTHEDOCS": "True",
            "READTHEDOCS_OUTPUT": f"{output}/",
            "READTHEDOCS_REPOSITORY_PATH": str(clone),
            "NO_COLOR": "1",
            **{k: v for k, v in os.environ.items() if k in PASSED or k.startswith("PIP_")},
        }
        conf = yaml.safe_load((clone / ".readthedocs.yaml").read_text(encoding="utf-8"))
        for command in conf["build"]["commands"]:
            proc = subprocess.run(
                ["bash", "-c", command],
                cwd=clone,
                env=env,
                user=builder_user.pw_uid,
                group=builder_user.pw_gid,
                extra_groups=[] if os.geteuid() == 0 else None,
                capture_output=True,
                text=True,
                timeout=1800,
            )
            assert proc.returncode == 0, f"{command}\n{proc.stdout}{proc.stderr}"

        # Read the Docs fails a build that leaves this folder behind.
        assert not (clone / "_build" / "html").exists()
        assert (output / "html" / "index.html").is_file()
        assert (output / "html" / "zh-cn" / "index.html").is_file()
        for kind in ("epub", "pdf"):
            entries = list((output / kind).iterdir())
            assert len(entries) == 1, f"Read the Docs serves one file per format: {entries}"
            [book] = entries
            assert book.is_file() and book.suffix == f".{kind}" and book.stat().st_size > 0
    finally:
        shutil.rmtree(top, ignore_errors=True)
