"""The project fontconfig: slots resolve to installed fonts, and a site's licensed font takes over a slot
when it is dropped into JINGUO_FONTS_DIR, with no change to code."""

import datetime
import logging
import os
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from fontTools.subset import Subsetter
from fontTools.ttLib import TTFont

from jinguo.documents import font_config, layout
from jinguo.documents.content import OfficialDocument, Paragraph
from jinguo.documents.pdf import render_pdf
from jinguo.documents.tests.measure import find_line, open_pdf

BODY = "现将实施方案印发给你们请认真组织"


def fc_match(pattern: str, config: Path, form: str = "%{family[0]}") -> str:
    fc_match_bin = shutil.which("fc-match")
    assert fc_match_bin, "fontconfig's fc-match is missing: run `make system-deps`"
    result = subprocess.run(
        [fc_match_bin, "-f", form, pattern],
        env={"FONTCONFIG_FILE": str(config)},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_the_shipped_configuration_includes_the_system_one_and_aliases_every_slot():
    root = ElementTree.parse(font_config.SHIPPED_CONFIG).getroot()  # noqa: S314 (our own file)
    assert "/etc/fonts/fonts.conf" in [include.text for include in root.iter("include")]
    aliased = {alias.findtext("family") for alias in root.iter("alias")}
    slots = (layout.XIAOBIAOSONG, layout.FANGSONG, layout.KAITI, layout.HEITI, layout.SONGTI)
    assert aliased == {slot.css_family for slot in slots}
    for alias in root.iter("alias"):  # each slot prefers the official font Word documents name
        preferred = [family.text for family in alias.iter("family")][1:]
        slot = next(slot for slot in slots if slot.css_family == alias.findtext("family"))
        assert preferred[0] == slot.word_name or slot.word_name in preferred


def test_the_wrapper_adds_the_site_directory(settings, tmp_path):
    text = font_config.wrapper_text(tmp_path)
    assert f"<dir>{tmp_path}</dir>" in text
    assert f"<include>{font_config.SHIPPED_CONFIG}</include>" in text
    assert f'<include ignore_missing="yes">{tmp_path / "fonts.conf"}</include>' in text


def test_the_configuration_is_one_private_file_per_site_directory():
    first = font_config.configure_fontconfig()

    assert font_config.configure_fontconfig() == first
    assert os.environ["FONTCONFIG_FILE"] == str(first)
    assert first.read_text(encoding="utf-8") == font_config.wrapper_text(font_config.site_fonts_dir())
    assert first.parent.stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize(
    ("slot", "fallback"),
    [
        (layout.XIAOBIAOSONG, "Noto Serif CJK SC"),
        (layout.FANGSONG, "Noto Serif CJK SC"),
        (layout.KAITI, "AR PL UKai CN"),
        (layout.HEITI, "Noto Sans CJK SC"),
        (layout.SONGTI, "Noto Serif CJK SC"),
    ],
)
def test_slots_fall_back_to_the_distributions_free_fonts(slot, fallback):
    config = font_config.configure_fontconfig()
    if fc_match(slot.word_name, config) == slot.word_name:
        pytest.skip(f"{slot.word_name} is installed here")
    assert fc_match(slot.css_family, config) == fallback


def licensed_font(source: Path, directory: Path, family: str) -> Path:
    """A stand-in for a licensed official font: an installed font, cut down and renamed."""
    font = TTFont(source, fontNumber=0)
    subsetter = Subsetter()
    subsetter.populate(text=BODY + "〔〕0123456789号年月日—")
    subsetter.subset(font)
    names = font["name"]
    names.names = [record for record in names.names if record.nameID not in (1, 2, 4, 6, 16, 17)]
    for name_id, value in ((1, family), (2, "Regular"), (4, family), (6, family.replace("_", "-"))):
        names.setName(value, name_id, 3, 1, 0x409)
    path = directory / "licensed-fangsong.ttf"
    font.save(path)
    return path


def test_a_font_dropped_into_the_site_directory_takes_its_slot(settings, tmp_path, monkeypatch, caplog, request):
    caplog.set_level(logging.ERROR, logger="fontTools")  # tables it cannot subset are dropped, as they may be
    source = Path(fc_match("AR PL UKai CN", font_config.configure_fontconfig(), "%{file}"))
    if not source.exists() or source.suffix not in (".ttf", ".ttc"):
        pytest.skip("no TrueType CJK font to stand in for a licensed one")
    monkeypatch.setenv("FONTCONFIG_FILE", os.environ["FONTCONFIG_FILE"])  # restored afterwards
    settings.JINGUO_FONTS_DIR = tmp_path
    licensed_font(source, tmp_path, "FangSong_GB2312")

    config = font_config.configure_fontconfig()
    request.addfinalizer(config.unlink)  # the wrapper of this test's directory only
    assert fc_match(layout.FANGSONG.css_family, config) == "FangSong_GB2312"
    doc = OfficialDocument(
        "泉州市妇女联合会文件",
        "泉妇〔2012〕39号",
        "通知",
        "",
        (Paragraph(BODY),),
        "泉州市妇联",
        datetime.date(2012, 9, 25),
    )
    with open_pdf(render_pdf(doc)) as pdf:
        assert find_line(pdf.pages[0], BODY).font_of(BODY) == "FangSong_GB2312"
        assert find_line(pdf.pages[0], "通知").font_of("通知") == "Noto-Serif-CJK-SC-Bold"  # other slots unchanged
