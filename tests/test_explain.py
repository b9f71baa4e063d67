"""`newsasia explain`: the explanation of a page (extractors.explain) and its HTML report.

What a block is was read by hand from the golden pages' source (the lines are quoted); the
Article in every report is compared with what `extract()` returns for the same page.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from extractors import NotAnArticle, extract
from extractors.explain import ExplainedBlock, Explanation, explain
from newsasia_spider.runner.cli import main
from newsasia_spider.runner.explain_report import CONTENT_SECURITY_POLICY, render
from newsasia_spider.storage import open_storage
from newsasia_spider.storage.base import PageRecord
from newsasia_spider.urls import url_key
from newsasia_spider.warc import Exchange, OutletWarcWriter
from tests.explain_pages import (
    FALLBACK_PARAGRAPHS,
    FALLBACK_TITLE,
    FALLBACK_URL,
    HOSTILE_URL,
    PWNED,
    fallback_page,
    hostile_page,
)
from tests.test_golden_pages import ARTICLES, PAGES, PAGES_DIR

FETCHED = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
# Elements through which a report could run or load something.
ACTIVE = "script, iframe, frame, object, embed, img, link, svg, form, base, a, audio, video"


def report_of(explanation: Explanation) -> LexborHTMLParser:
    return LexborHTMLParser(render(explanation))


def shown_article(report: str) -> dict:
    """The Article a report shows (its JSON)."""
    return json.loads(LexborHTMLParser(report).css_first("pre#article-json").text())


def block_of(explanation: Explanation, start: str) -> ExplainedBlock:
    found = [block for block in explanation.blocks if block.text.startswith(start)]
    assert len(found) == 1, (start, found)
    return found[0]


# The golden pages no site layout recognises: the chain gives them to the fallback.
FALLBACK_PAGES = [page for page in PAGES if page.refuses == "UnrecognisedLayout"]


@pytest.mark.parametrize(
    "page", ARTICLES + FALLBACK_PAGES, ids=[page.name for page in ARTICLES + FALLBACK_PAGES]
)
def test_every_golden_article_page_is_explained_and_its_report_holds_extracts_article(
    page,
) -> None:
    data = page.html_bytes()
    explanation = explain(data, page.url)
    article = extract(data, page.url)
    assert explanation.article == article
    assert explanation.by_site_extractor == (page in ARTICLES)
    # The body the report marks is the Article's body, block by block.
    body = [block.text for block in explanation.blocks if block.role == "body"]
    assert "\n\n".join(body) == article.body
    report = report_of(explanation)
    sections = report.css("section.block")
    assert len(sections) == len(explanation.blocks)
    assert len(report.css("section.block.kept")) == len(explanation.kept) > 0
    assert len(report.css("section.block.removed")) == len(explanation.removed)
    assert shown_article(render(explanation)) == article.to_dict()
    policy = report.css_first('meta[http-equiv="Content-Security-Policy"]')
    assert policy.attributes["content"] == CONTENT_SECURITY_POLICY
    assert report.css(ACTIVE) == []  # no external asset, nothing that runs
    assert len(report.css("style")) == 1


def test_a_24kg_page_blocks_by_hand() -> None:
    """fixtures/pages/24kg/219934-japarov-leave.html, lines 52-69:
    <div class="cont" itemprop="articleBody">
    <div class="poTeme"><div class="title">Читайте по теме</div>…
    <p>Садыр Жапаров взял краткосрочный отпуск. …</p> <p>Отмечается, …</p> <p>«Держит связь …</p>
    </div> … <div class="… newsLink">Ссылка: … просмотров: 1254</div> …
    <div class="lineTitle">Материалы по теме</div>"""
    data = (PAGES_DIR / "24kg" / "219934-japarov-leave.html").read_bytes()
    explanation = explain(data, "https://24.kg/vlast/219934_prezident_sadyir_japarov_vzyal/")
    texts = [block.text for block in explanation.blocks]

    title = block_of(explanation, "Президент Садыр Жапаров взял краткосрочный отпуск")
    assert (title.role, title.element) == ("title", "h1.newsTitle")
    read_also = block_of(explanation, "Читайте по теме")
    assert not read_also.kept
    assert (read_also.kind, read_also.source, read_also.element) == (
        "related",
        "selector",
        "div.poTeme",
    )
    assert "'.poTeme'" in read_also.reason
    assert "Давление на СМИ, хиджабы, жены олигархов" in read_also.text
    paragraphs = [
        block_of(explanation, "Садыр Жапаров взял краткосрочный отпуск."),
        block_of(explanation, "Отмечается, что он продолжает получать полную информацию"),
        block_of(explanation, "«Держит связь с руководством кабинета министров"),
    ]
    assert [(p.role, p.element, p.source) for p in paragraphs] == [("body", "p", "classifier")] * 3
    views = next(block for block in explanation.blocks if "просмотров: 1254" in block.text)
    assert (views.kept, views.kind, views.source) == (False, "outside", "page")
    related = next(block for block in explanation.blocks if "Материалы по теме" in block.text)
    assert not related.kept
    # Reading order: the title, the box at the text's top, the three paragraphs, the links.
    order = [texts.index(block.text) for block in [title, read_also, *paragraphs, related]]
    assert order == sorted(order)
    author = block_of(explanation, "Жазгуль МАСАЛИЕВА")
    assert author.role == "author"
    # In the report, runs of three or more blocks of the page's chrome are folded.
    report = report_of(explanation)
    folded = report.css("details.folded")
    assert folded
    for run in folded:
        inside = run.css("section.block")
        assert len(inside) == int(run.attributes["data-blocks"]) >= 3
        assert {section.attributes["data-kind"] for section in inside} == {"outside"}
    kept_in_folds = [s for run in folded for s in run.css("section.block.kept")]
    assert kept_in_folds == []


def test_furniture_the_classifier_labels_is_removed_with_its_label() -> None:
    """fixtures/pages/realist/heavy-yoast-wp-caption-embeds.html, lines 50-51:
    <p style="text-align: center;"><strong>Подписывайтесь на ИА «Реалист» в <a …>Telegram</a> …
    <p><em>При полном или частичном использовании материалов ссылка на ИА «Реалист» обязательна."""
    page = PAGES_DIR / "realist" / "heavy-yoast-wp-caption-embeds.html"
    url = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))["url"]
    explanation = explain(page.read_bytes(), url)
    promo = block_of(explanation, "Подписывайтесь на ИА «Реалист» в Telegram и Дзен")
    assert (promo.kept, promo.kind, promo.source) == (False, "promo", "classifier")
    assert "подписывайтесь" in promo.reason
    chrome = block_of(explanation, "При полном или частичном использовании материалов")
    assert (chrome.kept, chrome.kind, chrome.source) == (False, "chrome", "classifier")
    title = block_of(explanation, "Товарооборот, безопасность, образование: Москва и Бишкек")
    assert (title.role, title.element) == ("title", "h1.entry-title")
    report = report_of(explanation)
    shown = [
        node
        for node in report.css('section.block.removed[data-kind="promo"]')
        if "Подписывайтесь" in node.text()
    ]
    assert len(shown) == 1
    assert shown[0].attributes["data-reason"] == promo.reason
    assert promo.reason in shown[0].css_first(".reason").text()


def test_the_fallbacks_pruning_is_explained_with_its_reasons() -> None:
    explanation = explain(fallback_page().encode(), FALLBACK_URL)
    assert explanation.article == extract(fallback_page().encode(), FALLBACK_URL)
    assert not explanation.by_site_extractor
    summary = [(block.text, block.role, block.kind, block.source) for block in explanation.blocks]
    read_also = "Читайте также: Мэрия объявила конкурс на лучший проект сквера"
    assert summary == [
        ("Главная Новости", None, "unread", "fallback"),
        (FALLBACK_TITLE, "title", "chrome", "fallback"),
        (FALLBACK_PARAGRAPHS[0], "body", "text", "fallback"),
        (read_also, None, "related", "fallback"),
        (FALLBACK_PARAGRAPHS[1], "body", "text", "fallback"),
        ("Фото: пресс-служба мэрии", None, "credit", "fallback"),
        ("© 2025 Городские новости", None, "unread", "fallback"),
    ]
    assert "читайте также" in block_of(explanation, "Читайте также").reason
    assert block_of(explanation, FALLBACK_TITLE).reason.startswith("the page's title repeated")


def test_nothing_from_a_hostile_page_becomes_markup_in_the_report() -> None:
    beacon = "http://127.0.0.1:9"
    explanation = explain(hostile_page(beacon).encode(), HOSTILE_URL)
    assert explanation.by_site_extractor
    html = render(explanation)
    report = LexborHTMLParser(html)
    assert report.css(ACTIVE) == []
    assert len(report.css("style")) == 1
    assert report.css("#pwned") == []
    assert report.css_first("title").text().startswith("newsasia explain: Проверка отчёта <script>")
    # Attributes come only from the report: none is an event handler or an address.
    for node in report.root.traverse():
        for name, value in node.attributes.items():
            assert not name.startswith("on"), (node.tag, name)
            assert name not in ("src", "href", "srcdoc", "action", "style"), (node.tag, name)
            assert "javascript:" not in (value or "") or name.startswith("data-"), (name, value)
    # The payloads written as text are shown as text.
    text = report.body.text()
    assert f"document.title='{PWNED}'" in text
    assert "<script>" in text and "<img src=" in text and "<iframe src=" in text
    assert beacon not in "".join(
        value or "" for node in report.root.traverse() for value in node.attributes.values()
    )


def test_cli_writes_the_report_by_the_exports_rules(tmp_path: Path, capsys) -> None:
    page = tmp_path / "page.html"
    page.write_text(fallback_page(), encoding="utf-8")
    report = tmp_path / "report.html"
    report.write_text("old")
    os.chmod(report, 0o640)
    link = tmp_path / "latest.html"
    link.symlink_to(report)
    assert main(["explain", str(page), "--url", FALLBACK_URL, "-o", str(link)]) == 0
    assert link.is_symlink()  # the file it names was replaced, the link kept
    assert stat.S_IMODE(report.stat().st_mode) == 0o640
    assert shown_article(report.read_text(encoding="utf-8"))["title"] == FALLBACK_TITLE
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".export-")] == []
    capsys.readouterr()
    assert main(["explain", str(page), "--url", FALLBACK_URL, "-o", "-"]) == 0
    assert "<!DOCTYPE html>" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["explain"], 2, "give a saved page (FILE --url URL) or --stored URL"),
        (["explain", "page.html"], 2, "--url is required with FILE"),
        (["explain", "page.html", "--stored", FALLBACK_URL], 2, "not both"),
        (["explain", "missing.html", "--url", FALLBACK_URL], 1, "cannot read missing.html"),
    ],
)
def test_cli_usage_errors_are_one_line(argv, status, message, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.html").write_text(fallback_page(), encoding="utf-8")
    assert main(argv) == status
    error = capsys.readouterr().err
    assert message in error
    assert error.count("\n") == 1


def test_cli_a_page_with_no_article_fails_without_a_report(tmp_path: Path, capsys) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><body><p>Нет текста.</p></body></html>", encoding="utf-8")
    report = tmp_path / "report.html"
    assert main(["explain", str(page), "--url", FALLBACK_URL, "-o", str(report)]) == 1
    assert not report.exists()
    error = capsys.readouterr().err
    assert f"no article in {page}" in error
    with pytest.raises(NotAnArticle):
        extract(page.read_bytes(), FALLBACK_URL)


def keep_page(tmp_path: Path, url: str, body: bytes, content_type: str) -> tuple[str, str]:
    """An archive (SQLite) and a WARC folder holding one kept page, as a crawl keeps it."""
    warc_dir, db = tmp_path / "warc", str(tmp_path / "archive.sqlite")
    writer = OutletWarcWriter(warc_dir, "news-asia", max_size=10_000_000)
    written = writer.write(
        Exchange(
            url=url,
            method="GET",
            request_headers=[("User-Agent", "newsasia/0.1")],
            status=200,
            response_headers=[("Content-Type", content_type)],
            body=body,
            fetched_at=FETCHED,
        )
    )
    writer.close()
    storage = open_storage(db)
    try:
        storage.record_page(
            PageRecord(
                outlet="news-asia",
                url=url,
                page_key=url_key(url, "news-asia"),
                canonical_url=url,
                record_type=written.record_type,
                record_id=written.record_id,
                payload_digest=written.payload_digest,
                status=200,
                warc_file=written.location.file,
                warc_offset=written.location.offset,
                warc_length=written.location.length,
                fetched_at=written.fetched_at,
            )
        )
        storage.commit()
    finally:
        storage.close()
    return db, str(warc_dir)


def test_cli_explains_a_kept_page_as_the_crawl_extracted_it(tmp_path: Path, capsys) -> None:
    """A news-asia page in windows-1251, its charset named only by the Content-Type header
    the WARC record keeps."""
    page = PAGES_DIR / "news-asia" / "004-bishkek-astana-talks.html"
    url = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))["url"]
    content_type = "text/html; charset=windows-1251"
    db, warc_dir = keep_page(tmp_path, url, page.read_bytes(), content_type)
    report = tmp_path / "report.html"
    argv = ["explain", "--stored", url, "--db", db, "--warc-dir", warc_dir, "-o", str(report)]
    assert main(argv) == 0
    shown = shown_article(report.read_text(encoding="utf-8"))
    expected = extract(page.read_bytes(), url, encoding="windows-1251", fetched_at=FETCHED)
    assert shown == expected.to_dict()
    assert shown["fetched_at"] == "2026-03-01T12:30:00+00:00"

    missing = "https://www.news-asia.ru/view/0"
    argv = ["explain", "--stored", missing, "--db", db, "--warc-dir", warc_dir]
    assert main(argv) == 1
    assert capsys.readouterr().err == f"newsasia: no kept page of {missing}\n"
    # The archive's row stays, its WARC file is gone: said in one line, the report kept.
    warc_file = next(Path(warc_dir).rglob("*.warc.gz"))
    warc_file.unlink()
    argv = ["explain", "--stored", url, "--db", db, "--warc-dir", warc_dir, "-o", str(report)]
    assert main(argv) == 1
    error = capsys.readouterr().err
    assert error.startswith("newsasia: ") and error.count("\n") == 1
    assert warc_file.name in error
    assert shown_article(report.read_text(encoding="utf-8")) == shown


def test_a_form_in_the_text_shows_as_removed_and_scripts_not_at_all() -> None:
    sentence = (
        "Жогорку Кенеш рассмотрел проект отчёта о бюджете, и депутаты задали правительству "
        "вопросы о расходах на дороги и школы."
    )
    page = f"""<html><body><h1 class="newsTitle">Депутаты обсудили бюджет</h1>
    <div class="cont" itemprop="articleBody"><p>{sentence}</p>
    <form class="vote"><label>Ваш голос </label><button>Голосовать</button></form>
    <script>var shown = false;</script><p>Второй абзац. {sentence}</p></div></body></html>"""
    explanation = explain(page.encode(), "https://24.kg/vlast/1_byudzhet/")
    summary = [(block.text, block.role, block.kind, block.source) for block in explanation.blocks]
    assert summary == [
        ("Депутаты обсудили бюджет", "title", "title", "layout"),
        (sentence, "body", "text", "classifier"),
        ("Ваш голос Голосовать", None, "poll", "selector"),
        (f"Второй абзац. {sentence}", "body", "text", "classifier"),
    ]
    assert block_of(explanation, "Ваш голос").reason.startswith("a <form>:")


def test_cli_force_fallback_explains_what_the_fallback_keeps_of_a_site_page(
    tmp_path: Path,
) -> None:
    page = PAGES_DIR / "24kg" / "219934-japarov-leave.html"
    url = "https://24.kg/vlast/219934_prezident_sadyir_japarov_vzyal/"
    report = tmp_path / "report.html"
    argv = ["explain", str(page), "--url", url, "--force", "fallback", "-o", str(report)]
    assert main(argv) == 0
    shown = shown_article(report.read_text(encoding="utf-8"))
    forced = extract(page.read_bytes(), url, force="fallback")
    assert shown == forced.to_dict()
    assert shown["extractor"].startswith("trafilatura@")
    assert shown["fallback_reason"] == "forced fallback"
    sources = {
        node.attributes["data-source"]
        for node in LexborHTMLParser(report.read_text(encoding="utf-8")).css("section.block")
    }
    assert sources == {"fallback"}


def test_a_page_of_a_host_no_site_extractor_knows_says_so_in_the_summary() -> None:
    # The Article's fallback_reason is empty here (no site extractor was skipped), yet the
    # reader of the report must learn why the fallback read the page, as for the other reasons.
    page = PAGES_DIR / "24kg" / "219934-japarov-leave.html"
    report = report_of(explain(page.read_bytes(), "https://example.com/news/1"))
    assert report.css_first("p.fallback-reason").text() == (
        "The site extractor was skipped: no site extractor for example.com"
    )


def test_long_removed_blocks_are_cut_at_600_characters_and_runs_of_3_unread_blocks_fold() -> None:
    # docs/explain.md: "A removed block over 600 characters ... is cut there, saying how much
    # more it held; three or more blocks in a row that no step read ... fold into one line".
    page = PAGES_DIR / "24kg" / "219934-japarov-leave.html"
    real = explain(page.read_bytes(), "https://24.kg/vlast/219934/")

    def outside(text: str) -> ExplainedBlock:
        return ExplainedBlock(
            text, None, "outside", "outside the text element div.cont", "page", ""
        )

    body = ExplainedBlock(
        "Б" * 700, "body", "text", "read as the article's text", "classifier", "p"
    )
    blocks = [outside("a" * 600), outside("b" * 601), body, outside("c"), outside("d"), body]
    report = report_of(Explanation(real.url, real.article, blocks))
    texts = [node.text() for node in report.css("section.block p.text")]
    assert texts == ["a" * 600, "b" * 600 + "… (1 more character)", "Б" * 700, "c", "d", "Б" * 700]
    assert report.css("details.folded") == []  # two in a row stay open

    three = [outside("a"), outside("b"), outside("c"), body]
    report = report_of(Explanation(real.url, real.article, three))
    (folded,) = report.css("details.folded")
    assert folded.attributes["data-blocks"] == "3"
    assert (
        folded.css_first("summary")
        .text()
        .startswith("3 blocks removed: outside the text element div.cont")
    )


def test_a_removed_blocks_label_and_the_counts_are_words_not_internal_kinds() -> None:
    # A journalist reads "REMOVED · OUTSIDE THE ARTICLE", not the code "outside"; scripts keep
    # the code in data-kind.
    page = PAGES_DIR / "24kg" / "219934-japarov-leave.html"
    explanation = explain(page.read_bytes(), "https://24.kg/vlast/219934/")
    report = report_of(explanation)
    header = report.css_first('section.block.removed[data-kind="outside"]')
    assert header.css_first(".what").text() == "removed · outside the article header"
    assert "removed (outside the article " in report.css_first("p.counts").text()
    fallback = report_of(explain(page.read_bytes(), "https://example.com/news/1"))
    unread = fallback.css_first('section.block.removed[data-kind="unread"]')
    assert unread.css_first(".what").text().startswith("removed · not read ")


def test_a_field_no_kept_block_shows_says_where_it_came_from() -> None:
    # The fallback's Article has the author and date, but the byline block shows as not read:
    # without a word the reader sees a contradiction.
    page = PAGES_DIR / "24kg" / "219934-japarov-leave.html"
    note = "from the page's markup (meta tags, JSON-LD, microdata), no block kept as it"
    fallback = report_of(explain(page.read_bytes(), "https://example.com/news/1"))
    noted = {
        term.text()
        for term in fallback.css("#article dt")
        if (found := term.next.css_first(".from-markup")) is not None and found.text() == note
    }
    assert noted == {"Published", "Authors"}
    site = report_of(explain(page.read_bytes(), "https://24.kg/vlast/219934/"))
    assert site.css(".from-markup") == []  # title, date, author and section have their blocks


def test_cli_stored_takes_a_web_address_as_url_does(tmp_path, monkeypatch, capsys) -> None:
    # Checked before any archive is opened: "no archive at …" would send the user astray.
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        main(["explain", "--stored", "ftp://x/y"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.endswith(
        "argument --stored: not a web address: 'ftp://x/y'"
        " (give the page's http:// or https:// address)\n"
    )
