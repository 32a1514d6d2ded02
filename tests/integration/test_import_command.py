"""`manage.py import_trials`: output lines, errors, exit status."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from trials.models import Trial

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures" / "ctgov"


def run(*args: str) -> tuple[str, str]:
    """Run the command; return its stdout and stderr."""
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_trials", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


@pytest.mark.django_db
def test_prints_one_line_per_trial_then_unchanged() -> None:
    first, _ = run(str(FIXTURES))
    second, _ = run(str(FIXTURES))

    assert first.splitlines() == [
        "created NCT09900003 Test First-in-human Study of Example-303 in Advanced Solid Tumours",
        "created NCT09900001 Test Study of Example-101 in Recurrent or Metastatic "
        "Nasopharyngeal Carcinoma",
        "created NCT09900002 Test Study of Example-202 Plus Chemotherapy in Head and Neck "
        "Squamous Cell Carcinoma",
    ]
    assert [line.split()[0] for line in second.splitlines()] == ["unchanged"] * 3


@pytest.mark.django_db
def test_seed_folder_gives_one_trial_per_seed() -> None:
    output, _ = run(str(SEEDS))

    lines = output.splitlines()
    assert len(lines) == 3
    assert "created NCT06839066 A Phase II Study to Evaluate HLX43" in output
    assert all(line.startswith("created ") for line in lines)
    assert Trial.objects.count() == 3


@pytest.mark.django_db
def test_updated_trials_say_so(tmp_path: Path) -> None:
    run(str(FIXTURES / "single_study.json"))
    Trial.objects.filter(nct_id="NCT09900003").update(brief_title="An older title")

    output, _ = run(str(FIXTURES / "single_study.json"))

    assert output.startswith("updated NCT09900003 Test First-in-human Study")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("does-not-exist.json", "there is no such file or folder"),
        ("README.md", "this is not an importable file"),
        ("empty", "the folder holds no importable file"),
    ],
)
def test_bad_paths_are_clear_errors(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / "README.md").write_text("notes", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    path = str(tmp_path / name)
    stderr = io.StringIO()

    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_trials", str(FIXTURES), path, stdout=io.StringIO(), stderr=stderr)

    assert stderr.getvalue().startswith(f"{path}: {message}")
    assert Trial.objects.count() == 0


def test_exit_status_is_one_on_a_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_trials", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            "DJANGO_SECRET_KEY": "test",
            "DJANGO_ALLOWED_HOSTS": "localhost",
            "DJANGO_CONTACT_FALLBACK_EMAIL": "trial-contacts@example.org",
            "DATABASE_URL": "sqlite://:memory:",
        },
        check=False,
    )

    assert result.returncode == 1
    assert f"{bad}: line 1, column 2: the file is not valid JSON" in result.stderr
