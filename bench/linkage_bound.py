#!/usr/bin/env python3
"""How far any engine that never guesses can go on the independent test lists (data/link/testlists).

Reads the lists as each woman writes her own name (own-names/: no romanisation, typo or swap; dates and
years as the agencies wrote them) and the truth. A true pair (a, b) is *ambiguous* when another woman of
the same name has a record on a's list that fits b as well as a does — or on b's list one that fits a:
birth dates that can be one (equal, day and month swapped, one digit apart; a year, an estimated age or a
missing date fits every date it overlaps) and years identified at most one apart. Nothing in the records
tells an engine which of the two women such a record is of.

The engine measured here is an oracle: it links every true pair that is not ambiguous, however its dates
disagree, leaves every ambiguous one alone and never links two different women. No real engine does as
well (two namesakes each on one list look like one woman to anyone), so its F1 is an upper bound for
engines that leave undecidable records alone; an engine can pass it only by guessing right between
namesakes. clearpoint reads nothing of this file.

usage: linkage_bound.py [data/link/testlists]
"""
import collections
import csv
import itertools
import os
import re
import sys

LISTS = ["police-rs", "ngo-rs", "iom", "police-de", "police-it", "consulate-fr"]


def birth_years(text):
    """The birth years a recorded date allows, or None when the date is missing."""
    if not text:
        return None
    estimated = re.match(r"about (\d+) on (\d{4})", text)
    if estimated:
        year = int(estimated.group(2)) - int(estimated.group(1))
        return (year - 1, year)
    return (int(text[:4]), int(text[:4]))


def dates_fit(x, y):
    """Whether two recorded birth dates can be one woman's, allowing one clerk's slip."""
    years_x, years_y = birth_years(x), birth_years(y)
    if years_x is None or years_y is None:
        return True
    if years_x[1] < years_y[0] or years_y[1] < years_x[0]:
        return False
    full = len(x) == 10 and len(y) == 10
    if not full:
        return True
    swapped = x[:4] == y[:4] and x[5:7] == y[8:10] and x[8:10] == y[5:7]
    return x == y or swapped or sum(c != d for c, d in zip(x, y)) <= 1


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "data",
                                                                "link", "testlists")
    records = {}
    for name in LISTS:
        with open(os.path.join(folder, "own-names", f"{name}.csv"), encoding="utf-8") as f:
            for row in csv.DictReader(f):
                records[row["record_id"]] = (name, row)
    with open(os.path.join(folder, "truth.csv"), encoding="utf-8") as f:
        truth = list(csv.DictReader(f))
    woman_of = {row["record_id"]: row["person_id"] for row in truth}
    spelling_of = {row["record_id"]: row["spelling"] for row in truth}
    on_list_by_name = collections.defaultdict(list)
    for record_id, (name, row) in records.items():
        on_list_by_name[(name, row["given_names"], row["surnames"])].append(record_id)

    def fits_another(list_name, record_id, woman):
        """Another woman's record on list_name that fits record_id's name, date and year."""
        row = records[record_id][1]
        for other in on_list_by_name[(list_name, row["given_names"], row["surnames"])]:
            if woman_of[other] == woman:
                continue
            other_row = records[other][1]
            if (dates_fit(other_row["birth_date"], row["birth_date"])
                    and abs(int(other_row["identification_year"]) - int(row["identification_year"])) <= 1):
                return True
        return False

    by_woman = collections.defaultdict(list)
    for record_id, woman in woman_of.items():
        by_woman[woman].append(record_id)
    true_pairs = 0
    ambiguous = 0
    # As `link eval --by spelling`: the pairs whose two records are spelt differently, under each spelling.
    by_spelling = collections.defaultdict(lambda: [0, 0])  # spelling: [pairs, ambiguous]
    for woman, ids in by_woman.items():
        for a, b in itertools.combinations(ids, 2):
            undecidable = fits_another(records[a][0], b, woman) or fits_another(records[b][0], a, woman)
            true_pairs += 1
            ambiguous += undecidable
            if spelling_of[a] != spelling_of[b]:
                for spelling in (spelling_of[a], spelling_of[b]):
                    by_spelling[spelling][0] += 1
                    by_spelling[spelling][1] += undecidable
    recall = (true_pairs - ambiguous) / true_pairs
    print(f"true pairs {true_pairs}, of which a namesake's record fits one side as well: {ambiguous}")
    print(f"an oracle that links every other true pair and nothing else: precision 1.0000, "
          f"recall {recall:.4f}, F1 {2 * recall / (1 + recall):.4f}")
    print("its recall of the pairs spelt differently, by each record's spelling: " + ", ".join(
        f"{spelling} {(pairs - undecidable) / pairs:.3f}"
        for spelling, (pairs, undecidable) in sorted(by_spelling.items())))


if __name__ == "__main__":
    main()
