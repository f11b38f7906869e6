"""Policy files are validated at start-up with an error that names the file and the key."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from hotline.paths import ROOT
from hotline.policy import POLICY_DIR, PolicyError
from hotline.screening.screener import ScreeningPolicy


@pytest.fixture
def policy_copy(tmp_path: Path) -> Path:
    for f in POLICY_DIR.glob("*.yml"):
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


def _edit(path: Path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_the_shipped_policy_loads():
    p = ScreeningPolicy.load()
    assert p.emergency_rules and p.route_texts.keys() == {"litigation", "arbitration", "labor_arbitration",
                                                          "administrative_review", "discipline_inspection"}


def test_a_broken_pattern_names_file_and_key(policy_copy):
    _edit(policy_copy / "screening.yml", lambda d: d["emergency"]["rules"][0]["patterns"].append("(unclosed"))
    with pytest.raises(PolicyError, match=r"screening.yml: emergency.rules\[0\].patterns\[\d+\]: pattern"):
        ScreeningPolicy.load(policy_copy)


def test_an_unknown_service_is_refused(policy_copy):
    _edit(policy_copy / "screening.yml", lambda d: d["emergency"]["rules"][0].update(services=["911"]))
    with pytest.raises(PolicyError, match="'911' is not one of"):
        ScreeningPolicy.load(policy_copy)


def test_a_missing_route_text_is_refused(policy_copy):
    _edit(policy_copy / "routes.yml", lambda d: d["routes"].pop("arbitration"))
    with pytest.raises(PolicyError, match="no text for"):
        ScreeningPolicy.load(policy_copy)


def test_a_missing_notice_is_refused(policy_copy):
    _edit(policy_copy / "notices.yml", lambda d: d.pop("abusive"))
    with pytest.raises(PolicyError, match="notices.yml: .*missing key 'abusive'"):
        ScreeningPolicy.load(policy_copy)


def test_not_yaml_is_refused(policy_copy):
    (policy_copy / "routes.yml").write_text("rules: [unclosed", encoding="utf-8")
    with pytest.raises(PolicyError, match="not valid YAML"):
        ScreeningPolicy.load(policy_copy)


def test_check_policy_command_reports_a_clear_error(tmp_path):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "hotline", "check-policy"], capture_output=True, text=True,
                         cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert "screening" in out.stdout
