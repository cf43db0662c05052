"""`workagree new` at a real terminal (a pseudo-terminal driven by pexpect)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pexpect
import pytest

from workagree.api import check_file
from workagree.locales import SUPPORTED_LOCALES

from .conftest import ROOT

TODAY_PROMPT = r"Start date \(YYYY-MM-DD\) \[\d{4}-\d{2}-\d{2}\]: "


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "NO_COLOR": "1",
        "TERM": "dumb",
    }
    return pexpect.spawn(
        sys.executable,
        ["-m", "workagree", "new", *args],
        env=env,
        cwd=str(tmp_path),
        encoding="utf-8",
        timeout=20,
    )


def answer(child: pexpect.spawn, prompt: str, text: str) -> None:
    child.expect(prompt)
    child.sendline(text)


def finish(child: pexpect.spawn) -> tuple[int, str]:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, child.before


def test_a_first_agreement_by_answering_questions(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    child.expect("Presets")
    child.expect(r"2\. agency-campaign +An agency campaign in phases")
    answer(child, r"Preset \(number or name\) \[1\]: ", "7")
    child.expect("choose a number from 1 to 5, or a preset's name")
    answer(child, r"Preset \(number or name\) \[1\]: ", "agency-campaign")
    answer(child, "Your agency: ", "")
    child.expect("the name cannot be empty")
    answer(child, "Your agency: ", "Northwind Studio")
    answer(child, r"Your e-mail or phone \(optional\): ", "hello@northwind.example")
    answer(child, "Your client: ", "Contoso Ltd")
    answer(child, r"Their e-mail or phone \(optional\): ", "")
    answer(child, r"Project \(what the agreement covers\): ", "Spring campaign")
    answer(child, TODAY_PROMPT, "11/01/2027")
    child.expect(r"'11/01/2027' is not a date; write it as YYYY-MM-DD, e\.g\. 2027-01-11")
    answer(child, TODAY_PROMPT, "2027-02-30")
    child.expect("'2027-02-30' is not a real date")
    answer(child, TODAY_PROMPT, "2027-01-11")
    answer(child, r"Feedback window \(business days after each delivery\) \[5\]: ", "three")
    child.expect("'three' is not a whole number")
    answer(child, r"Feedback window \(business days after each delivery\) \[5\]: ", "3")
    answer(child, r"Time to acknowledge a request \(business hours\) \[4\]: ", "")
    answer(child, r"Payment terms \(calendar days after each invoice\) \[14\]: ", "30")
    answer(child, r"Pause threshold .*\[2\]: ", "")
    answer(child, r"Restart fee applies after .*\[10\]: ", "")
    answer(child, r"Restart fee .*\[one day of work\]: ", "€300")
    answer(child, r"Country for public holidays .*\[-\]: ", "dk")
    answer(child, r"Time zone of your business hours \[Europe/Copenhagen\]: ", "Europe/Copenhagn")
    child.expect(r"'Europe/Copenhagn' is not a time zone \(did you mean 'Europe/Copenhagen'\?\)")
    answer(child, r"Time zone of your business hours \[Europe/Copenhagen\]: ", "")
    answer(child, rf"Language \({re.escape(', '.join(SUPPORTED_LOCALES))}\) \[en\]: ", "")
    child.expect(r"Feedback window +3 business days")
    child.expect(r"Restart fee +€300")
    child.expect(r"Public holidays of +DK")
    child.expect(r"Time zone +Europe/Copenhagen")
    child.expect(r"Wrote agreement\.yaml \(preset agency-campaign\)\.")
    child.expect("workagree render agreement.yaml")
    status, _ = finish(child)
    assert status == 0
    result = check_file(tmp_path / "agreement.yaml")
    assert result.problems == []
    agreement = result.agreement
    assert agreement is not None
    assert agreement.parties["agency"].name == "Northwind Studio"
    assert agreement.parties["agency"].contact == "hello@northwind.example"
    assert agreement.parties["client"].contact is None
    assert str(agreement.effective) == "2027-01-11"
    assert agreement.calendar.country == "DK"
    assert agreement.calendar.timezone == "Europe/Copenhagen"
    assert "costs €300" in agreement.consequences["restart-fee"]
    assert {str(r.deadline) for r in agreement.responsibilities} >= {
        "3 business days after each delivery",
        "30 calendar days after each invoice",
    }


def test_options_given_are_not_asked_again(tmp_path: Path) -> None:
    child = spawn(
        tmp_path, "plan.yaml", "--preset", "internal-teams", "--provider", "Platform",
        "--client", "Checkout", "--project", "Requests and reviews", "--start", "2027-05-03",
        "--country", "US", "--locale", "en", "--provider-contact", "#platform",
        "--client-contact", "#checkout", "--set", "answer_days=4",
    )  # fmt: skip
    answer(child, r"Time to acknowledge a request \(business hours\) \[4\]: ", "2")
    answer(child, r"Feedback window .*\[2\]: ", "")
    answer(child, r"Time zone of your business hours \[America/New_York\]: ", "America/Chicago")
    child.expect(r"Wrote plan\.yaml \(preset internal-teams\)\.")
    status, output = finish(child)
    assert status == 0
    assert "Presets" not in output
    agreement = check_file(tmp_path / "plan.yaml").agreement
    assert agreement is not None
    assert agreement.parties["platform"].contact == "#platform"
    assert agreement.calendar.timezone == "America/Chicago"
    assert {str(r.deadline) for r in agreement.responsibilities} >= {
        "2 business hours after each request",
        "4 business days after each request",
    }


@pytest.mark.parametrize("key", ["\x03", "\x04"], ids=["ctrl-c", "ctrl-d"])
def test_interrupting_writes_nothing(tmp_path: Path, key: str) -> None:
    child = spawn(tmp_path)
    answer(child, r"Preset \(number or name\) \[1\]: ", "1")
    answer(child, "Your name or business: ", "Ana Berg")
    child.expect(r"Your e-mail or phone \(optional\): ")
    child.send(key)
    child.expect("Interrupted; nothing was written.")
    status, _ = finish(child)
    assert status == 130
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_refused_before_any_question(tmp_path: Path) -> None:
    (tmp_path / "agreement.yaml").write_bytes(b"mine\n")
    child = spawn(tmp_path)
    child.expect("agreement.yaml: error: already exists; it was left as it is")
    status, output = finish(child)
    assert status == 1
    assert "Preset" not in output
    assert (tmp_path / "agreement.yaml").read_bytes() == b"mine\n"


def test_no_input_at_a_terminal_asks_nothing(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--no-input", "--preset", "freelance")
    child.expect("with --no-input these options are needed: --provider, --client, --project")
    status, _ = finish(child)
    assert status == 2
    assert list(tmp_path.iterdir()) == []
