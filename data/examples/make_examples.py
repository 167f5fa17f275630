#!/usr/bin/env python3
"""Writes the example batches of data/examples/: three agencies of one Western Balkan country (Serbia),
each in its own layout and habits. Everything here is invented; no real person is described.

The same invented person may appear in several lists, spelt differently (Cyrillic at the police,
Latin at the shelter and IOM), which later stages (linkage, estimation) use. Run it again to
regenerate the files byte for byte: python3 make_examples.py
"""
import json
import random

rng = random.Random(20040501)

SERBIAN_F = [("Јелена", "Jelena"), ("Марија", "Marija"), ("Ана", "Ana"), ("Милица", "Milica"), ("Драгана", "Dragana"),
             ("Ивана", "Ivana"), ("Снежана", "Snežana"), ("Јована", "Jovana")]
SERBIAN_M = [("Марко", "Marko"), ("Никола", "Nikola"), ("Стефан", "Stefan"), ("Милош", "Miloš")]
SERBIAN_SUR = [("Јовановић", "Jovanović"), ("Петровић", "Petrović"), ("Николић", "Nikolić"), ("Ђорђевић", "Đorđević"),
               ("Марковић", "Marković"), ("Илић", "Ilić"), ("Стојановић", "Stojanović"), ("Живковић", "Živković")]
ROMA_SUR = [("Ајдини", "Ajdini"), ("Бериша", "Beriša"), ("Ахметовић", "Ahmetović")]
MOLDOVAN_F = [("Наталија", "Natalia"), ("Олга", "Olga"), ("Ина", "Ina"), ("Тетјана", "Tatiana"), ("Викторија", "Victoria")]
MOLDOVAN_SUR = [("Русу", "Rusu"), ("Чебан", "Ceban"), ("Попеску", "Popescu"), ("Мунтеану", "Munteanu")]
UKRAINIAN_F = [("Јулија", "Yuliya"), ("Оксана", "Oksana"), ("Олена", "Olena")]
UKRAINIAN_SUR = [("Шевченко", "Shevchenko"), ("Коваленко", "Kovalenko"), ("Бондаренко", "Bondarenko")]
FATHERS = [("Петар", "Petar"), ("Драган", "Dragan"), ("Зоран", "Zoran"), ("Иван", "Ivan")]

def person(i):
    kind = rng.choices(["rs", "rs_roma", "md", "ua"], weights=[50, 15, 25, 10])[0]
    if kind in ("rs", "rs_roma"):
        female = rng.random() < 0.8
        given = rng.choice(SERBIAN_F if female else SERBIAN_M)
        sur = rng.choice(SERBIAN_SUR if kind == "rs" else ROMA_SUR)
        citizenship, origin = "RS", "RS"
        transit, dest = [], rng.choice([["RS"], ["RS"], ["IT"], ["DE"], ["AT"]])
    elif kind == "md":
        female = True
        given, sur = rng.choice(MOLDOVAN_F), rng.choice(MOLDOVAN_SUR)
        citizenship, origin = "MD", "MD"
        transit, dest = rng.choice([["RO"], ["RO", "RS"], ["RO", "RS", "ME"]]), rng.choice([["RS"], ["BA"], ["AL"], ["IT"]])
    else:
        female = True
        given, sur = rng.choice(UKRAINIAN_F), rng.choice(UKRAINIAN_SUR)
        citizenship, origin = "UA", "UA"
        transit, dest = rng.choice([["HU"], ["RO"], ["HU", "RS"]]), rng.choice([["RS"], ["ME"], ["BA"]])
    year = rng.randint(2000, 2006)
    age = rng.choice([15, 16, 17, 18, 19, 20, 22, 24, 27, 31]) if female else rng.choice([12, 14, 16, 25, 34])
    birth = (year - age, rng.randint(1, 12), rng.randint(1, 28))
    if not female:
        exploitation = rng.choice([["forced_labour"], ["begging"], ["criminal_activity"], ["forced_labour"]])
    else:
        exploitation = rng.choice([["sexual"], ["sexual"], ["sexual"], ["sexual", "forced_labour"], ["begging"], ["forced_marriage"]])
    return dict(i=i, female=female, given=given, sur=sur, father=rng.choice(FATHERS), citizenship=citizenship,
                origin=origin, transit=transit, dest=dest, year=year, age=age, birth=birth, exploitation=exploitation,
                deception=rng.choice(["yes", "yes", "no", ""]), force=rng.choice(["yes", "no", "", ""]),
                threat=rng.choice(["yes", "", ""]))

people = [person(i) for i in range(260)]
police = [p for p in people if rng.random() < 0.55]
shelter = [p for p in people if rng.random() < (0.6 if p in police else 0.3)]  # police refer to the shelter
iom = [p for p in people if p["citizenship"] != "RS" and rng.random() < 0.7] + \
      [p for p in people if p["citizenship"] == "RS" and rng.random() < 0.1]

SR_EXPLOITATION = {"sexual": "seksualna", "forced_labour": "radna", "begging": "prosjačenje",
                   "criminal_activity": "kriminal", "forced_marriage": "prinudni brak"}
SR_TRI = {"yes": "da", "no": "ne", "": ""}

with open("police.csv", "w", encoding="utf-8-sig", newline="") as f:
    f.write(";".join(["Broj predmeta", "Ime", "Prezime", "Ime oca", "Pol", "Datum rođenja", "Državljanstvo",
                      "Godina identifikacije", "Zemlja porekla", "Tranzit", "Odredište", "Vrsta eksploatacije",
                      "Prevara", "Sila", "Pretnja", "Maloletna", "Napomena"]) + "\r\n")
    for n, p in enumerate(police):
        y, m, d = p["birth"]
        dob = rng.choice([f"{d:02}.{m:02}.{y}.", f"{d:02}.{m:02}.{y}", f"{y}", ""])
        minor = "da" if p["age"] < 18 else "ne"
        f.write(";".join([f"{p['year']}/{100 + n}", p["given"][0], p["sur"][0], p["father"][0] if p["citizenship"] == "RS" else "",
                          "Ž" if p["female"] else "M", dob, p["citizenship"], str(p["year"]), p["origin"],
                          ",".join(p["transit"]), ",".join(p["dest"]),
                          ",".join(SR_EXPLOITATION[e] for e in p["exploitation"]), SR_TRI[p["deception"]],
                          SR_TRI[p["force"]], SR_TRI[p["threat"]], minor, ""]) + "\r\n")

with open("shelter.csv", "w", encoding="utf-8", newline="") as f:
    f.write(",".join(["Case no", "First name", "Last name", "Gender", "DOB", "Nationality", "Year", "Origin",
                      "Route", "Destination", "Exploitation", "Under 18 when recruited", "Services"]) + "\n")
    for n, p in enumerate(shelter):
        y, m, d = p["birth"]
        year = p["year"]
        dob = rng.choice([f"{y}-{m:02}-{d:02}", f"{y}", f"about {p['age']} on {year}-{rng.randint(1, 12):02}-15", ""])
        services = "|".join(rng.sample(["shelter", "medical", "psychological", "legal", "return"], rng.randint(1, 3)))
        exploitation = "|".join({"sexual": "sexual exploitation", "forced_labour": "labour",
                                 "begging": "begging", "criminal_activity": "crime",
                                 "forced_marriage": "forced marriage"}[e] for e in p["exploitation"])
        route = "|".join(p["transit"])
        given = p["given"][1]
        if rng.random() < 0.1:
            given = given.replace("š", "s").replace("ž", "z").replace("đ", "dj")
        f.write(",".join([f"SH-{year}-{n:03}", given, p["sur"][1], "F" if p["female"] else "M", dob, p["citizenship"],
                          str(year), p["origin"], route, "|".join(p["dest"]), exploitation,
                          "Y" if p["age"] < 18 else "N", services]) + "\n")

with open("iom.jsonl", "w", encoding="utf-8") as f:
    for n, p in enumerate(iom):
        y, m, d = p["birth"]
        row = {"record_id": f"IOM-RS-{n + 1:04}", "given_names": p["given"][1], "surnames": p["sur"][1],
               "sex": "female" if p["female"] else "male", "birth_date": f"{y}-{m:02}-{d:02}" if rng.random() < 0.7 else str(y),
               "citizenship": [p["citizenship"]], "identification_year": p["year"],
               "origin_countries": [p["origin"]], "transit_countries": p["transit"], "destination_countries": p["dest"],
               "exploitation_types": p["exploitation"], "identified_by": rng.choice(["police", "ngo", "iom", "self_referral"]),
               "assistance": ["return", "reintegration"] if p["citizenship"] != "RS" else ["shelter"],
               "act_recruitment": "yes", "means_deception": p["deception"] or None,
               "border_crossed": p["citizenship"] != "RS" or p["dest"] != ["RS"]}
        f.write(json.dumps({k: v for k, v in row.items() if v not in (None, [])}, ensure_ascii=False) + "\n")

print(f"police {len(police)}, shelter {len(shelter)}, iom {len(iom)}, persons {len(people)}")
