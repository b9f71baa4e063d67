"""Held-out furniture: wordings the phrase file and the unseen-variants test never name.

tests/test_variants_furniture_unseen.py passes, but its wordings are the ones the phrase file
was written from; it cannot say whether the rules generalise. This file holds wordings written
apart from both, from how Russian, Kyrgyz, Kazakh and English news sites phrase credits,
captions, source lines, promos, bylines and disclaimers ("Снимок — Антон Новодеров / ТАСС",
"Кадр из видеозаписи МЧС", "Больше новостей — в нашем канале в Дзене", an agency's name alone
as the last line, a closing byline that is only a name), placed in the outlets' documented
markup by the unseen test's page builders and forms. `test_no_wording_is_known` keeps them held
out: none is a wording of the unseen test.

Guards are real reporting that looks like these lines (a person's name as a sentence's
subject, "ТАСС сообщил…", "По данным Минздрава, …", a short last sentence): each stays.

The wordings came in rounds, each written after the rules that passed the rounds before it
and measured before any rule was made for it (figures in docs/furniture.md): round one's
wordings and guards, round two's, round three's; rounds four and five hold guards only,
against the label and closing rules; round six was written before its writer read the rules,
on the kinds a judge saw leak (captions as paragraphs, credits, source lines, promos). A case
the rules still get wrong is a strict xfail.

Each case expects the body to be exactly the page's two paragraphs (plus the guard), written
by hand; linked words are written in [brackets] as in the unseen test.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

import pytest
from test_variants_furniture_leaks import OUTLETS, Outlet
from test_variants_furniture_unseen import (
    _ALL_PIECES as UNSEEN_PIECES,
)
from test_variants_furniture_unseen import (
    BR_LINE,
    CREDIT_FORMS,
    END,
    LANGUAGES,
    MIDDLE,
    PICTURE,
    PICTURE_FORMS,
    STORY,
    Piece,
    _assert_fields,
    _extract,
    _inline,
    _pieces,
    _plain,
    _plain_html,
    body_with,
    caption_and_credit_under_a_picture,
    page_with,
    places,
)
from test_variants_newsasia_24kg import (
    NA_FIRST,
    NA_SECOND,
    NA_TITLE,
    na_extract,
    news_asia_page,
    news_view,
)


@dataclass(frozen=True)
class Wording(Piece):
    """One held-out wording of one kind, as the unseen test's pieces; [brackets] mark its
    linked words. `closing_only`: furniture only where the text ends (a name alone, "По данным
    X")."""

    by_picture_only: bool = False  # furniture only by a picture (a name alone under it)


_wordings = partial(_pieces, piece=Wording)


CREDITS = [
    *_wordings(
        "credit",
        [
            "Фотография: пресс-служба акимата",
            "Снимок — Антон Новодеров / ТАСС",
            "Кадр из видеозаписи МЧС",
            "Источник изображения: [Unsplash]",
            "Автор фото Эрлан Ибраимов",
            "Фотограф Данияр Жумабеков",
            "Фото: Азамат Иманалиев, «Вечерний Бишкек»",
            "Фотоматериалы предоставлены пресс-службой ГКНБ",
            "Фото взято из открытых источников",
            "Иллюстрация сгенерирована нейросетью",
            "Скриншот с видео МВД",
            "Фото и видео: [пресс-служба Жогорку Кенеша]",
            "Фото: личный архив героини",
            "Фотографии из социальных сетей",
            "Изображение: [Freepik]",
            "Видеокадр: [Sputnik]",
            "Фото © РИА Новости / Алексей Витвицкий",
            "Рисунок: Бермет Асанова",
            "Информация и фото: пресс-служба ГУВД Бишкека",
            "Фото из Telegram-канала мэрии",
        ],
    ),
    *_wordings(
        "credit", ["Сүрөт булагы: [Kabar]", "Сүрөттөр социалдык тармактардан"], language="ky"
    ),
    *_wordings("credit", ["Суреттер: Kazinform"], language="kk"),
    *_wordings(
        "credit",
        [
            "Photo by Vladimir Pirogov / Reuters",
            "Image credit: Getty Images",
            "Screenshot from video",
        ],
        language="en",
    ),
    # A credit with no label at all: a name or an agency alone, standing by its picture.
    *_wordings(
        "credit",
        ["Антон Новодеров / ТАСС", "Kabar", "Sputnik Кыргызстан", "24.kg", "РИА Новости"],
        by_picture_only=True,
    ),
]
CAPTIONS = _wordings(
    "caption",
    [
        "Председатель кабмина Адылбек Касымалиев на совещании в Доме правительства",
        "Пострадавший автомобиль на трассе Бишкек — Ош",
        "Вид на Бишкек с высоты птичьего полета",
        "Садыр Жапаров. Архивное фото",
    ],
    by_picture_only=True,
)
SOURCES = [
    *_wordings("source", ["Источник информации: пресс-служба МВД"]),
    *_wordings(
        "source",
        [
            "По данным [Kabar]",
            "По данным пресс-службы мэрии Бишкека",
            "Кабар",
            "ТАСС",
            "Sputnik Кыргызстан",
            "Kabar",
            "[АКИpress]",
            "ИА «Реалист»",
            "Информация [пресс-службы МЧС]",
            "Новость подготовлена по материалам [24.kg]",
            "Материал подготовлен по информации [Kabar]",
        ],
        closing_only=True,
    ),
    *_wordings("source", ["Kabar маалыматы боюнча"], language="ky", closing_only=True),
    *_wordings("source", ["Via [AKIpress]"], language="en", closing_only=True),
]
PROMOS = [
    *_wordings(
        "promo",
        [
            "Больше новостей — в нашем канале в [Дзене]",
            "Следите за нами в [ВКонтакте]",
            "Подключайтесь к нашему [WhatsApp-каналу]",
            "Самое главное — в нашем [Telegram]",
            "Узнавайте новости первыми в [Telegram]",
            "Наш Instagram: [@realist_kg]",
            "Хотите узнавать новости быстрее? Подписывайтесь на [Telegram]",
            "Присылайте новости, фото и видео в наш [WhatsApp]: +996 700 000 000",
            "Оперативно и коротко — в нашем [Telegram]",
            "Ставьте лайки и подписывайтесь на наш [канал в YouTube]",
            "Читайте новости в [Telegram] и [Дзене]",
            "Новости без цензуры — [t.me/realist_kg]",
            "Поддержите нас донатом — [Boosty]",
            "Будьте в курсе событий — подпишитесь на [наш Telegram]",
            "Присоединяйтесь к нашему сообществу во [ВКонтакте]",
        ],
    ),
    *_wordings(
        "promo",
        ["Жаңылыктарды [WhatsApp] аркылуу алыңыз", "Бизди [Instagram'да] ээрчиңиз"],
        language="ky",
    ),
    *_wordings("promo", ["Бізді [Instagram-да] оқыңыз"], language="kk"),
    *_wordings(
        "promo",
        ["Get our newsletter in your inbox", "Follow 24.kg on [Telegram]"],
        language="en",
    ),
]
RELATED = _wordings(
    "related",
    [
        f"Читайте подробнее: [{STORY}]",
        f"Смотрите видео: [{STORY}]",
        f"Больше по теме: [{STORY}]",
        f"Рекомендуем прочитать: [{STORY}]",
    ],
)
OTHERS = [
    *_wordings(
        "chrome",
        [
            "Материал создан при поддержке Фонда Евразия",
            "Мнение автора статьи может не совпадать с позицией редакции",
            "Позиция редакции может не совпадать с мнением автора",
            "Перепечатка без разрешения редакции запрещена",
            "Ошибка в тексте? Выделите её и нажмите Ctrl+Enter",
            "Автор: Айгерим Сатыбалдиева",
            "Корреспондент: Нурлан Абдыкадыров",
        ],
    ),
    # A byline written where the text ends: a name alone, or a reporter's verb and a name.
    *_wordings(
        "chrome",
        [
            "Айгерим Сатыбалдиева",
            "Айгерим САТЫБАЛДИЕВА",
            "А. Сатыбалдиева",
            "Беседовала Айгерим Сатыбалдиева",
            "Записал Нурлан Абдыкадыров",
        ],
        closing_only=True,
    ),
    *_wordings("ad", ["Рекламный материал", "Партнерская публикация"]),
]
# A second round, written after the rules that pass the first and measured before any change:
# how far those rules reach past the wordings they were made on.
ROUND_TWO = [
    *_wordings(
        "credit",
        [
            "Фото: Турар Касымов / Kaktus.media",
            "Фото: © Depositphotos",
            "Фотоснимок предоставлен семьей погибшего",
            "Фото Вячеслава Оселедько, AFP",
            "Видео: Telegram-канал «Бишкек 24»",
            "Кадры: [пресс-служба МЧС КР]",
            "Скрин: соцсети",
            "Фотография предоставлена героем публикации",
            "Иллюстративное изображение",
            "Архивный снимок",
            "Фото носит иллюстративный характер",
            "На снимке: министр здравоохранения Эркин Чечейбаев",
            "На фото — участники акции у здания мэрии",
        ],
    ),
    *_wordings("credit", ["Сүрөт: Азаттык / Кайрат Кадыров"], language="ky"),
    *_wordings("credit", ["Photo: AFP / Vyacheslav Oseledko", "Credit: [AKIpress]"], language="en"),
    *_wordings(
        "credit",
        [
            "Kaktus.media",
            "Вячеслав Оселедько / AFP",
            "AFP",
            "Азаттык",
            "Reuters / Vladimir Pirogov",
        ],
        by_picture_only=True,
    ),
    *_wordings("source", ["Источник — [пресс-служба ГКНБ]"]),
    *_wordings(
        "source",
        [
            "По материалам зарубежных СМИ",
            "По информации [Минздрава КР]",
            "Информация предоставлена пресс-службой МВД",
            "Kaktus.media",
            "АКИpress",
            "ИА «Кабар»",
            "Интерфакс",
            "По материалам [Reuters] и [AFP]",
        ],
        closing_only=True,
    ),
    *_wordings(
        "chrome",
        [
            "Текст: Айгуль Исаева",
            "Фото и текст: Тимур Исмаилов",
            "Автор материала: Айгуль Исаева",
            "Орфография и пунктуация автора сохранены",
            "Если вы заметили ошибку, выделите ее и нажмите Ctrl+Enter",
        ],
    ),
    *_wordings(
        "chrome",
        ["Нурлан АБДЫКАДЫРОВ", "Материал подготовила Айгуль Исаева"],
        closing_only=True,
    ),
    *_wordings(
        "promo",
        [
            "Подпишитесь на наш Telegram, чтобы первыми узнавать новости",
            "Еще больше новостей — в нашем [Telegram-канале]",
            "Мы есть в [Telegram], [WhatsApp] и [Instagram]",
            "Обсудить новость можно в нашем [Telegram-чате]",
            "Хотите получать новости первыми? Присоединяйтесь к нам в [Telegram]",
            "Больше видео — на нашем канале в [YouTube]",
            "Подписаться на канал 24.kg в [Telegram]",
            "Читайте нас в [Яндекс.Новостях]",
            "Добавьте нас в источники [Google Новостей]",
            "Сообщить новость: +996 555 123 456 (WhatsApp, Telegram)",
        ],
    ),
    *_wordings("promo", ["Stay updated — follow us on [Telegram]"], language="en"),
    *_wordings("promo", ["Бизге [Telegram] аркылуу жазыңыз"], language="ky"),
    *_wordings(
        "related",
        [
            f"Также смотрите: [{STORY}]",
            f"Читайте на эту тему: [{STORY}]",
        ],
    ),
]
# A third round, written after round two's rules and measured before any change.
ROUND_THREE = [
    *_wordings(
        "credit",
        [
            "Фото: Kaktus.media / Азамат Иманалиев",
            "Автор снимка: Эрлан Ибраимов",
            "Фото предоставила пресс-служба Минздрава",
            "Снимки: AP",
            "Иллюстрация: 24.kg / Midjourney",
            "Кадр видео: [пресс-служба МВД]",
            "Фото с места событий: пресс-служба МЧС",
            "Фото: из личного архива",
            "Источник фото: [Telegram-канал «Бишкек 24»]",
        ],
    ),
    *_wordings("credit", ["Image: Shutterstock"], language="en"),
    *_wordings(
        "credit",
        ["Getty Images", "Алексей Витвицкий / РИА Новости", "Shutterstock"],
        by_picture_only=True,
    ),
    *_wordings(
        "source",
        [
            "Sputnik",
            "РИА Новости",
            "Kabar.kg",
            "Сообщает [Kabar]",
            "Пишет «Вечерний Бишкек»",
            "Информация взята с сайта Минздрава",
        ],
        closing_only=True,
    ),
    *_wordings(
        "chrome",
        [
            "Айгерим Сатыбалдиева, корреспондент 24.kg",
            "Материал подготовил корреспондент ИА «Реалист» Тимур Исмаилов",
            "Фото и текст — Тимур Исмаилов",
        ],
        closing_only=True,
    ),
    *_wordings(
        "promo",
        [
            "Все самое важное — в нашем [Telegram]: @realist_kg",
            "Новости Кыргызстана в вашем телефоне — подпишитесь на наш канал в [WhatsApp]",
            "Подписывайтесь на 24.kg в [Threads]",
            "Присоединяйтесь к нашему каналу в [MAX]",
            "Наш канал в Telegram — [t.me/news24kg]",
            "[Telegram] | [WhatsApp] | [Instagram]",
            "Следите за главными новостями в нашем [Telegram-канале]",
            "Ещё больше видео — на [YouTube-канале ИА «Реалист»]",
        ],
    ),
    *_wordings("promo", ["Жаңылыктарды Telegram каналыбыздан окуңуз"], language="ky"),
    *_wordings("promo", ["Жаңалықтарды [WhatsApp] арқылы алыңыз"], language="kk"),
    *_wordings("promo", ["Get the latest news on our [WhatsApp channel]"], language="en"),
    *_wordings(
        "chrome",
        [
            "Новость дополняется",
            "Материал дополнен",
            "Обновлено в 15:40",
            "Мнения, высказанные в колонке, отражают позицию автора",
        ],
    ),
    *_wordings("ad", ["Реклама 16+", "Материал размещен на коммерческой основе"]),
    *_wordings("related", [f"Ранее по этой теме: [{STORY}]"]),
]
# A sixth round, written before reading the rules and measured before any change: the kinds
# the last judge saw leak on unseen pages. Captions written as a paragraph under their picture,
# with a label that says what it shows ("Слева направо:", "На фото слева —") or none at all (a
# line that describes the picture, a place and a date); credits in the usual shapes (the
# author's, "©" and an agency, a press office's, a screenshot's, a frame's); a source line that
# ends the text (a press release, a translated original, a link alone, a desk's name alone);
# channel, newsletter and donation promos with emoji and links.
ROUND_SIX = [
    *_wordings(
        "caption",
        [
            "Слева направо: Адылбек Касымалиев, Садыр Жапаров и Эдиль Байсалов",
            "На фото слева — глава МЧС Бобек Ажикеев",
            "На видео: момент обрушения кровли рынка «Дордой»",
            "Иллюстративное фото из архива редакции",
            "Фото для иллюстрации",
        ],
    ),
    *_wordings("caption", ["Сүрөттө: Садыр Жапаров менен Владимир Путин"], language="ky"),
    *_wordings("caption", ["File photo"], language="en"),
    # A caption with no label: a line that describes the picture it stands under.
    *_wordings(
        "caption",
        [
            "Бишкек, 25 ноября 2025 года. Владимир Путин и Садыр Жапаров в аэропорту Манас",
            "Митинг у здания Жогорку Кенеша, 3 октября",
            "Эдиль Байсалов (в центре) на церемонии открытия телеканала «Номад ТВ»",
            "Так выглядит новое здание школы в селе Кара-Суу",
            "Почетный караул в аэропорту Манас (фото: Kabar)",
        ],
        by_picture_only=True,
    ),
    *_wordings(
        "caption", ["Қасым-Жомарт Тоқаев Астанадағы форумда"], language="kk", by_picture_only=True
    ),
    *_wordings(
        "caption",
        [
            "Kyrgyz President Sadyr Japarov (right) and Russian President Vladimir Putin "
            "in Bishkek, November 25, 2025"
        ],
        language="en",
        by_picture_only=True,
    ),
    *_wordings(
        "credit",
        [
            "Фото автора",
            "© Kabar",
            "Фото: Улан Асанов",
            "Фото пресс-службы Кабинета министров КР",
            "Скриншот видео из Telegram-канала МВД",
            "Фото из интернета",
            "Кадр: [YouTube]",
            "Фото предоставлены УПСМ ГУВД Бишкека",
            "Фото со страницы Садыра Жапарова в [Facebook]",
            "Видео предоставлено очевидцами",
            "Фотография © AP Photo / Vladimir Voronin",
            "Графика: ТАСС",
            "Фото пользователей соцсетей",
        ],
    ),
    *_wordings("credit", ["Сүрөт ачык булактардан алынды"], language="ky"),
    *_wordings("credit", ["Photo: social media"], language="en"),
    *_wordings(
        "credit", ["EPA", "Sputnik / Табылды Кадырбеков", "Zuma/ ТАСС"], by_picture_only=True
    ),
    *_wordings(
        "source",
        [
            "Источник: официальный сайт Минздрава КР",
            "Использованы материалы [Reuters]",
            "Оригинал статьи: [The Diplomat]",
        ],
    ),
    *_wordings(
        "source",
        [
            "По материалам сайта [kabar.kg]",
            "В материале использованы данные Всемирного банка",
            "Подготовлено по материалам пресс-службы Минобороны",
            "Текст подготовлен на основе пресс-релиза",
            "По сообщениям СМИ",
            "[https://www.gov.kg/ru/post/s/26471]",
            "Пресс-служба МЧС КР",
        ],
        closing_only=True,
    ),
    *_wordings("source", ["Маалымат булагы: [Kabar]"], language="ky"),
    *_wordings("source", ["With reporting by Reuters"], language="en", closing_only=True),
    *_wordings(
        "promo",
        [
            "Главные новости дня — коротко и по делу в нашем [WhatsApp-канале]",
            "📢 Присоединяйтесь к нашему [Telegram-каналу] — там всё самое важное",
            "Подписывайтесь на наш канал в [Дзен], чтобы не пропустить важное",
            "Смотрите наши видео в [VK Видео]",
            "Новости в один клик — [наш бот в Telegram]",
            "Подпишитесь на утреннюю рассылку — [главное за ночь в вашей почте]",
            "Помогите нам оставаться независимыми: [поддержать редакцию]",
            "✉️ Есть что рассказать? Пишите нам: [@realist_bot]",
            "Актуальные новости — в нашем [Telegram] 👈",
            "Подписывайтесь на «Реалист» в соцсетях: [Facebook], [Instagram], [X]",
            "Вступайте в нашу группу в [Facebook]",
        ],
    ),
    *_wordings("promo", ["Биздин [YouTube-каналга] жазылыңыз"], language="ky"),
    *_wordings("promo", ["Біздің [WhatsApp] арнамызға қосылыңыз"], language="kk"),
    *_wordings(
        "promo",
        ["Subscribe to our daily newsletter", "Support independent journalism — [donate]"],
        language="en",
    ),
]
HELD_OUT = [
    *CREDITS,
    *CAPTIONS,
    *SOURCES,
    *PROMOS,
    *RELATED,
    *OTHERS,
    *ROUND_TWO,
    *ROUND_THREE,
    *ROUND_SIX,
]

GUARDS = [
    "Айгерим Сатыбалдиева рассказала, что подала документы в суд.",
    "ТАСС сообщил об этом со ссылкой на источник в правительстве.",
    "По данным Минздрава, число заболевших гриппом выросло на 12 процентов.",
    "По данным МЧС, пострадавших нет.",
    "Кабар сообщает, что рейс задержан до утра.",
    "Фотограф Данияр Жумабеков получил премию за серию снимков о Нарыне.",
    "Снимок сделан 25 ноября в аэропорту Манас.",
    "Напомним, переговоры на высшем уровне перенесли на неделю.",
    "Редакция обратилась за комментарием в мэрию, но ответа пока не получила.",
    "Sputnik Кыргызстан направил запрос в министерство.",
    "Кадр из видеозаписи опубликовало МВД.",
    "Расследование продолжается.",
    "Пострадавших нет.",
    "Материал проверки направлен в прокуратуру.",
    # the second round's
    "Кадры с места аварии уже разошлись по соцсетям.",
    "Изображение президента появилось на новых банкнотах.",
    "Источник изображения установить не удалось, сообщили в МВД.",
    "Рисунок школьника из Нарына победил на конкурсе в Москве.",
    "Интерфакс уточняет, что решение пока не принято.",
    "Жапаров и Токаев подписали соглашение.",
    "По информации Минздрава, число заболевших выросло до 120.",
    "По данным на 1 декабря, в очереди стоят 3 тысячи человек.",
    "Редакция газеты не разделяет позицию министерства, заявил главный редактор.",
    "Проект реализован при поддержке Евросоюза и продлится до 2027 года.",
    "Мнение экспертов по этому вопросу разделилось.",
    # the third round's
    "Снимки из космоса помогли найти пропавших туристов.",
    "Видео очевидцев опровергает версию полиции.",
    "Изображение сгенерировано нейросетью, признали в пресс-службе.",
    "Айгерим Сатыбалдиева, корреспондент 24.kg, побывала на месте событий.",
    "Ущерб уточняется.",
    "Новость о задержании дополнена комментарием МВД.",
    "Материал размещен на сайте Минюста для общественного обсуждения.",
    "Telegram, WhatsApp и Instagram заблокировали в стране на сутки.",
    "Сообщает об этом пресс-служба мэрии Бишкека.",
    "Подписчики канала пожаловались на сбой в работе Telegram.",
    # the fourth round's: sentences that open as a label with a dash ("Фото — …")
    "Снимок — лишь часть доказательств, заявил прокурор.",
    "Видео — главный жанр этого года, уверены эксперты.",
    "Источник — сотрудник мэрии — рассказал, что решение уже принято.",
    "Фото — единственное, что осталось у семьи от отца.",
    "Коллаж — любимая техника художницы, рассказала она.",
    "Теги — это метки, которые ставят пользователи соцсетей.",
    # the fifth round's: last sentences that open like an attribution line
    "Информация предоставлена в прокуратуру.",
    "Информация взята на контроль.",
    "Данные взяты из открытых источников, уточнили в ведомстве.",
    "По данным МЧС пострадавших нет.",
    # the sixth round's: reporting that opens as a caption, a credit, a source line or a promo
    "На фото, опубликованном МВД, видны следы взлома.",
    "На видео видно, как водитель выезжает на встречную полосу.",
    "Слева от президента сидел министр иностранных дел Жээнбек Кулубаев.",
    "Встреча прошла в закрытом режиме.",
    "Фото автора письма редакция не публикует по его просьбе.",
    "Кадр с камеры видеонаблюдения попал в распоряжение редакции.",
    "Скриншот переписки чиновника разошелся по соцсетям.",
    "Материал подготовлен следователями и передан в суд.",
    "По материалам проверки возбуждено уголовное дело.",
    "Источником заражения стала вода из арыка, установили санитарные врачи.",
    "«Присоединяйтесь к нам», — обратились к горожанам волонтеры.",
    "Поддержать пострадавших можно переводом на счет Красного Креста.",
    "Самые важные решения правительство примет до конца года.",
    "Telegram-канал ведомства набрал 100 тысяч подписчиков за неделю.",
    "Пресс-служба МЧС КР пока не комментирует происшествие.",
    # the sixth round's rules' nearest sentences: where each one stands, the makers of a
    # graphic, two names around a slash, what a text was written from, a translated original, a
    # press office, a call to support or to write, a network named in the news
    "Слева — новое здание школы, справа — старое, которое снесут весной.",
    "В центре — пробки.",
    "Министр (в центре) вручил награды выпускникам.",
    "Схема проста: деньги переводили на счета родственников, установили следователи.",
    "Рейсы Бишкек/Москва отменили.",
    "Использованы материалы проверки прокуратуры.",
    "Оригинал документа хранится в архиве Минюста.",
    "Пресс-служба мэрии опровергла эту информацию.",
    "Поддержите наших спортсменов на чемпионате мира!",
    "Если вы видели этого мужчину, звоните нам по номеру 102.",
    "Холдинг VK открыл офис в Бишкеке.",
]


def test_no_wording_is_known() -> None:
    """Held out: no wording is one of the unseen test's (linked or plain)."""
    known = {_plain(piece.text) for piece in UNSEEN_PIECES}
    assert not [w.text for w in HELD_OUT if _plain(w.text) in known]
    assert not [guard for guard in GUARDS if _plain(guard) in known]


def test_round_six_is_new() -> None:
    """Round six's wordings are none of the rounds' before it, nor each other; no guard is
    written twice, nor as a wording."""
    earlier = {_plain(w.text) for w in HELD_OUT if w not in ROUND_SIX}
    six = [_plain(w.text) for w in ROUND_SIX]
    assert len(set(six)) == len(six)
    assert not set(six) & earlier
    assert len(set(GUARDS)) == len(GUARDS)
    assert not {_plain(w.text) for w in HELD_OUT} & set(GUARDS)


# -- cases -----------------------------------------------------------------------------------
STYLED = ("em", "strong", "div")
# Credits that are a word for a picture and no label: all in bold such a line reads as a
# subheading ("Снимки со спутника", `test_a_bold_subheading_about_pictures_stays_text`), so
# they are written plain or in italics, as credits are.
NO_LABEL_CREDITS = {
    "Кадр из видеозаписи МЧС",
    "Фотограф Данияр Жумабеков",
    "Фотоматериалы предоставлены пресс-службой ГКНБ",
    "Иллюстрация сгенерирована нейросетью",
    "Скриншот с видео МВД",
    "Фотографии из социальных сетей",
    "Сүрөттөр социалдык тармактардан",
    "Screenshot from video",
    "Фотоснимок предоставлен семьей погибшего",
    "Фотография предоставлена героем публикации",
    "Иллюстративное изображение",
    "Архивный снимок",
    # the sixth round's
    "Фото автора",
    "Фото пресс-службы Кабинета министров КР",
    "Скриншот видео из Telegram-канала МВД",
    "Фото из интернета",
    "Фото предоставлены УПСМ ГУВД Бишкека",
    "Фото со страницы Садыра Жапарова в [Facebook]",
    "Видео предоставлено очевидцами",
    "Фото пользователей соцсетей",
    "Сүрөт ачык булактардан алынды",
    "Иллюстративное фото из архива редакции",
    "Фото для иллюстрации",
    "File photo",
}
GUARD_FORMS = ("p", "em", BR_LINE, "after-picture")


def _number(wording: Wording) -> int:
    return [w for w in HELD_OUT if w.kind == wording.kind].index(wording)


def forms_of(wording: Wording) -> list[str]:
    """A wording by a picture stands in every picture form; a credit, or a caption with a
    label, also in the text; the rest in a paragraph, one styled form, a line after a <br> and
    right under a picture."""
    styled = STYLED[_number(wording) % len(STYLED)]
    if wording.text in NO_LABEL_CREDITS and styled == "strong":
        styled = "em"
    if wording.by_picture_only:
        return list(PICTURE_FORMS)
    if wording.kind in ("credit", "caption"):  # a caption with a label: as a credit
        return ["p", styled, BR_LINE, *PICTURE_FORMS]
    return ["p", styled, BR_LINE, "after-picture"]


@dataclass(frozen=True)
class Case:
    outlet: Outlet
    text: str
    label: str  # kind and number: the test id
    form: str
    linked: bool
    where: str

    @property
    def id(self) -> str:
        link = "link" if self.linked else "plain"
        return f"{self.outlet.name}-{self.label}-{self.form}-{link}-{self.where}"

    def html(self) -> str:
        return page_with(self.outlet, _inline(self.text, self.linked), self.form, self.where)


def _cases() -> Iterator[Case]:
    for outlet in OUTLETS:
        for wording in HELD_OUT:
            if wording.language not in LANGUAGES[outlet.name]:
                continue
            has_link = "[" in wording.text
            for form in forms_of(wording):
                for linked in (True, False) if has_link else (False,):
                    if has_link and not linked and form != "p":
                        continue  # linked words are tried as plain words in a paragraph
                    for where in places(wording, form):  # type: ignore[arg-type]
                        label = f"{wording.kind}{_number(wording)}"
                        yield Case(outlet, wording.text, label, form, linked, where)


CASES = list(_cases())


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_held_out_furniture_is_never_text(case: Case) -> None:
    html = case.html()
    assert _plain_html(_plain(case.text)) in _plain_html(html)
    article = _extract(case.outlet, html)
    _assert_fields(article, case.outlet, f"{case.outlet.first}\n\n{case.outlet.second}")


def _guard_cases() -> Iterator[Case]:
    for outlet in OUTLETS:
        for number, guard in enumerate(GUARDS):
            for form in GUARD_FORMS:
                for where in (MIDDLE, END):
                    yield Case(outlet, guard, f"guard{number}", form, True, where)


GUARD_CASES = list(_guard_cases())


def _guard_body(case: Case) -> str:
    return body_with(case.outlet, _plain(case.text), case.form, case.where)


@pytest.mark.parametrize("case", GUARD_CASES, ids=[case.id for case in GUARD_CASES])
def test_held_out_reporting_stays_text(case: Case) -> None:
    _assert_fields(_extract(case.outlet, case.html()), case.outlet, _guard_body(case))


# -- a credit with no label under a picture is that picture's credit, not its caption ----------
# Each line and its credit, written by hand.
UNLABELLED_CREDITS = {
    "Антон Новодеров / ТАСС": "Антон Новодеров / ТАСС",
    "Kabar": "Kabar",
    "Sputnik Кыргызстан": "Sputnik Кыргызстан",
    "24.kg": "24.kg",
    "РИА Новости": "РИА Новости",
    "Фотограф Данияр Жумабеков": "Данияр Жумабеков",
    "Автор фото Эрлан Ибраимов": "Эрлан Ибраимов",
    # the second round's
    "Kaktus.media": "Kaktus.media",
    "Вячеслав Оселедько / AFP": "Вячеслав Оселедько / AFP",
    "AFP": "AFP",
    "Азаттык": "Азаттык",
    "Reuters / Vladimir Pirogov": "Reuters / Vladimir Pirogov",
    # the third round's
    "Getty Images": "Getty Images",
    "Алексей Витвицкий / РИА Новости": "Алексей Витвицкий / РИА Новости",
    "Shutterstock": "Shutterstock",
    # the sixth round's
    "EPA": "EPA",
    "Sputnik / Табылды Кадырбеков": "Sputnik / Табылды Кадырбеков",
    "Zuma/ ТАСС": "Zuma/ ТАСС",
}
CREDIT_CASES = [(outlet, form) for outlet in OUTLETS for form in CREDIT_FORMS[outlet.name]]


@pytest.mark.parametrize(
    ("outlet", "form"), CREDIT_CASES, ids=[f"{o.name}-{form}" for o, form in CREDIT_CASES]
)
@pytest.mark.parametrize("line", UNLABELLED_CREDITS, ids=range(len(UNLABELLED_CREDITS)))
def test_an_unlabelled_credit_under_a_picture_is_its_credit(
    outlet: Outlet, form: str, line: str
) -> None:
    caption_and_credit = caption_and_credit_under_a_picture(outlet, form, line)
    assert caption_and_credit == (None, UNLABELLED_CREDITS[line])


# News-Asia's lead picture stands in its own box above the text, a line beside it; a credit
# there with no label is the picture's credit, as under a picture in the text.
BOX_LINES = {
    "Kabar": (None, "Kabar"),
    "Кадр из видеозаписи МЧС": (None, "Кадр из видеозаписи МЧС"),
    "Фотограф Данияр Жумабеков": (None, "Данияр Жумабеков"),
    "Участники форума в Бишкеке": ("Участники форума в Бишкеке", None),
}


@pytest.mark.parametrize("line", BOX_LINES, ids=range(len(BOX_LINES)))
def test_a_line_in_the_picture_box_above_the_text_is_its_caption_or_credit(line: str) -> None:
    box = f"<div class='photo'><img src='{PICTURE}'><br><span>{line}</span></div>"
    content = f"<p>{NA_FIRST}</p><p>{NA_SECOND}</p>"
    page = news_asia_page(news_view(content, before=f"<h1>{NA_TITLE}</h1>{box}"))
    article = na_extract(page, force="site")
    assert article.body == f"{NA_FIRST}\n\n{NA_SECOND}"
    picture = next(image for image in article.images if image.url.endswith(PICTURE))
    assert (picture.caption, picture.credit) == BOX_LINES[line]


# Subheadings that open with a word for a picture: a heading or a line all in bold is the
# story's, whatever its words (a credit with no label is never written so).
SUBHEADINGS = [
    "Кадры решают всё",
    "Снимки со спутника",
    "Видео с места событий",
    "Фото на паспорт по-новому",
]
SUBHEADING_FORMS = {"h3": "<h3>{}</h3>", "strong": "<p><strong>{}</strong></p>"}


@pytest.mark.parametrize("outlet", OUTLETS, ids=[outlet.name for outlet in OUTLETS])
@pytest.mark.parametrize("form", SUBHEADING_FORMS)
@pytest.mark.parametrize("subheading", SUBHEADINGS, ids=range(len(SUBHEADINGS)))
def test_a_bold_subheading_about_pictures_stays_text(
    outlet: Outlet, form: str, subheading: str
) -> None:
    html = outlet.page(SUBHEADING_FORMS[form].format(subheading), "")
    body = f"{outlet.first}\n\n{subheading}\n\n{outlet.second}"
    _assert_fields(_extract(outlet, html), outlet, body)


# A short last sentence that opens with a closing phrase and has no comma: its predicate ("нет")
# tells it from the attribution line "По материалам агентства «Кабар»." (a strict xfail until
# the classifier asked the words after the phrase for one).
@pytest.mark.parametrize("outlet", OUTLETS, ids=[outlet.name for outlet in OUTLETS])
def test_a_short_last_sentence_after_a_closing_phrase_stays_text(outlet: Outlet) -> None:
    sentence = "По информации ведомства пострадавших нет."
    html = outlet.page("", outlet.block(sentence))
    body = f"{outlet.first}\n\n{outlet.second}\n\n{sentence}"
    _assert_fields(_extract(outlet, html), outlet, body)
