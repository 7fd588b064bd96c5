"""Every interface string is translated, and the compiled catalogue matches its source."""

import subprocess
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[3] / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_every_message_is_translated():
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


def test_compiled_catalogue_is_current(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(LOCALE / "django.po")], check=True)
    assert polib.mofile(str(compiled)) == polib.mofile(str(LOCALE / "django.mo"))
