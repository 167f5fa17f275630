#!/usr/bin/env python3
"""Independent linkage test lists: the same women written down by six agencies, as each writes names.

Written apart from clearpoint's simulator and from its normaliser's tables (data/link/*.csv): the
name pools are typed in native script, and every romanisation below is transcribed from the published
standard or practice it names, not from clearpoint's sound key or skeleton. `link eval` measures
clearpoint against this file's truth; nothing here is read by clearpoint's linkage code.

Standards and practice used (letter tables transcribed below):
  ICAO Doc 9303 Part 3 (8th ed., 2021), section 6: transliteration of Cyrillic for machine-readable
    passports (Russian, Ukrainian, Serbian, Macedonian; Latin diacritics dropped in the MRZ);
  BGN/PCGN 1947 (Russian) and 1965 (Ukrainian);
  Ukrainian national transliteration (Cabinet of Ministers Resolution No. 55, 2010);
  Macedonian official romanisation (2008 government table: gj, kj, zh, ch, sh, dz, dzh);
  German transcription of Russian (Duden practice: sch, tsch, schtsch, s, w, z, ch);
  French transcription (ch, tch, chtch, j, ou, gu before e/i);
  Italian transcription (c/ci, sc/sci, g/gi, gh, z, i);
  Serbian Latin and Cyrillic (Vuk Karadžić / Ljudevit Gaj alphabets) and Serbian transcription of
    foreign names by pronunciation (Pravopis srpskoga jezika, Matica srpska);
  Albanian orthography (1972 Congress): xh, sh, ç, q, gj, ë, dh, th, ll, rr, nj, zh, y.

Run: python3 make_lists.py   (deterministic; writes the CSV files and truth.csv beside it, and in
     own-names/ the same lists with each woman's own name on every record, the same truth)
"""
import csv
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20261130)

# ---------------------------------------------------------------- name pools (native spelling)
POOLS = {
    "serbian": (
        "Јелена Марија Ана Милица Драгана Снежана Јована Ивана Тијана Невена Катарина Светлана Љиљана "
        "Бојана Ђурђица Жељка Весна Наташа Даница Гордана Мирјана Зорица Биљана Јасмина Оливера Соња "
        "Драгиња Милена Александра Вера Радмила Добрила".split(),
        "Јовановић Петровић Николић Ђорђевић Ђукић Милошевић Стојановић Марковић Живковић Шарић Ћирић "
        "Чолић Јанковић Гавриловић Хаџић Ковачевић Љубичић Његован Џамић Радуловић Васић Тодоровић "
        "Станковић Илић Лукић Матић Поповић Савић Ћосић Шуловић Жарковић Чубрило Павловић Ристић "
        "Стевановић Костић Милић Обрадовић Пешић Вуковић Ђурић Симић Бошковић Глишић Зорић Крстић "
        "Митровић Нешић Ранковић Благојевић Цветковић Урошевић".split()),
    "macedonian": (
        "Елена Марија Ивана Билјана Снежана Катерина Весна Ѓурѓа Жаклина Симона Маја Драгица".split(),
        "Стојановска Петровска Николовска Трајковска Ѓорѓиевска Ќосевска Јовановска Димитровска "
        "Ѕвездановска Чаловска Шопова Костова Џамбазовска Ристовска".split()),
    "ukrainian": (
        "Олена Юлія Наталія Ірина Оксана Тетяна Галина Світлана Ганна Людмила Марія Вікторія".split(),
        "Шевченко Бондаренко Коваленко Ткаченко Гончаренко Кравчук Мельник Олійник Шевчук Поліщук "
        "Гаврилюк Щербак Юрченко Хоменко Жук Чорновол Ярошенко Грищенко Захарченко Гуцул Лисенко "
        "Марченко Руденко Савчук Литвиненко Павленко Клименко Карпенко Швець Остапчук".split()),
    "russian": (
        "Елена Юлия Наталья Ирина Ольга Татьяна Екатерина Светлана Анна Людмила Ксения Дарья".split(),
        "Иванова Смирнова Кузнецова Попова Соколова Лебедева Козлова Новикова Морозова Волкова Жукова "
        "Хрущёва Щербакова Чернова Шишкина Григорьева Зайцева Фёдорова Васильева Павлова Семёнова "
        "Голубева Виноградова Богданова Воробьёва Михайлова Беляева Тарасова".split()),
    "albanian": (
        "Elira Besa Drita Mimoza Blerina Anila Luljeta Xhesika Gjyste Qëndresa Shpresa Ermira "
        "Fatbardha Zana Valbona Dhurata Ëngjëllushe Vjollca".split(),
        "Hoxha Xhafa Shehu Gjoka Qamili Çela Krasniqi Berisha Gashi Dedaj Lleshi Thaçi Dhima Zhuri "
        "Rexhepi Bajrami Shkodra Gjergji Kryeziu Hysaj Xhemajli Gjonbalaj Hasani Morina Ahmeti Kelmendi "
        "Thaqi Sadiku Bytyqi Musliu Zeqiri Halili Osmani Ramadani".split()),
    "romanian": (
        "Ioana Maria Elena Cristina Natalia Tatiana Mihaela Doina Alina Svetlana Lilia Corina".split(),
        "Popescu Ionescu Rusu Ceban Țurcanu Lungu Munteanu Cojocaru Ciobanu Moraru Bălan Gheorghiu "
        "Sîrbu Căldare Chiriac Ghețiu Ursu Rotaru Plămădeală Botnaru Cebotari Grosu Ungureanu Roșca "
        "Mocanu Bivol".split()),
    "bosnian": (
        "Amra Lejla Selma Emina Aida Merima Džana Ajla Šejla Edina".split(),
        "Hodžić Hadžić Begović Delić Mujić Čaušević Šehić Ćatić Kovačević Alić Džaferović Šabić Hasić "
        "Omerović Mehmedović Salihović Husić Imamović Karić Zukić".split()),
}
CYRILLIC = {"serbian", "macedonian", "ukrainian", "russian"}
# Ukrainian women interviewed in Russian give the Russian form of their names.
UKRAINIAN_TO_RUSSIAN = {
    "Олена": "Елена", "Юлія": "Юлия", "Наталія": "Наталья", "Ірина": "Ирина", "Тетяна": "Татьяна",
    "Світлана": "Светлана", "Ганна": "Анна", "Марія": "Мария", "Вікторія": "Виктория",
    "Олійник": "Олейник", "Поліщук": "Полищук", "Чорновол": "Черновол", "Захарченко": "Захарченко",
}

# ---------------------------------------------------------------- Cyrillic tables, one per standard
VOWELS_CYR = set("аеёиіїоуыэюяєАЕЁИІЇОУЫЭЮЯЄ")


def table(pairs):
    return dict(pairs)


ICAO_RU = table([("а", "a"), ("б", "b"), ("в", "v"), ("г", "g"), ("д", "d"), ("е", "e"), ("ё", "e"),
                 ("ж", "zh"), ("з", "z"), ("и", "i"), ("й", "i"), ("к", "k"), ("л", "l"), ("м", "m"),
                 ("н", "n"), ("о", "o"), ("п", "p"), ("р", "r"), ("с", "s"), ("т", "t"), ("у", "u"),
                 ("ф", "f"), ("х", "kh"), ("ц", "ts"), ("ч", "ch"), ("ш", "sh"), ("щ", "shch"),
                 ("ъ", "ie"), ("ы", "y"), ("ь", ""), ("э", "e"), ("ю", "iu"), ("я", "ia")])
ICAO_UK = dict(ICAO_RU, **{"г": "h", "ґ": "g", "є": "ie", "и": "y", "і": "i", "ї": "i", "ь": ""})
ICAO_SR = table([("а", "a"), ("б", "b"), ("в", "v"), ("г", "g"), ("д", "d"), ("ђ", "d"), ("е", "e"),
                 ("ж", "z"), ("з", "z"), ("и", "i"), ("ј", "j"), ("к", "k"), ("л", "l"), ("љ", "lj"),
                 ("м", "m"), ("н", "n"), ("њ", "nj"), ("о", "o"), ("п", "p"), ("р", "r"), ("с", "s"),
                 ("т", "t"), ("ћ", "c"), ("у", "u"), ("ф", "f"), ("х", "h"), ("ц", "c"), ("ч", "c"),
                 ("џ", "dz"), ("ш", "s")])
ICAO_MK = dict(ICAO_SR, **{"ѓ": "gj", "ж": "zh", "ѕ": "dz", "ќ": "kj", "ч": "ch", "џ": "dj", "ш": "sh"})
BGN_RU = dict(ICAO_RU, **{"е": "e", "ё": "ë", "й": "y", "ъ": "", "ь": "", "ю": "yu", "я": "ya"})
BGN_UK = dict(ICAO_UK, **{"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"})
NATIONAL_UK = dict(ICAO_UK)  # the 2010 national system is the one ICAO 9303 adopted for Ukrainian
SERBIAN_LATIN = table([("а", "a"), ("б", "b"), ("в", "v"), ("г", "g"), ("д", "d"), ("ђ", "đ"), ("е", "e"),
                       ("ж", "ž"), ("з", "z"), ("и", "i"), ("ј", "j"), ("к", "k"), ("л", "l"), ("љ", "lj"),
                       ("м", "m"), ("н", "n"), ("њ", "nj"), ("о", "o"), ("п", "p"), ("р", "r"), ("с", "s"),
                       ("т", "t"), ("ћ", "ć"), ("у", "u"), ("ф", "f"), ("х", "h"), ("ц", "c"), ("ч", "č"),
                       ("џ", "dž"), ("ш", "š")])
MACEDONIAN_LATIN = dict(ICAO_MK, **{"џ": "dzh"})
GERMAN_RU = table([("а", "a"), ("б", "b"), ("в", "w"), ("г", "g"), ("д", "d"), ("е", "e"), ("ё", "jo"),
                   ("ж", "sch"), ("з", "s"), ("и", "i"), ("й", "j"), ("к", "k"), ("л", "l"), ("м", "m"),
                   ("н", "n"), ("о", "o"), ("п", "p"), ("р", "r"), ("с", "s"), ("т", "t"), ("у", "u"),
                   ("ф", "f"), ("х", "ch"), ("ц", "z"), ("ч", "tsch"), ("ш", "sch"), ("щ", "schtsch"),
                   ("ъ", ""), ("ы", "y"), ("ь", ""), ("э", "e"), ("ю", "ju"), ("я", "ja")])
GERMAN_UK = dict(GERMAN_RU, **{"г": "h", "ґ": "g", "є": "je", "и": "y", "і": "i", "ї": "ji"})
FRENCH_RU = table([("а", "a"), ("б", "b"), ("в", "v"), ("г", "g"), ("д", "d"), ("е", "e"), ("ё", "io"),
                   ("ж", "j"), ("з", "z"), ("и", "i"), ("й", "ï"), ("к", "k"), ("л", "l"), ("м", "m"),
                   ("н", "n"), ("о", "o"), ("п", "p"), ("р", "r"), ("с", "s"), ("т", "t"), ("у", "ou"),
                   ("ф", "f"), ("х", "kh"), ("ц", "ts"), ("ч", "tch"), ("ш", "ch"), ("щ", "chtch"),
                   ("ъ", ""), ("ы", "y"), ("ь", ""), ("э", "e"), ("ю", "iou"), ("я", "ia")])
FRENCH_UK = dict(FRENCH_RU, **{"г": "h", "є": "ie", "и": "y", "і": "i", "ї": "ï"})
ITALIAN_RU = table([("а", "a"), ("б", "b"), ("в", "v"), ("г", "g"), ("д", "d"), ("е", "e"), ("ё", "io"),
                    ("ж", "j"), ("з", "z"), ("и", "i"), ("й", "i"), ("к", "k"), ("л", "l"), ("м", "m"),
                    ("н", "n"), ("о", "o"), ("п", "p"), ("р", "r"), ("с", "s"), ("т", "t"), ("у", "u"),
                    ("ф", "f"), ("х", "ch"), ("ц", "z"), ("ч", "c"), ("ш", "sc"), ("щ", "sc"), ("ъ", ""),
                    ("ы", "y"), ("ь", ""), ("э", "e"), ("ю", "iu"), ("я", "ia")])
ITALIAN_UK = dict(ITALIAN_RU, **{"г": "h", "є": "ie", "и": "y", "і": "i", "ї": "i"})
# Russian and Ukrainian names in Serbian Cyrillic (transcribed by pronunciation, Pravopis).
SERBIAN_FROM_RU = table([("е", "е"), ("ё", "јо"), ("й", "ј"), ("ы", "и"), ("ь", ""), ("ъ", ""), ("э", "е"),
                         ("ю", "ју"), ("я", "ја"), ("щ", "шч"), ("і", "и"), ("ї", "ји"), ("є", "је"),
                         ("ґ", "г")])


def transliterate(text, mapping, before_vowel=None):
    """Letter by letter, keeping the case of the first letter of each word."""
    out = []
    lower = text.lower()
    for i, ch in enumerate(lower):
        rom = mapping.get(ch, ch)
        nxt = lower[i + 1] if i + 1 < len(lower) else ""
        if before_vowel and ch in before_vowel and nxt in VOWELS_CYR:
            rom = before_vowel[ch]
        out.append(rom)
    word = "".join(out)
    return word[:1].upper() + word[1:] if word else word


def italian(text, uk):
    """Italian: ч → c before e/i, ci before a/o/u; ш → sc / sci; г → gh before e/i; к before e/i → ch."""
    base = ITALIAN_UK if uk else ITALIAN_RU
    lower = text.lower()
    out = []
    for i, ch in enumerate(lower):
        nxt = lower[i + 1] if i + 1 < len(lower) else ""
        front = nxt != "" and nxt in "еиіёєюяї"
        if ch == "ч":
            out.append("c" if front else "ci")
        elif ch in "шщ":
            out.append("sc" if front else "sci")
        elif ch == "г" and not uk:
            out.append("gh" if front else "g")
        elif ch == "к":
            out.append("ch" if front else "c")
        else:
            out.append(base.get(ch, ch))
    word = "".join(out)
    return word[:1].upper() + word[1:]


def french(text, uk):
    word = transliterate(text, FRENCH_UK if uk else FRENCH_RU)
    # gu before e/i keeps the g hard: Сергей → Sergueï
    return word.replace("ge", "gue").replace("gi", "gui").replace("Ge", "Gue").replace("Gi", "Gui")


# ---------------------------------------------------------------- Latin-script names written by others
STRIP = str.maketrans({"č": "c", "ć": "c", "š": "s", "ž": "z", "đ": "d", "Č": "C", "Ć": "C", "Š": "S",
                       "Ž": "Z", "Đ": "D", "ë": "e", "Ë": "E", "ç": "c", "Ç": "C", "ț": "t", "Ț": "T",
                       "ș": "s", "Ș": "S", "ă": "a", "â": "a", "î": "i", "Î": "I"})


def mrz(text):
    """ICAO 9303 MRZ rules for Latin names: diacritics dropped (đ → d, ë → e)."""
    return text.translate(STRIP)


def albanian_in_serbian(text):
    """Albanian orthography to Serbian Latin by sound (xh → dž, sh → š, ç → č, q → ć, gj → đ, dh → d,
    th → t, ll → l, rr → r, zh → ž, y → i, ë dropped at the end, else e)."""
    t = text
    for a, b in [("Xh", "Dž"), ("xh", "dž"), ("Sh", "Š"), ("sh", "š"), ("Zh", "Ž"), ("zh", "ž"),
                 ("Gj", "Đ"), ("gj", "đ"), ("Dh", "D"), ("dh", "d"), ("Th", "T"), ("th", "t"),
                 ("ll", "l"), ("rr", "r"), ("Ç", "Č"), ("ç", "č"), ("Q", "Ć"), ("q", "ć"), ("y", "i"),
                 ("Y", "I")]:
        t = t.replace(a, b)
    if t.endswith("ë"):
        t = t[:-1]
    return t.replace("ë", "e").replace("Ë", "E")


def romanian_in_serbian(text):
    """Romanian orthography to Serbian Latin by sound (ce/ci → če/či, c → k, ge/gi → dže/dži, gh → g,
    ch → k, ș → š, ț → c, ă/â/î → a/i, io at the start → jo)."""
    t = text.lower()
    out = []
    i = 0
    while i < len(t):
        two = t[i:i + 2]
        nxt = t[i + 1] if i + 1 < len(t) else ""
        if two in ("ch", "gh"):
            out.append("k" if two == "ch" else "g")
            i += 2
            continue
        ch = t[i]
        front = nxt != "" and nxt in "ei"
        if ch == "c":
            out.append("č" if front else "k")
        elif ch == "g":
            out.append("dž" if front else "g")
        elif ch == "ș":
            out.append("š")
        elif ch == "ț":
            out.append("c")
        elif ch in "ăâ":
            out.append("a")
        elif ch == "î":
            out.append("i")
        elif ch == "i" and i == 0 and nxt != "" and nxt in "aou":
            out.append("j")
        else:
            out.append(ch)
        i += 1
    word = "".join(out)
    # an i between č/dž and a vowel is not pronounced: Ciobanu → Čobanu, Gheorghiu stays
    word = word.replace("čo", "čo").replace("čio", "čo").replace("džio", "džo")
    return word[:1].upper() + word[1:]


LATIN_TO_SERBIAN_CYRILLIC = [("dž", "џ"), ("lj", "љ"), ("nj", "њ"), ("a", "а"), ("b", "б"), ("c", "ц"),
                             ("č", "ч"), ("ć", "ћ"), ("d", "д"), ("đ", "ђ"), ("e", "е"), ("f", "ф"),
                             ("g", "г"), ("h", "х"), ("i", "и"), ("j", "ј"), ("k", "к"), ("l", "л"),
                             ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"),
                             ("š", "ш"), ("t", "т"), ("u", "у"), ("v", "в"), ("z", "з"), ("ž", "ж")]


def to_serbian_cyrillic(latin):
    t = latin.lower()
    out = []
    i = 0
    while i < len(t):
        for a, b in LATIN_TO_SERBIAN_CYRILLIC:
            if t.startswith(a, i):
                out.append(b)
                i += len(a)
                break
        else:
            out.append(t[i])
            i += 1
    word = "".join(out)
    return word[:1].upper() + word[1:]


def serbian_latin_in_italian(text):
    """A Serbian or Bosnian name heard and written by an Italian clerk: č/ć → ci/c, š → sci/sc,
    ž → j, đ/dž → gi, j → i, c → z."""
    t = text.lower()
    out = []
    for i, ch in enumerate(t):
        nxt = t[i + 1] if i + 1 < len(t) else ""
        front = nxt != "" and nxt in "ei"
        if ch in "čć":
            out.append("c" if front or nxt == "" else "ci")
        elif ch == "š":
            out.append("sc" if front else "sci")
        elif ch == "ž":
            out.append("j")
        elif ch == "đ":
            out.append("g" if front else "gi")
        elif ch == "j":
            out.append("i")
        elif ch == "c":
            out.append("z")
        else:
            out.append(ch)
    word = "".join(out).replace("dgi", "gi").replace("dg", "g")
    return word[:1].upper() + word[1:]


def serbian_latin_in_french(text):
    t = text
    for a, b in [("dž", "dj"), ("Dž", "Dj"), ("đ", "dj"), ("Đ", "Dj"), ("ć", "tch"), ("č", "tch"),
                 ("Ć", "Tch"), ("Č", "Tch"), ("š", "ch"), ("Š", "Ch"), ("ž", "j"), ("Ž", "J")]:
        t = t.replace(a, b)
    return t


# ---------------------------------------------------------------- how each list writes a name
def native_latin(nationality, name):
    """The name in its country's own Latin (the form a national NGO writes)."""
    if nationality == "serbian":
        return transliterate(name, SERBIAN_LATIN)
    if nationality == "macedonian":
        return transliterate(name, MACEDONIAN_LATIN)
    if nationality == "ukrainian":
        return transliterate(name, NATIONAL_UK)
    if nationality == "russian":
        return transliterate(name, BGN_RU)
    return name


def written(agency, nationality, name, person):
    """(spelling, system) of `name` as `agency` writes it."""
    uk = nationality == "ukrainian"
    if uk and person["russian_form"] and agency in ("police-de", "consulate-fr"):
        name = UKRAINIAN_TO_RUSSIAN.get(name, name)
        uk = False
    if agency == "iom":  # passports: ICAO 9303
        if nationality in CYRILLIC:
            table_ = {"serbian": ICAO_SR, "macedonian": ICAO_MK, "ukrainian": ICAO_UK, "russian": ICAO_RU}
            return transliterate(name, table_[nationality]), "icao"
        return mrz(name), "icao"
    if agency == "ngo-rs":
        return native_latin(nationality, name), "national"
    if agency == "police-rs":
        if nationality == "serbian" or nationality == "macedonian":
            return name, "cyrillic"
        if nationality in ("ukrainian", "russian"):
            return transliterate(name, SERBIAN_FROM_RU), "cyrillic"
        if nationality == "albanian":
            return to_serbian_cyrillic(albanian_in_serbian(name)), "albanian-in-serbian"
        if nationality == "romanian":
            return to_serbian_cyrillic(romanian_in_serbian(name)), "romanian-in-serbian"
        return to_serbian_cyrillic(name), "cyrillic"
    if agency == "police-de":
        if nationality in ("ukrainian", "russian"):
            return transliterate(name, GERMAN_UK if uk else GERMAN_RU), "german"
        if nationality in ("serbian", "macedonian"):
            return mrz(native_latin(nationality, name)), "german"
        return mrz(name), "german"
    # Italian police and a French consulate: Cyrillic names transcribed by their own rules, South-Slavic
    # names heard in Serbian Latin and written by sound, others as in the passport.
    foreign = {"police-it": ("italian", italian, serbian_latin_in_italian),
               "consulate-fr": ("french", french, serbian_latin_in_french)}
    if agency in foreign:
        system, from_cyrillic, from_serbian_latin = foreign[agency]
        if nationality in ("ukrainian", "russian"):
            return from_cyrillic(name, uk), system
        if nationality in ("serbian", "macedonian", "bosnian"):
            latin = transliterate(name, SERBIAN_LATIN) if nationality != "bosnian" else name
            return from_serbian_latin(latin), system
        return mrz(name), system
    raise ValueError(agency)


def typo(word):
    """One keying slip in a Latin or Cyrillic word: a letter dropped, doubled or two exchanged."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "double", "swap"])
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


# ---------------------------------------------------------------- persons, lists, dates
AGENCIES = ["police-rs", "ngo-rs", "iom", "police-de", "police-it", "consulate-fr"]
PREFIX = {"police-rs": "RS", "ngo-rs": "NG", "iom": "IO", "police-de": "DE", "police-it": "IT",
          "consulate-fr": "FR"}
WHERE = {  # which agencies meet which nationalities, and how often
    "serbian": ["police-rs", "ngo-rs", "iom", "police-de", "police-it", "consulate-fr"],
    "macedonian": ["police-rs", "ngo-rs", "iom", "police-de", "police-it"],
    "ukrainian": ["police-rs", "ngo-rs", "iom", "police-de", "police-it", "consulate-fr"],
    "russian": ["police-rs", "ngo-rs", "iom", "police-de", "consulate-fr"],
    "albanian": ["police-rs", "ngo-rs", "iom", "police-it", "police-de"],
    "romanian": ["police-rs", "ngo-rs", "iom", "police-it"],
    "bosnian": ["police-rs", "ngo-rs", "iom", "police-de", "consulate-fr"],
}


def birth_date_text(dob, year_identified):
    """(text, form) of a birth date as one agency recorded it."""
    y, m, d = dob
    r = rng.random()
    if r < 0.58:
        return f"{y:04d}-{m:02d}-{d:02d}", "full"
    if r < 0.72:
        return f"{y:04d}", "year_only"
    if r < 0.85:
        return "", "missing"
    if r < 0.90 and d <= 12 and d != m:
        return f"{y:04d}-{d:02d}-{m:02d}", "day_month_swapped"
    if r < 0.95:
        digits = list(f"{y:04d}{m:02d}{d:02d}")
        for _ in range(20):
            i = rng.choice([2, 3, 5, 6, 7])
            old = digits[i]
            digits[i] = str(rng.randrange(10))
            s = "".join(digits)
            yy, mm, dd = int(s[:4]), int(s[4:6]), int(s[6:])
            if (s != f"{y:04d}{m:02d}{d:02d}" and 1 <= mm <= 12 and 1 <= dd <= 28 and 1940 <= yy
                    and yy <= year_identified - 10):
                return f"{yy:04d}-{mm:02d}-{dd:02d}", "one_digit"
            digits[i] = old
        return f"{y:04d}-{m:02d}-{d:02d}", "full"
    age = year_identified - y - (1 if (m, d) > (6, 15) else 0)
    return f"about {age} on {year_identified:04d}-06-15", "estimated_age"


def zipf_choice(names):
    """Names are not equally common: the k-th of a pool comes with weight 1 / (k + 2), so the commonest
    surname of a nationality is a few percent of it, as in the region's registers."""
    return rng.choices(names, weights=[1 / (k + 2) for k in range(len(names))])[0]


def main():
    persons = []
    for nationality, (given, surnames) in POOLS.items():
        count = {"serbian": 120, "macedonian": 50, "ukrainian": 90, "russian": 60, "albanian": 90,
                 "romanian": 60, "bosnian": 50}[nationality]
        for _ in range(count):
            persons.append({
                "nationality": nationality,
                "given": zipf_choice(given),
                "surname": zipf_choice(surnames),
                "dob": (rng.randrange(1965, 2006), rng.randrange(1, 13), rng.randrange(1, 29)),
                "year": 0,
                "russian_form": nationality == "ukrainian" and rng.random() < 0.4,
            })
    for p in persons:  # identified between age 14 and 40, in 2002-2024
        p["year"] = min(2024, max(2002, p["dob"][0] + rng.randrange(14, 40)))
    # Namesakes: another woman with the same name, born in another year (or the same one).
    for p in rng.sample(persons, len(persons) // 10):
        q = dict(p)
        y = p["dob"][0] + rng.choice([-7, -4, -2, 0, 3, 6])
        q["dob"] = (y, rng.randrange(1, 13), rng.randrange(1, 29))
        q["year"] = min(2024, max(q["dob"][0] + 14, p["year"] + rng.choice([0, 0, 1, 3])))
        persons.append(q)
    rows = {a: [] for a in AGENCIES}
    true_name_rows = {a: [] for a in AGENCIES}
    truth = []
    for pid, p in enumerate(persons, 1):
        places = WHERE[p["nationality"]]
        k = rng.choices([1, 2, 3], weights=[0.35, 0.45, 0.2])[0]
        for agency in rng.sample(places, k):
            given, system = written(agency, p["nationality"], p["given"], p)
            surname, _ = written(agency, p["nationality"], p["surname"], p)
            if agency == "ngo-rs" and rng.random() < 0.12:
                if rng.random() < 0.5:
                    given = typo(given)
                else:
                    surname = typo(surname)
            if agency in ("police-rs", "police-it") and rng.random() < 0.04:
                given, surname = surname, given  # a clerk's swap
            year = min(2024, p["year"] + (rng.choice([0, 0, 0, 1]) if agency != "police-rs" else 0))
            dob, form = birth_date_text(p["dob"], year)
            record_id = f"{PREFIX[agency]}{len(rows[agency]) + 1:05d}"
            rows[agency].append([record_id, given, surname, dob, "female", year])
            true_name_rows[agency].append([record_id, native_latin(p["nationality"], p["given"]),
                                           native_latin(p["nationality"], p["surname"]), dob, "female", year])
            truth.append([f"T{pid:05d}", agency.upper(), "main", record_id, system, form, p["nationality"]])
    # own-names/: the same lists with every woman's name as she writes it herself (her country's Latin,
    # no romanisation, typo or swap), dates and years unchanged. Linking these measures what the dates
    # and namesakes alone cost: what an engine whose names never err would reach on these lists.
    for out_dir, out_rows in ((HERE, rows), (os.path.join(HERE, "own-names"), true_name_rows)):
        os.makedirs(out_dir, exist_ok=True)
        for agency, records in out_rows.items():
            with open(os.path.join(out_dir, f"{agency}.csv"), "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f)
                w.writerow(["record_id", "given_names", "surnames", "birth_date", "sex", "identification_year"])
                w.writerows(records)
    with open(os.path.join(HERE, "truth.csv"), "w", newline="", encoding="utf-8") as f:  # the same ids
        w = csv.writer(f)
        w.writerow(["person_id", "agency", "list", "record_id", "spelling", "birth_date_form", "nationality"])
        w.writerows(truth)


if __name__ == "__main__":
    main()
