"""Pages for the `newsasia explain` tests: a hostile 24.kg-shaped page whose every part tries to
run or load something, and a page only the fallback reads.

The hostile page carries its payloads twice: as markup (a <script>, an <img onerror>, a
javascript: link, an <iframe>, a <style> loading a picture, an attribute that closes its quote)
and as text that reads like markup (`&lt;script&gt;…`), which the report shows and must escape.
Every payload that runs sets the document's title to PWNED, adds an element with the id
`pwned`, or requests `{beacon}/<which>` (the browser test serves that address and counts).
"""

from __future__ import annotations

from html import escape

HOSTILE_URL = "https://24.kg/vlast/999001_proverka_otchyota/"
PWNED = "PWNED"

_RUN = (
    f"document.title='{PWNED}';"
    "document.body.insertAdjacentHTML('beforeend','<div id=pwned></div>');"
    "fetch('{beacon}/{which}')"
)


def _script(beacon: str, which: str) -> str:
    return _RUN.replace("{beacon}", beacon).replace("{which}", which)


def hostile_payloads(beacon: str) -> dict[str, str]:
    """Each payload as markup, by name."""
    return {
        "script": f"<script>{_script(beacon, 'script')}</script>",
        "onerror": f'<img src="x" onerror="{_script(beacon, "onerror")}">',
        "javascript-link": f'<a href="javascript:{_script(beacon, "link")}">ссылка</a>',
        "iframe": (
            f'<iframe src="{beacon}/iframe" '
            f'srcdoc="<script>parent.{_script(beacon, "srcdoc")}</script>"></iframe>'
        ),
        "style": f"<style>body {{ background: url({beacon}/style) }}</style>",
        "picture": f'<img src="{beacon}/picture" alt="">',
        "svg": f'<svg onload="{_script(beacon, "svg")}"><circle r="1"></circle></svg>',
    }


def hostile_page(beacon: str) -> str:
    """A 24.kg article page (the yii2021 layout) whose title, text, caption, class names and
    furniture carry the payloads as markup and as text."""
    payloads = hostile_payloads(beacon)
    as_markup = "".join(payloads.values())
    as_text = escape(as_markup)  # reads like markup; is text
    quote_breaker = escape(f'"><script>{_script(beacon, "attribute")}</script>', quote=True)
    sentence = (
        "Жогорку Кенеш рассмотрел проект отчёта о бюджете, и депутаты задали правительству "
        "вопросы о расходах на дороги, школы и больницы в регионах республики."
    )
    return f"""<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8">
<title>Проверка отчёта {as_text}</title>
{payloads["script"]}{payloads["style"]}
<meta property="og:image" content="javascript:{_script(beacon, "og")}">
</head><body onload="{_script(beacon, "body")}">
<div class="container">
<div class="newsCat">Власть</div>
<div class="newsDate hidden-xs">10:14, 20 января 2021, Бишкек - 24.kg , Имя ФАМИЛИЯ</div>
<h1 class="newsTitle">Проверка отчёта {as_text}</h1>
<div class="cont" itemprop="articleBody">
<div class="poTeme"><div class="title">Читайте по теме</div>{payloads["javascript-link"]}</div>
<p class="{quote_breaker}">{sentence} {as_text}</p>
<p>{sentence} Вторая часть {payloads["onerror"]} {payloads["javascript-link"]} текста.</p>
<p><img src="https://24.kg/files/media/1.jpg" alt="Фото" onerror="{_script(beacon, "img2")}"></p>
<p><em>Подпись {as_text}</em></p>
<p>Фото {as_text}</p>
{payloads["iframe"]}{payloads["svg"]}
<p>{sentence} Третья часть: {as_text}</p>
</div>
<div class="lineNews">Материалы по теме {as_text} {payloads["javascript-link"]}</div>
{payloads["picture"]}
</div>
{payloads["script"]}
</body></html>
"""


FALLBACK_URL = "https://example.org/news/1"
FALLBACK_PARAGRAPHS = (
    "Мэрия Бишкека в субботу открыла новый парк в Октябрьском районе столицы. На площади "
    "в двенадцать гектаров высадили более трёх тысяч деревьев, проложили велосипедные дорожки "
    "и построили детские площадки, сообщила пресс-служба мэрии.",
    "По словам вице-мэра, в следующем году в городе появятся ещё два парка: работы начнутся "
    "весной, а деньги на них уже заложены в городской бюджет. Жители смогут предложить свои "
    "идеи на общественных слушаниях в районных администрациях.",
)
FALLBACK_TITLE = "Мэрия Бишкека открыла новый парк"


def fallback_page() -> str:
    """A page of a site no outlet covers: its title repeated over the text, a "read also"
    line and a photo credit between the paragraphs, a menu and a footer around them."""
    first, second = FALLBACK_PARAGRAPHS
    return f"""<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">
<title>{FALLBACK_TITLE}</title></head><body>
<nav><a href="/">Главная</a> <a href="/news">Новости</a></nav>
<article><h1>{FALLBACK_TITLE}</h1>
<p>{first}</p>
<p>Читайте также: <a href="/news/2">Мэрия объявила конкурс на лучший проект сквера</a></p>
<p>{second}</p>
<p>Фото: пресс-служба мэрии</p>
</article><footer>© 2025 Городские новости</footer></body></html>"""
