"""Generate a large, valid, deterministic deck for the benchmarks.

    python bench/gen_deck.py 1000 /tmp/deck-1000.yaml --markdown /tmp/deck-1000.md

Writes:

* ``OUT.yaml``: a bilingual (zh, en) deck of N slides in sections of ten, Chinese text with
  English words and figures mixed in (as in ``slides.yaml``), bullets, paragraphs, quotes and
  speaker notes, and a chart on every third slide (bar, share, timeline and stat in turn);
* ``OUT.article.txt``: the "article" the deck condenses. The deck names it as its ``source:``,
  and every chart figure quotes one of its sentences verbatim, so ``deck check`` verifies each
  quote just as it does for the real deck;
* with ``--markdown OUT.md``, the same content (default language) as Markdown, for comparing
  with ``pandoc -t plain``: slides as ``##`` headings, bullets as lists, charts as pipe tables.

Same N and seed, same bytes. Slide k's title contains the marker ``P{k:05d}`` (e.g. ``P00007``)
so that a benchmark reading a terminal can tell when slide k is on screen.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

ACCENTS = ("red", "magenta", "#af87ff", "cyan", "green", "yellow", "dark_orange", "deep_sky_blue1",
           "gold1", "#ff5f87", "#87d7af", "blue")

SUBJECTS = ("Meta", "OpenAI", "DeepSeek", "Google", "Reality Labs", "Llama", "Gemini", "ChatGPT",
            "数读社", "扎克伯格", "研发团队", "广告业务", "开源社区", "投资者", "元宇宙部门", "超级智能实验室")
VERBS = ("宣布", "投入", "削减", "推出", "收购", "押注", "重组", "放弃", "追赶", "扩大", "调整", "发布")
OBJECTS = ("大模型", "开源路线", "闭源模型", "数据中心", "头显设备", "推荐算法", "人才团队", "算力预算",
           "广告系统", "智能眼镜", "研究实验室", "产品路线图", "训练集群", "用户增长")
ADVERBS = ("在过去四年里", "几个月之内", "出人意料地", "据内部人士透露", "与此同时", "从2021年起",
           "面对激烈竞争", "为了扭转局面", "按照财报口径", "在硅谷看来")
TAILS = ("，结果不及预期。", "，市场反应平淡。", "，这是十多年来的第一次。", "，引发了外界的广泛讨论。",
         "，但收入增长依然放缓。", "，而竞争对手已经领先一步。", "，投资者对此议论纷纷。", "。")
EN_WORDS = ("the company", "its rivals", "the lab", "investors", "the open-source camp", "the budget",
            "the headset", "the model", "the team", "users", "advertisers", "the board")
UNITS = (("亿美元", "$100M"), ("万台", "x10k units"), ("%", "%"), ("亿人", "x100M people"))
YEARS = tuple(range(2015, 2026))
# Charts add sentences to the article on the first 1,000 slides only, and quote those again after:
# every new quote is searched in the whole article, so quotes x article would pass the loader's
# scan budget (docs/security.md) in a 4,000-slide deck.
QUOTED_SLIDES = 1000


@dataclass
class Deck:
    """What is generated: the YAML lines, the article's sentences and the Markdown lines."""

    yaml: list[str] = field(default_factory=list)
    article: list[str] = field(default_factory=list)
    markdown: list[str] = field(default_factory=list)


def q(text: str) -> str:
    """`text` as a YAML scalar: a JSON string is a valid double-quoted YAML scalar."""
    return json.dumps(text, ensure_ascii=False)


def loc(zh: str, en: str) -> str:
    """A bilingual text as a YAML flow mapping."""
    return f"{{zh: {q(zh)}, en: {q(en)}}}"


def md(text: str) -> str:
    """Deck text as literal Markdown (the generator's texts only need these escaped)."""
    return "".join("\\" + ch if ch in "\\`*_[]<>|#" else ch for ch in text)


class Generator:
    """Deterministic text from a seeded random generator."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def pick(self, items: tuple[str, ...]) -> str:
        return self.random.choice(items)

    def zh_sentence(self) -> str:
        r = self.random
        year = r.choice(YEARS)
        return (f"{self.pick(ADVERBS)}，{self.pick(SUBJECTS)}{self.pick(VERBS)}了{self.pick(OBJECTS)}"
                f"（{year}年投入约{r.randint(2, 900)}亿美元）{self.pick(TAILS)}")

    def zh_bullet(self) -> str:
        r = self.random
        text = f"{self.pick(SUBJECTS)}{self.pick(VERBS)}{self.pick(OBJECTS)}"
        if r.random() < 0.5:
            text += f"，{self.pick(ADVERBS)}{self.pick(VERBS)}{self.pick(OBJECTS)}"
        if r.random() < 0.4:
            text += f"，{r.randint(2021, 2025)}年增长{r.randint(3, 95)}%"
        return text

    def en_sentence(self, words: int) -> str:
        r = self.random
        out = [r.choice(EN_WORDS) for _ in range(words)]
        return " ".join(out).capitalize() + "."

    def chart(self, number: int, kind: str, deck: Deck) -> list[str]:
        """A chart of `kind` whose every figure quotes a sentence of the article (added to it on the
        first `QUOTED_SLIDES` slides)."""
        r = self.random
        zh_unit, en_unit = UNITS[number % len(UNITS)]
        if kind == "share":
            zh_unit, en_unit = "%", "%"
        count = {"bar": r.randint(3, 6), "share": r.randint(2, 4), "timeline": r.randint(4, 7), "stat": 1}[kind]
        lines = ["    chart:", f"      kind: {kind}"]
        lines.append(f"      title: {loc(f'第{number}页的数字', f'The figures of slide {number}')}")
        if kind in ("bar", "stat"):
            lines.append(f"      unit: {loc(zh_unit, en_unit)}")
        lines.append("      data:")
        table = ["| 项目 | 数值 |", "|---|---:|"]
        left = 100
        for index in range(count):
            subject = self.pick(SUBJECTS)
            year = 2015 + (number + index) % 11
            if kind == "share":
                value = r.randint(1, max(1, left // (count - index + 1)))
                left -= value
            elif kind == "bar":
                value = r.randint(-300, 900) if index == count - 1 else r.randint(5, 900)
            else:
                value = r.randint(1, 5000)
            label = f"{subject}{self.pick(OBJECTS)}"
            sentence = f"第{number}页第{index + 1}项：{year}年，{label}的数字为{value}{zh_unit}"
            if number <= QUOTED_SLIDES:
                deck.article.append(sentence + "。")
            else:  # a sentence already quoted: the loader remembers it, no new search
                sentence = deck.article[(number + index) % len(deck.article)].rstrip("。")
            lines.append(f"        - label: {loc(label, f'Item {index + 1} ({subject})')}")
            if kind == "timeline":
                lines.append(f"          date: {loc(f'{year}年', str(year))}")
            else:
                lines.append(f"          value: {value}")
            lines.append(f"          source: {q(sentence)}")
            shown = f"{year}年" if kind == "timeline" else f"{value}{zh_unit}"
            table.append(f"| {md(label)} | {md(shown)} |")
        deck.markdown.extend(["", *table])
        return lines


def generate(slides: int, seed: int = 1, article_name: str = "article.txt") -> Deck:
    """The whole deck (YAML, article and Markdown) for `slides` slides."""
    gen = Generator(seed)
    r = gen.random
    deck = Deck()
    sections = max(1, (slides + 9) // 10)
    deck.yaml += [
        f"# Generated by bench/gen_deck.py {slides} (seed {seed}): a benchmark deck, not a talk.",
        f"title: {loc(f'生成的演示文稿（{slides}页）', f'A generated deck ({slides} slides)')}",
        f"subtitle: {loc('性能测试用', 'For the benchmarks')}",
        "languages: [zh, en]",
        "source:",
        f"  file: {q(article_name)}",
        f"  publisher: {loc('生成器', 'The generator')}",
        "sections:",
    ]
    for number in range(sections):
        name = loc(f"第{number + 1}部分：{gen.pick(OBJECTS)}", f"Part {number + 1}")
        deck.yaml.append(f"  - {{id: s{number + 1}, name: {name}, accent: {q(ACCENTS[number % len(ACCENTS)])}}}")
    deck.yaml.append("slides:")
    deck.markdown += [f"# 生成的演示文稿（{slides}页）", "", "*性能测试用*"]
    deck.article.append(f"生成的文章，供{slides}页的测试演示文稿引用。")
    kinds = ("bar", "share", "timeline", "stat")
    for index in range(slides):
        number = index + 1
        marker = f"P{number:05d}"
        title_zh = f"{marker} {gen.pick(SUBJECTS)}{gen.pick(VERBS)}{gen.pick(OBJECTS)}"
        title_en = f"{marker} {gen.en_sentence(3)[:-1]}"
        lines = [
            f"  - id: slide-{number}",
            f"    section: s{index // 10 + 1}",
            f"    title: {loc(title_zh, title_en)}",
        ]
        deck.markdown += ["", f"## {number}. {md(title_zh)}"]
        if index % 3 == 2:  # a chart on every third slide, a short bullet list above it
            zh = gen.zh_bullet()
            lines += ["    bullets:", f"      - {loc(zh, gen.en_sentence(4))}"]
            deck.markdown += ["", f"- {md(zh)}"]
            lines += gen.chart(number, kinds[(index // 3) % len(kinds)], deck)
        else:
            bullets = [(gen.zh_bullet(), gen.en_sentence(r.randint(3, 6))) for _ in range(r.randint(3, 5))]
            if index % 3 == 1:
                zh = gen.zh_sentence()
                lines.append(f"    text: {loc(zh, gen.en_sentence(8))}")
                deck.markdown += ["", md(zh)]
            lines.append("    bullets:")
            lines += [f"      - {loc(zh, en)}" for zh, en in bullets]
            deck.markdown += ["", *(f"- {md(zh)}" for zh, _ in bullets)]
            if index % 7 == 0:
                zh = gen.zh_sentence()
                by = loc("某分析师", "An analyst")
                lines.append(f"    quote: {{text: {loc(zh, gen.en_sentence(10))}, by: {by}}}")
                deck.markdown += ["", f"> {md(zh)}", ">", "> — 某分析师"]
        lines.append(f"    notes: {loc(gen.zh_sentence(), gen.en_sentence(8))}")
        deck.yaml += lines
    return deck


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("slides", type=int, help="number of slides (at least 1)")
    parser.add_argument("out", type=Path, help="the deck to write (OUT.yaml)")
    parser.add_argument("--markdown", type=Path, metavar="OUT.md", help="also write the content as Markdown")
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    if arguments.slides < 1:
        parser.error("at least one slide")
    out: Path = arguments.out
    article = out.with_suffix(".article.txt")
    deck = generate(arguments.slides, arguments.seed, article.name)
    out.write_text("\n".join(deck.yaml) + "\n", encoding="utf-8")
    article.write_text("\n".join(deck.article) + "\n", encoding="utf-8")
    if arguments.markdown is not None:
        arguments.markdown.write_text("\n".join(deck.markdown) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
