"""Content tests for the bundled deck (slides.yaml): faithful to the article, fully bilingual,
presentable.

These read slides.yaml and the article directly with yaml.safe_load, so they do not depend on
the loader's internals; one extra test loads the deck through `deck.format.loader.load_deck`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DECK_PATH = ROOT / "slides.yaml"
LANGS = ("zh", "en")
KINDS = {"bar", "share", "timeline", "stat"}

# Keys whose value is a text (a plain string or a {zh, en} mapping) wherever they appear.
TEXT_KEYS = {"title", "subtitle", "author", "name", "notes", "text", "by", "unit", "rest",
             "label", "display", "date", "publisher"}

# Numbers allowed in the Chinese text although the article does not contain them. Keep tiny,
# and justify each one.
NUMBER_ALLOW = {
    # The speaker note of the Llama slide corrects the article's "450B" Llama 3: Meta's
    # largest Llama 3 model is 405B. The slide itself shows the article's 450B.
    "405": "correction of the article's 450B in a speaker note",
}

# The article's typos; our own Chinese text must not repeat them (source quotes may).
ARTICLE_TYPOS = ("4各", "得住", "格计划")

# Half-width punctuation that proper Chinese typography writes full-width.
HALF_WIDTH_PUNCT = re.compile(r"[,;:()!?]")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def squash(text: str) -> str:
    """NFKC-normalise and drop all white space (how quotes are compared with the article)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def deck() -> dict[str, Any]:
    data = yaml.safe_load(DECK_PATH.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def article(deck: dict[str, Any]) -> str:
    return (DECK_PATH.parent / str(deck["source"]["file"])).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def article_numbers(article: str) -> set[str]:
    return set(NUMBER.findall(unicodedata.normalize("NFKC", article)))


def charts(deck: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for slide in deck["slides"]:
        if "chart" in slide:
            yield slide, slide["chart"]


def data(deck: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any], dict[str, Any]]]:
    for slide, chart in charts(deck):
        for datum in chart["data"]:
            yield slide, chart, datum


def texts(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every text field of the deck as (path, value); value is a str or a mapping."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}"
            if key == "source" and isinstance(value, str):
                continue  # a verbatim quote, checked separately
            if key == "bullets":
                for i, item in enumerate(value):
                    yield f"{here}[{i}]", item
            elif key == "table":  # every cell, whichever form the table takes
                rows = value if isinstance(value, list) else [value.get("header", []), *value["rows"]]
                for r, row in enumerate(rows):
                    for c, cell in enumerate(row):
                        if cell:
                            yield f"{here}[{r}][{c}]", cell
            elif key == "quote" and isinstance(value, dict) and "text" in value:
                yield from texts(value, here)
            elif key in TEXT_KEYS and (not isinstance(value, dict) or set(value) & set(LANGS)):
                yield here, value
            else:
                yield from texts(value, here)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from texts(item, f"{path}[{i}]")


def zh_texts(deck: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for path, value in texts(deck):
        if isinstance(value, dict):
            yield path, value["zh"]


def en_texts(deck: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for path, value in texts(deck):
        if isinstance(value, dict):
            yield path, value["en"]


def cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# ---------------------------------------------------------------- faithful to the article


def test_deck_names_the_article(deck: dict[str, Any]) -> None:
    assert deck["source"]["file"] == "seeds/meta-ai.zh.txt"
    assert deck["source"]["publisher"]["zh"] == "数读社"
    assert deck["languages"] == ["zh", "en"]


def test_every_datum_has_a_source_quote(deck: dict[str, Any]) -> None:
    missing = [d["label"] for _, _, d in data(deck) if not d.get("source")]
    assert not missing


def test_source_quotes_are_in_the_article(deck: dict[str, Any], article: str) -> None:
    whole = squash(article)
    bad = [d["source"] for _, _, d in data(deck) if squash(d["source"]) not in whole]
    assert not bad


def test_source_quotes_are_verbatim_substrings_of_one_line(
    deck: dict[str, Any], article: str
) -> None:
    lines = article.splitlines()
    bad = [d["source"] for _, _, d in data(deck) if not any(d["source"] in ln for ln in lines)]
    assert not bad, "quotes must be copied exactly, with the article's half-width punctuation"


def test_source_quotes_are_short(deck: dict[str, Any]) -> None:
    long = [d["source"] for _, _, d in data(deck) if len(d["source"]) > 50]
    assert not long


def test_every_number_in_the_chinese_text_is_in_the_article(
    deck: dict[str, Any], article_numbers: set[str]
) -> None:
    stray = [
        (path, number)
        for path, text in zh_texts(deck)
        for number in NUMBER.findall(unicodedata.normalize("NFKC", text))
        if number not in article_numbers and number not in NUMBER_ALLOW
    ]
    assert not stray


def test_the_allow_list_is_still_needed(deck: dict[str, Any], article_numbers: set[str]) -> None:
    used = {n for _, t in zh_texts(deck) for n in NUMBER.findall(unicodedata.normalize("NFKC", t))}
    for number in NUMBER_ALLOW:
        assert number in used, f"{number} is allowed but unused: drop it from NUMBER_ALLOW"
        assert number not in article_numbers


def test_the_450b_correction_is_flagged(deck: dict[str, Any]) -> None:
    llama = next(s for s in deck["slides"] if s.get("id") == "llama")
    assert any("450B" in b["zh"] for b in llama["bullets"])  # the article's figure on the slide
    assert "405B" in llama["notes"]["zh"] and "405B" in llama["notes"]["en"]


def test_every_chart_value_is_an_article_number(
    deck: dict[str, Any], article_numbers: set[str]
) -> None:
    bad = [
        d["value"]
        for _, _, d in data(deck)
        if "value" in d and f"{abs(d['value']):g}" not in article_numbers
    ]
    assert not bad


def test_each_datum_value_is_in_its_quote(deck: dict[str, Any]) -> None:
    for _, _, d in data(deck):
        if "value" in d:
            assert f"{abs(d['value']):g}" in squash(d["source"]), d["source"]


def _expected_english(zh_display: str, value: float) -> str | None:
    v = abs(value)
    if "亿美元" in zh_display:
        return f"${v / 10:g}B"
    if "万台" in zh_display:
        return f"{v / 100:g} million" if v >= 100 else f"{int(v * 10_000):,}"
    if "亿" in zh_display:
        return f"{v / 10:g} billion"
    if "%" in zh_display or "人" in zh_display:
        return f"{v:g}"
    return None


def test_english_displays_convert_chinese_units_correctly(deck: dict[str, Any]) -> None:
    checked = 0
    for _, _, d in data(deck):
        display = d.get("display")
        if not display or "value" not in d:
            continue
        expected = _expected_english(display["zh"], d["value"])
        assert expected is not None, f"unknown unit in {display['zh']!r}"
        assert expected in display["en"], (display, expected)
        assert (d["value"] < 0) == ("-" in display["zh"]) == ("-" in display["en"])
        checked += 1
    assert checked >= 8


def test_article_typos_are_not_repeated_in_our_text(deck: dict[str, Any]) -> None:
    # Speaker notes quote the typos to flag them; everything the audience sees is clean.
    bad = [
        (p, t)
        for p, t in zh_texts(deck)
        if not p.endswith(".notes") and any(typo in t for typo in ARTICLE_TYPOS)
    ]
    assert not bad


def test_article_errors_are_flagged_in_notes(deck: dict[str, Any]) -> None:
    notes = " ".join(s["notes"]["zh"] for s in deck["slides"])
    # 450B vs 405B; "AR" for the headset market; typos 4各, 得住, 格计划; 12.52亿 without a
    # currency; "股价" for a market-value change; four reorganisations but three described.
    for flag in ("405B", "“AR", "4各", "得住", "格计划", "货币", "股价", "第四次"):
        assert flag in notes, flag


# ------------------------------------------------------------------------------ bilingual


def test_every_text_mapping_has_both_languages(deck: dict[str, Any]) -> None:
    def walk(node: Any, path: str) -> Iterator[str]:
        if isinstance(node, dict):
            if set(node) & set(LANGS):
                for lang in LANGS:
                    value = node.get(lang)
                    if not (isinstance(value, str) and value.strip()):
                        yield f"{path}.{lang}"
                if set(node) - set(LANGS):
                    yield f"{path}: unexpected keys {sorted(set(node) - set(LANGS))}"
            for key, value in node.items():
                if key != "scale":  # a chart's scale is numbers per language, not a text
                    yield from walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, item in enumerate(node):
                yield from walk(item, f"{path}[{i}]")

    assert not list(walk(deck, ""))


def test_every_text_is_bilingual(deck: dict[str, Any]) -> None:
    plain = [p for p, v in texts(deck) if not isinstance(v, dict)]
    assert not plain


def test_english_is_plain_ascii(deck: dict[str, Any]) -> None:
    # So that ASCII-only output (which uses the English text) stays pure 7-bit.
    bad = [(p, t) for p, t in en_texts(deck) if not t.isascii()]
    assert not bad


def test_chinese_uses_full_width_punctuation(deck: dict[str, Any]) -> None:
    bad = [(p, t) for p, t in zh_texts(deck) if HALF_WIDTH_PUNCT.search(t)]
    assert not bad


def test_chinese_text_is_chinese(deck: dict[str, Any]) -> None:
    def has_han(text: str) -> bool:
        return any("\u4e00" <= ch <= "\u9fff" for ch in text)

    # Names, dates and figures may legitimately have no Han character (Meta, TikTok, 71%).
    for path, text in zh_texts(deck):
        if path.endswith((".bullets", ".notes", ".text")) or ".bullets[" in path:
            assert has_han(text), path
    for slide in deck["slides"]:
        assert has_han(slide["title"]["zh"]) or slide.get("id") == "title", slide["title"]


# ---------------------------------------------------------------------------- structure


def test_slide_count(deck: dict[str, Any]) -> None:
    assert 20 <= len(deck["slides"]) <= 28


def test_first_slide_is_a_title_slide(deck: dict[str, Any]) -> None:
    first = deck["slides"][0]
    assert first["title"] == deck["title"]
    assert "chart" not in first and "bullets" not in first


def test_at_least_eight_charts_of_known_kinds(deck: dict[str, Any]) -> None:
    kinds = [c["kind"] for _, c in charts(deck)]
    assert len(kinds) >= 8
    assert set(kinds) <= KINDS
    assert set(kinds) == KINDS, "every chart kind is used at least once"


def test_chart_shapes(deck: dict[str, Any]) -> None:
    for _, chart in charts(deck):
        assert chart["data"]
        kind = chart["kind"]
        if kind == "stat":
            assert len(chart["data"]) == 1
        if kind in ("bar", "share", "stat"):
            assert all(isinstance(d["value"], int | float) for d in chart["data"])
        if kind == "share":
            assert sum(d["value"] for d in chart["data"]) <= chart.get("total", 100)
            assert all(d["value"] >= 0 for d in chart["data"])
        if kind == "timeline":
            assert all("date" in d for d in chart["data"])


def test_a_diverging_bar_chart(deck: dict[str, Any]) -> None:
    bars = [c for _, c in charts(deck) if c["kind"] == "bar"]
    assert any(
        any(d["value"] < 0 for d in c["data"]) and any(d["value"] > 0 for d in c["data"])
        for c in bars
    )


def test_bar_charts_use_one_unit(deck: dict[str, Any]) -> None:
    for _, chart in charts(deck):
        assert not any("unit" in d for d in chart["data"]), "one unit per chart"


def test_sections(deck: dict[str, Any]) -> None:
    ids = [s["id"] for s in deck["sections"]]
    assert len(ids) == len(set(ids))
    used = [s["section"] for s in deck["slides"]]
    assert set(used) <= set(ids)
    for section in ids:
        assert section in used, f"section {section} has no slide"
    # Sections appear in declaration order, each as one run of slides.
    runs = [sec for i, sec in enumerate(used) if i == 0 or used[i - 1] != sec]
    assert runs == ids
    for section in deck["sections"]:
        accent = section["accent"]
        assert re.fullmatch(r"#[0-9a-fA-F]{6}|[a-z_0-9]+", accent), accent


def test_section_accents_are_rich_colours(deck: dict[str, Any]) -> None:
    from rich.color import Color

    for section in deck["sections"]:
        Color.parse(section["accent"])


def test_slide_ids_are_unique(deck: dict[str, Any]) -> None:
    ids = [s["id"] for s in deck["slides"] if "id" in s]
    assert len(ids) == len(set(ids))


def test_every_slide_has_notes(deck: dict[str, Any]) -> None:
    for slide in deck["slides"]:
        notes = slide.get("notes")
        assert isinstance(notes, dict), slide["title"]
        assert notes["zh"].strip() and notes["en"].strip()


def test_reveal_is_used_sparingly(deck: dict[str, Any]) -> None:
    revealed = [s for s in deck["slides"] if s.get("reveal")]
    assert 1 <= len(revealed) <= 2
    assert all(len(s["bullets"]) >= 3 for s in revealed)


# ------------------------------------------------------------------------- presentable


def test_titles_are_short(deck: dict[str, Any]) -> None:
    for slide in deck["slides"]:
        assert cells(slide["title"]["zh"]) <= 26, slide["title"]
        assert len(slide["title"]["en"]) <= 44, slide["title"]


def test_bullet_counts(deck: dict[str, Any]) -> None:
    for slide in deck["slides"]:
        bullets = slide.get("bullets", [])
        assert len(bullets) <= 5, slide["title"]
        if "chart" in slide:
            assert len(bullets) <= 2, slide["title"]


def _rows(text: str, width: int) -> int:
    return max(1, -(-cells(text) // width))


def estimated_rows(slide: dict[str, Any], lang: str, width: int = 72) -> int:
    """A rough upper estimate of a slide body's height at 76 columns (bullet indent 4)."""
    rows = 2  # title and the gap under it
    if "subtitle" in slide:
        rows += _rows(slide["subtitle"][lang], width)
    if "text" in slide:
        rows += _rows(slide["text"][lang], width) + 1
    for item in slide.get("bullets", []):
        rows += _rows(item[lang], width)
    if "quote" in slide:
        rows += _rows(slide["quote"]["text"][lang], width - 4) + 2
    if "chart" in slide:
        chart = slide["chart"]
        rows += 2 if "title" in chart else 1
        per = {"bar": 1, "timeline": 1, "share": 3, "stat": 4}[chart["kind"]]
        rows += per * len(chart["data"])
    return rows


@pytest.mark.parametrize("lang", LANGS)
def test_slides_fit_an_80x24_terminal(deck: dict[str, Any], lang: str) -> None:
    for slide in deck["slides"]:
        assert estimated_rows(slide, lang) <= 16, (slide["title"][lang], estimated_rows(slide, lang))


# ---------------------------------------------------------------------------- the loader


def test_the_loader_accepts_the_deck(deck: dict[str, Any]) -> None:
    if not (ROOT / "deck" / "format" / "loader.py").exists():
        pytest.skip("deck/format/loader.py does not exist yet")
    from deck.format.loader import load_deck

    loaded = load_deck(str(DECK_PATH))
    assert len(loaded.slides) == len(deck["slides"])
    assert len(loaded.charts) == sum(1 for _ in charts(deck))
    assert loaded.languages == ("zh", "en")
    assert [s.id for s in loaded.sections] == [s["id"] for s in deck["sections"]]
    assert loaded.slides[0].title.get("en") == deck["title"]["en"]
    swing = next(s for s in loaded.slides if s.id == "swing")
    assert [d.value for d in swing.charts[0].data] == [5300, -6200]


def test_deck_check_fits_80x24() -> None:
    """`deck check --size 80x24` measures the real renderer: every slide fits, both languages."""
    if not (ROOT / "deck" / "cli.py").exists():
        pytest.skip("deck/cli.py does not exist yet")
    import io

    from deck.cli import main

    out, err = io.StringIO(), io.StringIO()
    status = main(["check", "--size", "80x24", str(DECK_PATH)], out, err)
    assert status == 0, err.getvalue()
    assert "ok" in out.getvalue()


# ------------------------------------------------- editorial principles (docs/editing.md)

# Claims the article hedges: a pattern that finds the claim in our Chinese text, and the hedge
# the article's own sentence uses. Our text that states the claim must keep a hedge in both
# languages (principle 1).
HEDGED_CLAIMS = {
    r"转向闭源|闭源转向": "报道显示",
    r"30%": "计划",
    r"TPU": "消息称",
    r"Slack": "据当时报道",
    r"明年.*AI|明年AI": "可能",
    r"胜算很低|博值率很低": "如今看来",
    r"辞去|辞掉": "可能",
}
HEDGE_ZH = re.compile(r"报道|消息称|计划|可能|密谈|如今看来|暗示|或超")
HEDGE_EN = re.compile(r"\b(reportedly|reports?|reported|plans?|planned|may|might|could|possibl[ey]|in talks|hint(?:ed)?|"
                      r"in hindsight)\b", re.IGNORECASE)
# Words that make a figure a bound (a ceiling or a floor), not a measured value.
BOUND_ZH = re.compile(r"从未超过|不超过|未超过|至多|最多|不到")
BOUND_EN = re.compile(r"\b(never above|never exceeded|at most|no more than|less than|under)\b", re.IGNORECASE)
# A period in a label: a year or range of years, a quarter, a month, a span of years.
PERIOD = re.compile(r"\d{4}(?:-\d{4})?年?|[一二三四]季度|Q[1-4]|\d{1,2}月|十年|\d+ years?|"
                    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")


def shown_units(slide: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    """What the audience sees, one unit at a time (a title, a bullet, a paragraph, one chart
    datum with its label and display), as bilingual mappings; notes are not shown."""
    for key in ("title", "subtitle", "text"):
        if isinstance(slide.get(key), dict):
            yield slide[key], key
    for i, item in enumerate(slide.get("bullets", [])):
        yield item, f"bullets[{i}]"
    for path, cell in texts({"table": slide["table"]}) if "table" in slide else ():
        if isinstance(cell, dict):
            yield cell, path.lstrip(".")
    chart = slide.get("chart")
    if chart:
        for i, datum in enumerate(chart["data"]):
            parts = [datum[k] for k in ("label", "display", "date") if isinstance(datum.get(k), dict)]
            yield {lang: " ".join(p[lang] for p in parts) for lang in LANGS}, f"chart.data[{i}]"


def test_hedged_claims_table_matches_the_article(article: str) -> None:
    # The table above is only honest if the article's sentence stating each claim has the hedge.
    sentences = re.split(r"[。!?\n]", article)
    for claim, hedge in HEDGED_CLAIMS.items():
        stating = [s for s in sentences if re.search(claim, s)]
        assert stating, claim
        assert any(hedge in s for s in stating), (claim, hedge)


def test_hedged_claims_keep_a_hedge_in_both_languages(deck: dict[str, Any]) -> None:
    checked = 0
    for slide in [*deck["slides"], deck]:
        for unit, where in shown_units(slide):
            if any(re.search(claim, unit["zh"]) for claim in HEDGED_CLAIMS):
                checked += 1
                assert HEDGE_ZH.search(unit["zh"]), (slide.get("id"), where, unit["zh"])
                assert HEDGE_EN.search(unit["en"]), (slide.get("id"), where, unit["en"])
    assert checked >= 8


def test_a_bar_chart_compares_like_with_like(deck: dict[str, Any]) -> None:
    # Principle 2: bars on one axis measure the same thing over the same period. Every label
    # names the same period, or none does and the chart's title names it for all.
    for slide, chart in charts(deck):
        if chart["kind"] != "bar":
            continue
        for lang in LANGS:
            periods = {tuple(PERIOD.findall(d["label"][lang])) for d in chart["data"]}
            assert len(periods) == 1, (slide["id"], lang, periods)
            if periods == {()}:
                assert PERIOD.search(chart.get("title", {}).get(lang, "")), (slide["id"], lang, "no period")


def test_a_bound_is_not_drawn_as_a_measured_value(deck: dict[str, Any]) -> None:
    # Principle 3: "never above 2%" is a ceiling; a bar or a share part would draw it as a value.
    for slide, chart in charts(deck):
        if chart["kind"] not in ("bar", "share"):
            continue
        for datum in chart["data"]:
            shown = datum.get("display") or datum["label"]
            assert not BOUND_ZH.search(shown["zh"]), (slide["id"], shown)
            assert not BOUND_EN.search(shown["en"]), (slide["id"], shown)


def test_a_figure_about_all_americans_is_not_about_young_users(deck: dict[str, Any]) -> None:
    # Principle 4, the finding on the TikTok slide: the article's 32% is of Americans' time.
    for slide in deck["slides"]:
        if "32%" in slide["title"]["zh"]:
            assert "年轻" not in slide["title"]["zh"] and "young" not in slide["title"]["en"].lower()


CALQUES = ("got up early", "side dish", "doubling down", "disruptor")


def test_no_calques_in_the_english(deck: dict[str, Any]) -> None:
    # Principle 5: the editor's list of calques, anywhere in the English (notes included).
    bad = [(p, t) for p, t in en_texts(deck) if any(c in t.lower() for c in CALQUES)]
    assert not bad


def test_outside_facts_are_marked_in_notes(deck: dict[str, Any]) -> None:
    # Principle 6: a caution about roles that may have changed is marked as outside the article.
    for slide_id in ("msl", "lecun", "poaching"):
        slide = next(s for s in deck["slides"] if s.get("id") == slide_id)
        assert "原文之外" in slide["notes"]["zh"], slide_id
        assert "not from the article" in slide["notes"]["en"], slide_id
