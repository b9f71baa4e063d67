import json
import subprocess
import sys

from newsasia_spider.runner.cli import main

PAGE = """<html lang="en"><head><title>Quiet news</title></head><body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav>
<article><h1>A quiet day in the valley</h1>
<p>The river rose a little overnight, farmers in the valley said on Monday, but no fields
were flooded and the roads stayed open for the whole of the day.</p>
<p>Officials said they would keep watching the water level through the week and would
publish a new bulletin every morning at eight o'clock.</p></article>
<footer>Copyright 2025</footer></body></html>"""


def test_extract_prints_article_json(tmp_path, capsys):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    assert main(["extract", str(page), "--url", "https://example.org/news/1"]) == 0
    article = json.loads(capsys.readouterr().out)
    assert article["outlet"] == "example.org"
    assert article["extractor"].startswith("trafilatura@")
    assert "The river rose a little overnight" in article["body"]
    assert "Copyright" not in article["body"]


def test_extract_reads_stdin():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsasia_spider.runner.cli",
            "extract",
            "-",
            "--url",
            "https://e.org/1",
        ],
        input=PAGE.encode(),
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["url"] == "https://e.org/1"


def test_missing_file_is_one_clear_line(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "nope.html"), "--url", "https://e.org/1"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot read" in err and "nope.html" in err


def test_binary_input_is_one_clear_line(tmp_path, capsys):
    page = tmp_path / "image.html"
    page.write_bytes(bytes(range(256)) * 40)
    assert main(["extract", str(page), "--url", "https://e.org/1"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("newsasia: no article")


def test_help_lists_commands():
    result = subprocess.run(
        [sys.executable, "-m", "newsasia_spider.runner.cli", "--help"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    assert "extract" in result.stdout


def test_extract_of_a_golden_page_prints_its_expected_article(capsys):
    from pathlib import Path

    pages = Path(__file__).resolve().parent.parent / "fixtures" / "pages" / "tass"
    golden = json.loads((pages / "002-putin-kirgiziya-nextjs.json").read_text(encoding="utf-8"))
    page = pages / "002-putin-kirgiziya-nextjs.html"
    assert main(["extract", str(page), "--url", golden["url"]]) == 0
    printed = json.loads(capsys.readouterr().out)
    printed.pop("fetched_at")
    assert printed == {k: v for k, v in golden["expected"].items() if k != "fetched_at"}
