"""The loader: valid decks build the model; every kind of invalid deck fails at the right place."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from deck.format import model
from deck.format.errors import DeckError, DeckIOError, DeckSourceError, DeckSyntaxError
from deck.format.loader import load_deck

GOOD = """\
title: {zh: 测试, en: Test}
languages: [zh, en]
source: {file: seeds/meta-ai.zh.txt, publisher: 数读社}
sections:
  - {id: metaverse, name: {zh: 元宇宙, en: Metaverse}, accent: magenta}
slides:
  - section: metaverse
    id: pledge
    title: {zh: 四年, en: Four years}
    text: {zh: 段落, en: A paragraph}
    bullets:
      - {zh: 一, en: one}
      - Meta
    chart:
      kind: bar
      unit: {zh: 亿美元, en: "$100M"}
      data:
        - label: {zh: 十年投入承诺, en: 10-year pledge}
          value: 1000
          source: "2022年，他宣布未来10年将投入1000亿美元用于元宇宙研发"
    quote: {text: {zh: 引语, en: A quote}, by: Mark Chen}
    notes: {zh: 备注, en: Notes}
"""

Writer = Callable[[str], Path]


def error_of(write_deck: Writer, text: str) -> DeckError:
    """Load `text` as a deck and return the error it must raise."""
    path = write_deck(text)
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    assert caught.value.path == str(path)
    return caught.value


def located(error: DeckError) -> str:
    """The error as users see it, without the temporary folder."""
    return f"{error.line}:{error.col}: {error.message}"


def test_valid_deck_builds_the_model(write_deck: Writer) -> None:
    deck = load_deck(write_deck(GOOD))
    assert deck.languages == ("zh", "en")
    assert deck.title.get("en") == "Test"
    slide = deck.slides[0]
    assert slide.id == "pledge"
    assert slide.section is not None and slide.section.accent == "magenta"
    # blocks keep the order in which the deck wrote them
    assert [type(block).__name__ for block in slide.blocks] == ["Paragraph", "Bullets", "Chart", "Quote"]
    bullets = slide.blocks[1]
    assert isinstance(bullets, model.Bullets)
    assert bullets.items[1].get("zh") == "Meta"  # a plain string serves every language
    chart = slide.charts[0]
    assert chart.data[0].value == 1000.0
    assert chart.data[0].span == model.Span(18, 11)
    assert slide.span == model.Span(7, 5)
    assert slide.notes is not None and slide.notes.get("zh") == "备注"


def test_model_is_frozen(write_deck: Writer) -> None:
    deck = load_deck(write_deck(GOOD))
    with pytest.raises(AttributeError):
        deck.slides[0].title = model.Localized.plain("x")  # type: ignore[misc]


def test_yaml_syntax_error_points_at_the_problem(write_deck: Writer) -> None:
    error = error_of(write_deck, "title: x\nslides:\n  - title: [a, b\n")
    assert isinstance(error, DeckSyntaxError)
    assert (error.line, error.col) == (4, 1)
    assert error.message == (
        "YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence started at line 3, column 12)"
    )


def test_tab_indentation_gets_a_hint(write_deck: Writer) -> None:
    error = error_of(write_deck, "title: x\nslides:\n\t- title: y\n")
    assert located(error) == (
        "3:1: YAML syntax error: found character that cannot start any token "
        "(while scanning for the next token); indent with spaces, not tabs"
    )


def test_unclosed_quote_points_at_its_start(write_deck: Writer) -> None:
    error = error_of(write_deck, 'title: "abc\nslides:\n  - title: y\n')
    assert located(error) == (
        "4:1: YAML syntax error: found unexpected end of stream "
        "(while scanning a quoted scalar started at line 1, column 8)"
    )


def test_bad_indentation(write_deck: Writer) -> None:
    error = error_of(write_deck, "title: x\nslides:\n  - title: y\n   notes: z\n")
    assert (error.line, error.col) == (4, 4)
    assert error.message.startswith("YAML syntax error: ")


def test_top_level_must_be_a_mapping(write_deck: Writer) -> None:
    error = error_of(write_deck, "- a\n- b\n")
    assert located(error) == "1:1: the top level must be a mapping with 'title' and 'slides', not a list"


def test_empty_file(write_deck: Writer) -> None:
    error = error_of(write_deck, "# only a comment\n")
    assert located(error) == "1:1: the file is empty; a deck needs 'title' and 'slides'"


def test_missing_slides(write_deck: Writer) -> None:
    error = error_of(write_deck, "title: x\n")
    assert located(error) == "1:1: the deck is missing required key 'slides'"


def test_empty_slides(write_deck: Writer) -> None:
    error = error_of(write_deck, "title: x\nslides: []\n")
    assert located(error) == "2:9: 'slides' must not be empty"


def test_unknown_key_suggests_the_right_one(write_deck: Writer) -> None:
    error = error_of(write_deck, "title: x\nslides:\n  - titel: y\n")
    assert located(error) == "3:5: unknown key 'titel' in a slide; did you mean 'title'?"


def test_unknown_key_without_a_close_match(write_deck: Writer) -> None:
    error = error_of(write_deck, "title: x\nzzz: 1\nslides:\n  - title: y\n")
    assert located(error) == "2:1: unknown key 'zzz' in the deck"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"12"', "'value' must be a number, not a string"),
        ("[1, 2]", "'value' must be a number, not a list"),
        (".nan", "'value' must be a finite number, not .nan"),
        ("-.inf", "'value' must be a finite number, not -.inf"),
        ("1.0e+308", "'value' 1.0e+308 is out of range (at most 1e+15 either way)"),
    ],
)
def test_chart_value_must_be_a_finite_number(write_deck: Writer, value: str, message: str) -> None:
    text = f"title: x\nslides:\n  - title: y\n    chart:\n      kind: bar\n      data:\n        - {{label: a, value: {value}}}\n"
    error = error_of(write_deck, text)
    assert located(error) == f"7:29: {message}"


def test_negative_zero_is_zero(write_deck: Writer) -> None:
    text = "title: x\nslides:\n  - title: y\n    chart: {kind: bar, data: [{label: a, value: -0.0}]}\n"
    value = load_deck(write_deck(text)).charts[0].data[0].value
    assert value == 0.0 and str(value) == "0.0"


def test_duplicate_key(write_deck: Writer) -> None:
    error = error_of(write_deck, "title: x\nslides:\n  - title: y\n    title: z\n")
    assert located(error) == "4:5: duplicate key 'title' (first given on line 3)"


def test_undeclared_section(write_deck: Writer) -> None:
    text = GOOD.replace("  - section: metaverse", "  - section: metavers")
    error = error_of(write_deck, text)
    assert located(error) == "7:14: unknown section 'metavers' (declared: metaverse); did you mean 'metaverse'?"


def test_undeclared_language(write_deck: Writer) -> None:
    text = GOOD.replace("title: {zh: 四年, en: Four years}", "title: {zh: 四年, fr: Quatre ans}")
    error = error_of(write_deck, text)
    assert located(error) == "9:21: language 'fr' is not declared in 'languages' (zh, en)"


def test_missing_translation(write_deck: Writer) -> None:
    text = GOOD.replace("    notes: {zh: 备注, en: Notes}", "    notes: {zh: 备注}")
    error = error_of(write_deck, text)
    assert located(error) == "22:12: 'notes' is missing language 'en' (the deck declares zh, en)"


def test_quote_not_in_the_source(write_deck: Writer) -> None:
    text = GOOD.replace("投入1000亿美元", "投入2000亿美元")
    error = error_of(write_deck, text)
    assert isinstance(error, DeckSourceError)
    assert located(error) == (
        "20:19: quote not found in seeds/meta-ai.zh.txt: '2022年，他宣布未来10年将投入2000亿美元用于元宇宙研发'"
    )


def test_quote_matches_after_nfkc_and_without_white_space(write_deck: Writer) -> None:
    # the article writes "Meta的VR 出货量" with a half-width comma before it; full-width and
    # spacing differences are forgiven, words are not
    text = GOOD.replace("2022年，他宣布未来10年将投入1000亿美元用于元宇宙研发", "根据CounterPoint报告， 今年二季度")
    assert load_deck(write_deck(text)).charts[0].data[0].source == "根据CounterPoint报告， 今年二季度"


def test_datum_needs_a_source_when_the_deck_has_one(write_deck: Writer) -> None:
    text = GOOD.replace('          source: "2022年，他宣布未来10年将投入1000亿美元用于元宇宙研发"\n', "")
    error = error_of(write_deck, text)
    assert located(error) == (
        "18:11: a datum is missing 'source': quote the sentence of seeds/meta-ai.zh.txt that gives this figure"
    )


def test_missing_source_file(write_deck: Writer) -> None:
    error = error_of(write_deck, GOOD.replace("seeds/meta-ai.zh.txt", "seeds/missing.txt"))
    assert located(error) == "3:16: cannot read source file 'seeds/missing.txt': No such file or directory"


def test_python_tag_is_an_error_and_never_runs(write_deck: Writer, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"title: !!python/object/apply:os.system ['touch {marker}']\nslides:\n  - title: y\n"
    error = error_of(write_deck, text)
    assert located(error) == "1:8: tag '!!python/object/apply:os.system' is not allowed: deck files use plain YAML only"
    assert not marker.exists()


def test_custom_tag_is_an_error(write_deck: Writer) -> None:
    error = error_of(write_deck, "title: x\nslides:\n  - title: !secret y\n")
    assert located(error) == "3:12: tag '!secret' is not allowed: deck files use plain YAML only"


def test_alias_bomb_is_refused(write_deck: Writer) -> None:
    # 3 MB of aliases to one slide with 100,000 bullets: 4 * 10^10 nodes if walked naively
    anchor = "  - &s {title: t, bullets: [" + ", ".join(["a"] * 100_000) + "]}\n"
    text = "title: x\nslides:\n" + anchor + "  - *s\n" * 400_000
    error = error_of(write_deck, text)
    # the walk stops inside the anchored slide, where the millionth node is met
    assert error.line == 3
    assert error.message == "more than 300000 nodes after expanding aliases; refusing (alias bomb?)"


def test_absurd_nesting_is_refused(write_deck: Writer) -> None:
    text = "title: x\nslides: " + "[" * 20_000 + "]" * 20_000 + "\n"
    error = error_of(write_deck, text)
    assert error.message.startswith("YAML syntax error: exceeded maximum nesting depth")
    assert (error.line, error.col) == (2, 1008)  # the 1000th "["


def test_file_over_the_size_limit(write_deck: Writer) -> None:
    text = "title: x\nslides:\n  - title: y\n" + "#" * (6 * 1024 * 1024) + "\n"
    error = error_of(write_deck, text)
    assert str(error).endswith(": file is larger than 5 MB; a deck file must be smaller")


def test_non_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"title: caf" + b"\xe9\nslides:\n  - title: y\n")
    with pytest.raises(DeckSyntaxError) as caught:
        load_deck(path)
    assert located(caught.value) == "1:11: not UTF-8: byte 0xe9 at offset 10; save the file as UTF-8"


def test_utf16_is_named(tmp_path: Path) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_bytes("title: x\nslides:\n  - title: y\n".encode("utf-16"))
    with pytest.raises(DeckSyntaxError) as caught:
        load_deck(path)
    assert located(caught.value) == "1:1: file is UTF-16; save it as UTF-8"


def test_utf8_bom_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbftitle: x\nslides:\n  - title: y\n")
    assert load_deck(path).title.get("en") == "x"


def test_control_characters_never_reach_the_model(write_deck: Writer) -> None:
    text = 'title: "a\\e[2Jb\\a\\x9bc\\u202ed"\nslides:\n  - title: "t\\te\\rx\\bt"\n'
    deck = load_deck(write_deck(text))
    assert deck.title.get("en") == "a[2Jbcd"
    assert deck.slides[0].title.get("en") == "t ext"


def test_missing_file_is_an_io_error(tmp_path: Path) -> None:
    with pytest.raises(DeckIOError) as caught:
        load_deck(tmp_path / "nope.yaml")
    assert caught.value.exit_status == 1
    assert str(caught.value) == f"{tmp_path / 'nope.yaml'}: cannot read: No such file or directory"


def test_directory_is_an_io_error(tmp_path: Path) -> None:
    with pytest.raises(DeckIOError) as caught:
        load_deck(tmp_path)
    assert caught.value.message == "is a directory, not a deck file"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_is_an_io_error(write_deck: Writer) -> None:
    path = write_deck("title: x\nslides:\n  - title: y\n")
    path.chmod(0)
    with pytest.raises(DeckIOError) as caught:
        load_deck(path)
    assert caught.value.message == "cannot read: Permission denied"


@pytest.mark.parametrize(
    ("chart", "where", "message"),
    [
        ("{kind: pie, data: [{label: a, value: 1}]}", "4:19", "unknown chart kind 'pie' (use bar, share, timeline, stat, line, sparkline)"),
        ("{kind: stat, data: [{label: a, value: 1}, {label: b, value: 2}]}", "4:31",
         "a stat chart shows exactly one figure, not 2"),
        ("{kind: share, data: [{label: a, value: 70}, {label: b, value: 40}]}", "4:32",
         "the parts of a share chart add up to more than its total (100)"),
        ("{kind: timeline, data: [{label: a}]}", "4:36", "a timeline event is missing required key 'date'"),
        ("{kind: bar, data: [{label: a}]}", "4:31", "a datum of a bar chart is missing required key 'value'"),
        ("{kind: bar, total: 5, data: [{label: a, value: 1}]}", "4:24", "'total' applies only to share charts"),
    ],
)
def test_chart_rules(write_deck: Writer, chart: str, where: str, message: str) -> None:
    error = error_of(write_deck, f"title: x\nslides:\n  - title: y\n    chart: {chart}\n")
    assert located(error) == f"{where}: {message}"


def test_bad_accent_colour(write_deck: Writer) -> None:
    error = error_of(write_deck, GOOD.replace("accent: magenta", "accent: purpel"))
    assert located(error) == "5:61: 'purpel' is not a colour; use a name such as magenta, or #rrggbb"


def test_duplicate_slide_id(write_deck: Writer) -> None:
    text = "title: x\nslides:\n  - {id: a, title: y}\n  - {id: a, title: z}\n"
    assert located(error_of(write_deck, text)) == "4:5: slide id 'a' is used twice"


def test_wrong_type_for_bool(write_deck: Writer) -> None:
    text = "title: x\nslides:\n  - {title: y, reveal: 'yes'}\n"
    assert located(error_of(write_deck, text)) == "3:24: 'reveal' must be true or false, not a string"


def test_slides_must_be_mappings(write_deck: Writer) -> None:
    text = "title: x\nslides:\n  - just a string\n"
    assert located(error_of(write_deck, text)) == "3:5: a slide must be a mapping, not a string"


_EQUIVALENCE_DECKS = [
    Path(__file__).resolve().parent.parent / "slides.yaml",
    Path(__file__).resolve().parent / "fixtures" / "app_deck.yaml",
    Path(__file__).resolve().parent / "fixtures" / "charts.yaml",
]


@pytest.mark.parametrize("path", _EQUIVALENCE_DECKS, ids=lambda path: path.name)
def test_streaming_loader_builds_the_same_model_as_the_whole_graph_path(path: Path) -> None:
    # Valid decks are built slide by slide as they are parsed (to keep memory flat); anything
    # else goes through the whole node graph. Both must give the same model, positions included.
    from deck.format.loader import _Builder, _SlideStreamer, compose

    text = path.read_text(encoding="utf-8")
    streamed = _SlideStreamer(text, _Builder(str(path), path.parent)).deck()
    assert streamed is not None, "the streaming path declined a plain, valid deck"
    whole = _Builder(str(path), path.parent).deck(compose(text, str(path)))
    assert streamed == whole
    assert [slide.span for slide in streamed.slides] == [slide.span for slide in whole.slides]
