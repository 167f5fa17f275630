#!/usr/bin/env python3
"""Writes a synthetic batch of N records with every canonical column, for the import benchmarks.

usage: make_import_csv.py N OUT.csv HEADER_FROM(clearpoint binary)
The header is taken from `clearpoint fields` so the file always matches the current catalogue.
"""
import subprocess
import sys

n, out, binary = int(sys.argv[1]), sys.argv[2], sys.argv[3]
fields = [line.split("`")[1] for line in subprocess.run([binary, "fields"], capture_output=True, text=True,
                                                          check=True).stdout.splitlines() if line.startswith("| `")]
given = ["Наталија", "Jelena", "Ђорђе", "Olga", "Марија", "Yuliya"]
sur = ["Ђорђевић", "Rusu", "Петровић", "Shevchenko", "Jovanović", "Ceban"]
dates = ["1985-03-12", "1986", "about 17 on 2004-05-01", "", "1984/1986", "1990-07"]
tri = ["yes", "no", ""]
values = {
    "agency": lambda i: "MUP-RS", "list": lambda i: "victims", "record_id": lambda i: f"R{i}",
    "registered_on": lambda i: f"2004-0{1 + i % 9}-1{i % 10}", "given_names": lambda i: given[i % 6],
    "surnames": lambda i: sur[(i // 6) % 6], "father_name": lambda i: "Petar", "aliases": lambda i: "Nata|Наташа",
    "sex": lambda i: "male" if i % 7 == 0 else "female", "birth_date": lambda i: dates[i % 6],
    "citizenship": lambda i: "MD|RO", "birth_country": lambda i: "MD", "identification_year": lambda i: str(2000 + i % 25),
    "origin_countries": lambda i: "MD", "transit_countries": lambda i: "RS|ME", "destination_countries": lambda i: "IT|AT",
    "exploitation_types": lambda i: "sexual|forced_labour", "recruitment_type": lambda i: "job_offer",
    "recruiter_relation": lambda i: "acquaintance", "means_of_control": lambda i: "false_promises|withholds_documents",
    "identified_by": lambda i: "police", "assistance": lambda i: "shelter|medical",
    "recruitment_date": lambda i: "1999" if i % 2 == 0 else "", "identity_number": lambda i: "",
    "address_street": lambda i: "", "address_city": lambda i: "Kragujevac" if i % 3 == 0 else "",
    "address_postcode": lambda i: "", "address_region": lambda i: "",
}
with open(out, "w", encoding="utf-8") as f:
    f.write(",".join(fields) + "\n")
    for i in range(n):
        f.write(",".join(values[name](i) if name in values else tri[(i + k) % 3] for k, name in enumerate(fields)) + "\n")
