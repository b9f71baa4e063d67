"""The furniture classifier: kinds of furniture by phrase and by structure, and prose left alone."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from extractors.furniture import (
    KINDS,
    FoldedBlock,
    FurnitureClassifier,
    Patterns,
    Shape,
    TextIndex,
    _fold,
    _length_limit,
    _Pattern,
    default_classifier,
    node_shape,
)

CLASSIFIER = default_classifier()


@pytest.mark.parametrize(
    ("block", "kind"),
    [
        # credits, with and without a colon, in Russian, Kyrgyz and English
        ("Фото: пресс-служба Президента КР", "credit"),
        ("Фото пресс-службы МВД", "credit"),
        ("Фото пресс-служба МИД КР", "credit"),
        ("Фото — Kabar", "credit"),
        ("© Александр Казаков/ ТАСС", "credit"),
        ("Сүрөт: пресс-кызмат", "credit"),
        ("Photo: Reuters", "credit"),
        ("Источник фото: соцсети", "credit"),
        # the source or attribution line
        ("Источник: Kabar", "source"),
        ("Булак: Kabar", "source"),
        # promos: subscribe, messengers, Дзен, apps
        ("Подписывайтесь на наш канал в Telegram", "promo"),
        ("Подписывайтесь на наш Telegram-канал", "promo"),
        ("Читайте нас в Дзен", "promo"),
        ("Самые важные новости — в нашем WhatsApp-канале", "promo"),
        ("Больше новостей в нашем Telegram-канале @news24kg", "promo"),
        ("Telegram каналыбызга жазылыңыз", "promo"),
        ("Subscribe to our newsletter", "promo"),
        # related / read also, in any wording
        ("Читайте также: Жапаров и Токаев обсудили водные ресурсы", "related"),
        ("Читайте по теме", "related"),
        ("Смотрите также", "related"),
        ("Материалы по теме", "related"),
        ("Ошондой эле окуңуз: Жапаров", "related"),
        ("Read also: The 15 weirdest galaxies", "related"),
        # counters, polls, share bars, tags, comments, ads, the site's own lines
        ("просмотров: 410", "counter"),
        ("1 234 просмотра", "counter"),
        ("Комментарии [0]", "counter"),
        ("Всего голосов: 7786", "poll"),
        ("Поделиться", "share"),
        ("ВКонтакте Facebook Twitter Telegram WhatsApp", "share"),
        ("Теги: выборы, Бишкек", "tags"),
        ("Оставить комментарий", "comments"),
        ("На правах рекламы", "ad"),
        ("Версия для печати", "chrome"),
        ("© 2025 News-Asia. Все права защищены", "chrome"),
        ("Ссылка: https://24.kg/vlast/352364/", "chrome"),
        ("11 часов ago", "chrome"),
    ],
)
def test_furniture_by_phrase(block: str, kind: str) -> None:
    label = CLASSIFIER.label(block)
    assert label.kind == kind, label
    assert label.reason  # the explain report shows why


@pytest.mark.parametrize(
    "block",
    [
        "Источник в правительстве сообщил, что решение примут в понедельник.",
        "В Telegram-канале министерства сообщили, что сроки подачи документов продлены до 1 июля.",
        "Фотографии с места событий опубликовало МЧС республики.",
        "Ранее сообщалось, что суд отложил заседание до 12 декабря.",
        "Ранее Байсалов заявлял, что отношения между странами являются стратегическими.",
        "По данным Нацстаткома, инфляция в Кыргызстане за год составила 6,5 процента.",
        "Подробнее об этом рассказал министр энергетики Таалайбек Ибраев.",
        "Реклама алкоголя в Кыргызстане запрещена с 2019 года, напомнил депутат.",
        "Подписка на услуги мобильной связи подорожала на 10 процентов.",
        "Читатели издания задали министру несколько вопросов о ценах на топливо.",
        "Поддержите законопроект, призвал депутатов министр.",
        "Видео распространилось в соцсетях.",
        # Subheadings with a colon: a pointer to more of the site is a call or names more.
        "Больше денег: как изменятся пенсии в 2027 году",
        "Ещё одна проблема: нехватка учителей",
        "Читать Коран: как мечети учат детей",
        "Смотреть в будущее: что обещает новый бюджет",
        # A network named in a sentence about its readers, not the outlet's call.
        "Users who follow the minister on Twitter saw the post within minutes.",
        "Millions follow him on Instagram, where he posts daily.",
        "Фото" + " очень длинная подпись" * 10 + ".",
    ],
)
def test_article_sentences_are_text(block: str) -> None:
    assert CLASSIFIER.label(block).is_text, CLASSIFIER.label(block)


def test_source_phrases_without_a_colon_count_only_where_the_text_closes() -> None:
    line = "По материалам РИА Новости"
    assert CLASSIFIER.label(line).is_text
    assert CLASSIFIER.label(line, Shape(closing=True)).kind == "source"


def test_a_pointer_to_another_story_is_related_only_when_it_is_a_link() -> None:
    line = "Подробнее о визите - в материале ТАСС"
    assert CLASSIFIER.label(line).is_text
    assert CLASSIFIER.label(line, Shape(has_link=True, link_share=0.3)).kind == "related"


@pytest.mark.parametrize(
    ("shape", "kind", "reason"),
    [
        (Shape(beside_picture=True), "caption", "beside a picture"),
        (Shape(after_picture=True, emphasised=True), "caption", "italic line under a picture"),
        (Shape(in_figure=True), "caption", "inside a figure"),
        (Shape(tag="ul", link_share=0.9, has_link=True), "related", "list of links"),
        (Shape(link_share=1.0, has_link=True), "related", "one link"),
        (Shape(classes="newsShare social-links"), "share", "'share'"),
        (Shape(classes="ExternalBlock_box__aB1cD"), "related", "'externalblock'"),
    ],
)
def test_furniture_by_structure(shape: Shape, kind: str, reason: str) -> None:
    label = CLASSIFIER.label("Президент на встрече с министрами", shape)
    assert label.kind == kind
    assert reason in label.reason


def test_a_credit_under_a_picture_stays_a_credit() -> None:
    label = CLASSIFIER.label("Фото: Kabar", Shape(after_picture=True, emphasised=True))
    assert label.kind == "credit"


def test_prose_after_a_picture_is_text() -> None:
    assert CLASSIFIER.label("Президент прибыл в Москву.", Shape(after_picture=True)).is_text
    long_italic = "Президент прибыл в Москву с официальным визитом. " * 6
    assert CLASSIFIER.label(long_italic, Shape(after_picture=True, emphasised=True)).is_text


@pytest.mark.parametrize(
    "sentence",
    [
        "首相は東京で記者会見を開いた。",  # Japanese: ends with 。
        "الرئيس وصل إلى موسكو هل يعود غدا؟",  # Arabic question mark
        "प्रधानमंत्री आज दिल्ली पहुंचे।",  # Devanagari danda
    ],
)
def test_a_sentence_of_any_script_after_a_picture_is_text(sentence: str) -> None:
    """Sentence ends are the same list everywhere (furniture.FULL_STOPS): a short sentence in
    another script under a picture is the story's, not its caption."""
    assert CLASSIFIER.label(sentence, Shape(after_picture=True)).is_text


def test_class_words_are_whole_words() -> None:
    for names in ("shareholders-report", "adaptive-text", "Paragraph_paragraph__6Z9If"):
        assert CLASSIFIER.label("Текст", Shape(classes=names)).is_text, names


def test_node_shape_reads_links_figures_and_pictures() -> None:
    tree = LexborHTMLParser(
        "<div id=t><p><a href=/x>Жапаров и Токаев обсудили водные ресурсы</a></p>"
        "<figure><img src=a.jpg><figcaption>Встреча в Бишкеке</figcaption></figure>"
        "<p><img src=b.jpg> Президент на встрече</p>"
        "<p>Обычный абзац текста статьи, где есть <a href=/y>ссылка</a> на документ.</p></div>"
    )
    text_element = tree.css_first("#t")
    one_link, caption, beside, prose = (
        tree.css_first("p"),
        tree.css_first("figcaption"),
        tree.css("p")[1],
        tree.css("p")[2],
    )
    assert CLASSIFIER.label_node(one_link, one_link.text(), within=text_element).kind == "related"
    assert CLASSIFIER.label_node(caption, caption.text(), within=text_element).kind == "caption"
    beside_text = beside.text().strip()
    assert CLASSIFIER.label_node(beside, beside_text, within=text_element).kind == "caption"
    assert CLASSIFIER.label_node(prose, prose.text(), within=text_element).is_text


def test_text_index_finds_each_blocks_links_and_pictures_once() -> None:
    tree = LexborHTMLParser(
        "<div id=t><p id=a><a href=/x>Одна</a> и <a href=/y>две</a> ссылки</p>"
        "<div id=w><p id=b><span><img src=b.jpg></span><img src=c.jpg> Подпись</p></div>"
        "<p id=c><video src=v.mp4></video> Видео</p><p id=d>Абзац <a>без адреса</a></p></div>"
    )
    index = TextIndex(tree.css_first("#t"))
    by_id = {node.attributes["id"]: node for node in tree.css("[id]")}
    assert [link.attributes["href"] for link in index.links(by_id["a"])] == ["/x", "/y"]
    assert index.links(by_id["d"]) == []
    assert index.first_picture(by_id["b"]).attributes["src"] == "b.jpg"
    assert index.first_picture(by_id["w"]).attributes["src"] == "b.jpg"
    assert index.first_picture(by_id["c"]) is None  # a video is no picture with an address
    assert [index.holds_picture(by_id[name]) for name in "abcd"] == [False, True, True, False]
    # The shape read through the index is the shape read block by block.
    for name in "abcdw":
        node = by_id[name]
        text = node.text().strip()
        assert node_shape(node, text, by_id["t"], index=index) == node_shape(node, text, by_id["t"])


def test_an_outlet_adds_phrases_as_data() -> None:
    outlet = FurnitureClassifier({"poll": {"line": ["Наш опрос дня"]}})
    assert outlet.label("Наш опрос дня").kind == "poll"
    assert CLASSIFIER.label("Наш опрос дня").is_text
    with pytest.raises(ValueError, match="unknown furniture kinds"):
        FurnitureClassifier({"weather": {"line": ["Погода"]}})


def test_every_kind_of_the_phrase_file_is_known() -> None:
    assert {rules.kind for rules in CLASSIFIER.rules} <= set(KINDS)


@pytest.mark.parametrize(
    ("heading", "opens"),
    [
        ("Материалы по теме", True),
        ("Популярные новости", True),
        ("More from Business", True),
        ("Экономическое сотрудничество: курс на рост", False),
        ("Популярные новости этой недели обсудили эксперты.", False),
    ],
)
def test_headings_that_open_a_list_of_other_stories(heading: str, opens: bool) -> None:
    assert CLASSIFIER.opens_list(heading) is opens


@pytest.mark.parametrize(
    ("block", "kind"),
    [
        # an agency's credit with no label: a name, a slash, the agency
        ("Сергей Бобылев/ ТАСС", "credit"),
        ("пресс-служба Кремля/ ТАСС", "credit"),
        # the outlet's news on a network, and its own account, in any wording
        ("Новости 24.kg в WhatsApp", "promo"),
        ("Все главные новости Кыргызстана — в Telegram-канале 24.kg", "promo"),
        ("Кабарлар Telegram'да", "promo"),
        ("Жаңалықтарды Telegram-нан оқыңыз", "promo"),
        ("Мы во ВКонтакте", "promo"),
        # a share bar with its label
        ("Поделиться в Telegram WhatsApp ВКонтакте", "share"),
        # "по теме" pointers in more wordings
        ("Еще по теме: Жапаров провел встречу с Токаевым", "related"),
        ("Ранее по теме: Жапаров провел встречу с Токаевым", "related"),
        # where each one stands in the picture, as a caption's label
        ("Справа налево: Жээнбек Кулубаев и Сергей Лавров", "caption"),
        ("Второй слева — министр энергетики Таалайбек Ибраев", "caption"),
        ("From left: Sadyr Japarov, Vladimir Putin", "caption"),
        # the makers of a graphic or a video, two agencies around a slash
        ("Оператор-постановщик: Улан Асанов", "credit"),
        ("Видеомонтаж: Улан Асанов", "credit"),
        ("EPA/ТАСС", "credit"),
        # what the text was written from, where it first appeared, a press office alone
        ("При подготовке использованы материалы AFP", "source"),
        ("Оригинал публикации на английском: The Diplomat", "source"),
        ("Пресс-центр ГУВД Бишкека", "source"),
        # a call to support the outlet or to write to it
        ("Поддержите «Реалист» — оформите донат", "promo"),
        ("Есть видео с места ДТП? Присылайте нам в WhatsApp", "promo"),
    ],
)
def test_furniture_by_shape_of_the_line(block: str, kind: str) -> None:
    assert CLASSIFIER.label(block).kind == kind, CLASSIFIER.label(block)


def test_a_call_inside_a_sentence_counts_only_when_the_outlet_speaks() -> None:
    reporting = "Жители столицы могут подписаться на Telegram-бот мэрии, чтобы узнавать новости."
    assert CLASSIFIER.label(reporting).is_text
    ours = "Подробности о визите — в нашем Telegram-канале, где мы публикуем главные новости."
    assert CLASSIFIER.label(ours).kind == "promo"
    english = "Get the day's top headlines every morning by subscribing to our newsletter."
    assert CLASSIFIER.label(english).kind == "promo"


@pytest.mark.parametrize(
    "block",
    [
        "«Все решения штаба мы сразу публикуем в нашем Telegram-канале», — сказал министр.",
        "Об этом сообщается в Telegram-канале пресс-службы президента.",
        "Новости о переговорах публикуются в Telegram-канале МИД.",
        "Курс доллара/сом",
        # a call to help someone else, a press office that says something
        "Помогите пострадавшим: пожертвования принимают в мэрии",
        "Поддержите наших спортсменов на чемпионате мира!",
        "Пресс-центр ГУВД Бишкека опроверг эту информацию.",
    ],
)
def test_reporting_about_networks_and_slashes_is_text(block: str) -> None:
    assert CLASSIFIER.label(block).is_text, CLASSIFIER.label(block)


def test_a_closing_attribution_is_a_line_the_storys_last_sentence_is_not() -> None:
    closing = Shape(closing=True)
    assert CLASSIFIER.label("По материалам агентства «Кабар».", closing).kind == "source"
    sentence = "По материалам дела, обвиняемый получил взятку в размере 5 тысяч долларов."
    assert CLASSIFIER.label(sentence, closing).is_text


@pytest.mark.parametrize(
    "sentence",
    [
        "По информации ведомства пострадавших нет.",
        "По данным синоптиков морозы продлятся до пятницы.",
        "По сообщению МЧС пожар удалось потушить за час.",
        "По информации МВД задержан подозреваемый.",
    ],
)
def test_a_short_sentence_after_an_according_to_phrase_is_text(sentence: str) -> None:
    # No comma after the phrase, few words: only its predicate tells it from an attribution.
    assert CLASSIFIER.label(sentence, Shape(closing=True)).is_text


@pytest.mark.parametrize(
    "line",
    [
        "По информации пресс-службы МВД.",
        "По сообщениям агентств Reuters и AP",
        "При подготовке материала использованы данные Нацстаткома",  # a formula with its verb
        "Kabar материалдары боюнча",
    ],
)
def test_attribution_lines_without_a_statement_are_sources(line: str) -> None:
    assert CLASSIFIER.label(line, Shape(closing=True)).kind == "source"


@pytest.mark.parametrize(
    ("block", "link_chars"),
    [
        ("Это интересно: Жапаров провел встречу с Токаевым", 33),
        ("→ Жапаров провел встречу с Токаевым", 33),
        # a Zulu news site's "read another story here | <a>…</a>"
        ("FUNDA OLUNYE UDABA LAPHA | Kuboshwe abahlanu besolwa ngokugwaza umfundi", 44),
    ],
)
def test_a_short_label_and_one_link_is_a_pointer_in_any_wording(
    block: str, link_chars: int
) -> None:
    shape = Shape(has_link=True, link_share=link_chars / len(block))
    assert CLASSIFIER.label(block, shape).kind == "related"
    # without the link the same words are text: nothing else says they point elsewhere
    assert CLASSIFIER.label(block).is_text


def test_a_plain_short_line_under_a_picture_is_its_caption_a_sentence_or_subheading_is_not() -> (
    None
):
    under = Shape(after_picture=True)
    assert CLASSIFIER.label("Участники форума в Бишкеке, 25 ноября 2025 года", under).kind == (
        "caption"
    )
    assert CLASSIFIER.label("Президент прибыл в Москву.", under).is_text
    bold = Shape(after_picture=True, bold=True)
    assert CLASSIFIER.label("Экономическое сотрудничество", bold).is_text
    assert CLASSIFIER.label(
        "Экономическое сотрудничество", Shape(tag="h3", after_picture=True)
    ).is_text


@pytest.mark.parametrize(
    ("block", "kind"),
    [
        # a `contains` phrase whose first word is a word of the block, anywhere in it
        ("Новости дня — подписывайтесь на наш канал в Telegram", "promo"),
        ("Все новости\u00a0 — в нашем  Telegram", "promo"),  # spacing folded before matching
        ("Все подробности — в нашем канале", "promo"),
        # the first words only inside longer words ("нашумевший", "каналы", "наследие"): text
        ("Нашумевший проект каналы орошения продолжит, наследие сохранят", "text"),
    ],
)
def test_contained_phrases_match_whole_words_only(block: str, kind: str) -> None:
    assert FurnitureClassifier().label(block).kind == kind


def test_folding_ignores_case_yo_and_spacing() -> None:
    assert _fold("  Ещё\u00a0ОДНА\tстрока\n") == "еще одна строка"
    assert _fold("ещё одна строка") == "еще одна строка"
    assert _fold("Уже чистая строка.") == "уже чистая строка."


def test_an_outlet_adds_class_words_as_data() -> None:
    outlet = FurnitureClassifier({"related": {"class": ["newslist"]}})
    assert outlet.label("Президент на встрече", Shape(classes="newslist")).kind == "related"
    assert CLASSIFIER.label("Президент на встрече", Shape(classes="newslist")).is_text
    # the phrase file's class words are whole words of a name, as before
    assert CLASSIFIER.label("Текст", Shape(classes="b-share__list")).kind == "share"


def test_a_pattern_that_bounds_its_own_length_is_not_tried_on_longer_blocks() -> None:
    assert _length_limit("^(?=.{0,150}$)(?!.*[.;]$).*telegram", 300) == 151
    assert _length_limit("^(?=.{0,400}$)x", 300) == 300  # the kind's own bound is shorter
    assert _length_limit("^\\d+\\s+просмотров$", 80) == 80
    classifier = FurnitureClassifier({"ad": {"pattern": ["^(?=.{0,20}$).*оросительн"]}})
    assert classifier.label("Оросительный канал").kind == "ad"
    assert classifier.label("Новый большой оросительный канал").is_text  # over 20 characters


@pytest.mark.parametrize("line", ["(Kabar)", "/ТАСС/", "( Sputnik Кыргызстан )", "(АКИpress)"])
def test_a_name_alone_in_brackets_closing_the_text_is_its_source(line: str) -> None:
    assert CLASSIFIER.label(line, Shape(closing=True)).kind == "source"


def test_brackets_that_are_not_a_closing_name_stay_text() -> None:
    assert CLASSIFIER.label("(Kabar)", Shape()).is_text  # mid-text: not known to close the story
    closing = Shape(closing=True)
    assert CLASSIFIER.label("(Сделка закрыта в понедельник.)", closing).is_text  # a sentence
    assert CLASSIFIER.label("(2024)", closing).is_text  # no name


# -- patterns asked as one regex (`Patterns`) ------------------------------------------------
def test_patterns_the_first_in_order_wins_with_its_own_match() -> None:
    patterns = Patterns(
        [_Pattern("chrome", r"^ab", 200), _Pattern("ad", r"^a", 200), _Pattern("date", "b$", 200)]
    )
    assert patterns.first_match("abc") == ("chrome", "ab")
    assert patterns.first_match("axc") == ("ad", "a")
    # a pattern not anchored at the start matches where re.search finds it
    assert patterns.first_match("xyb") == ("date", "b")
    assert patterns.first_match("xyz") is None


def test_patterns_skip_blocks_longer_than_they_take_and_marked_ones_when_unmarked() -> None:
    patterns = Patterns(
        [
            _Pattern("chrome", r"^(?=.{0,5}$)x+", 200),
            _Pattern("credit", r"^x", 200, unmarked=True),
            _Pattern("ad", r"^x+", 8),
        ]
    )
    assert patterns.first_match("xxxx") == ("chrome", "xxxx")
    assert patterns.first_match("xxxxxxx") == ("credit", "x")
    assert patterns.first_match("xxxxxxx", marked=True) == ("ad", "xxxxxxx")
    assert patterns.first_match("x" * 9, marked=True) is None


@pytest.mark.parametrize("filler", ["", " " + "слово " * 30])  # short: asked first; long: after
def test_patterns_naming_networks_match_only_blocks_that_name_one(filler: str) -> None:
    patterns = Patterns(
        [
            _Pattern("promo", r"^(?=.{0,150}$).*(?<!\w)<networks>", 300),
            _Pattern("promo", r"^мы\s+в\s+<networks>", 300),
            _Pattern("chrome", r"^мы\s+в\s+\w+", 300),
        ]
    )
    named = _fold("Мы в Telegram" + filler)
    assert patterns.first_match(named, block=FoldedBlock(named))[0] == "promo"
    unnamed = _fold("Мы в почте" + filler)
    assert patterns.first_match(unnamed, block=FoldedBlock(unnamed)) == ("chrome", "мы в почте")
    # With a rounded "в" (U+1C80) the regex, ignoring case, reads "вконтакте", but the block
    # holds no network's name as a substring: the network patterns don't count, as before
    # they were joined into one regex (where they are tried before the block is asked).
    rounded = _fold("Мы в \u1c80контакте" + filler)
    assert patterns.first_match(rounded, block=FoldedBlock(rounded))[0] == "chrome"


def test_a_pattern_with_groups_or_flags_of_its_own_is_refused() -> None:
    with pytest.raises(ValueError, match="capturing groups"):
        _Pattern("chrome", r"^(a)b", 200)
    with pytest.raises(ValueError, match="flags"):
        _Pattern("chrome", r"(?s)^a.b", 200)
