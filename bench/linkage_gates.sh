#!/usr/bin/env bash
# Linkage on data this project did not generate, through the CLI as a user runs it: import with a
# column mapping, `clearpoint link`, `clearpoint link eval`. FEBRL (../shared/data/linkage): febrl4
# with all fields, with given name + surname + date of birth, with the birth year only; febrl3
# deduplication with all fields and with names + date of birth. The independent test lists
# (data/link/testlists): six agencies writing the same women their own ways, recall by spelling; and the
# same lists with every name as the woman writes it herself: what dates and namesakes alone cost.
# Prints records, persons found / true, precision, recall, F1, blocking completeness and link time.
# usage: linkage_gates.sh path/to/clearpoint
set -euo pipefail
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
febrl=$root/../shared/data/linkage
examples=$root/data/examples
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# FEBRL's truth from its own record ids: rec-<N>-org and rec-<N>-dup-<k> are person <N>.
febrl_truth() {  # agency list file...
  local agency=$1 list=$2
  shift 2
  for file in "$@"; do
    tail -n +2 "$file" | awk -F', *' -v a="$agency" -v l="$list" '{split($1, p, "-"); print p[2] "," a "," l "," $1}'
  done
}

year_only() {  # file → the same with the birth date cut to its year
  awk -F', *' 'NR == 1 {print "rec_id,given_name,surname,birth_year"; next} {print $1 "," $2 "," $3 "," substr($10, 1, 4)}' "$1"
}

row() {  # label db truth
  local label=$1 db=$2 truth=$3
  /usr/bin/time -f "%e" -o "$work/time" "$bin" --db "$db" link >"$work/link"
  "$bin" --db "$db" link eval --truth "$truth" >"$work/eval"
  printf '%-34s %7s %7s %7s %9s %7s %7s %12s %7s\n' "$label" \
    "$(awk '/records checked/ {print $1}' "$work/eval")" \
    "$(awk '/^persons found/ {print $3}' "$work/eval")" "$(awk '/^true persons/ {print $3}' "$work/eval")" \
    "$(awk '/^pairwise precision/ {print $3}' "$work/eval")" "$(awk '/^pairwise recall/ {print $3}' "$work/eval")" \
    "$(awk '/^pairwise F1/ {print $3}' "$work/eval")" "$(tail -n 1 "$work/eval" | awk '{print $NF}')" \
    "$(cat "$work/time")"
}

printf '%-34s %7s %7s %7s %9s %7s %7s %12s %7s\n' data records persons truth precision recall F1 completeness "link s"
for variant in all-fields names-dob year; do
  db=$work/f4-$variant.db
  "$bin" --db "$db" init >/dev/null
  for side in a b; do
    file=$febrl/febrl_dataset4$side.csv
    mapping=$examples/febrl.mapping.toml
    [ "$variant" = all-fields ] && mapping=$examples/febrl-all-fields.mapping.toml
    if [ "$variant" = year ]; then
      year_only "$file" >"$work/y$side.csv"
      printf '[columns]\nrec_id = "record_id"\ngiven_name = "given_names"\nsurname = "surnames"\nbirth_year = "birth_date"\n' \
        >"$work/year.toml"
      file=$work/y$side.csv
      mapping=$work/year.toml
    fi
    "$bin" --db "$db" import "$file" --agency "$(echo $side | tr ab AB)" --list "$side" --mapping "$mapping" >/dev/null
  done
  { echo "person_id,agency,list,record_id"
    febrl_truth A a "$febrl/febrl_dataset4a.csv"
    febrl_truth B b "$febrl/febrl_dataset4b.csv"; } >"$work/f4truth.csv"
  row "febrl4 $variant" "$db" "$work/f4truth.csv"
done
for variant in all-fields names-dob; do
  db=$work/f3-$variant.db
  "$bin" --db "$db" init >/dev/null
  mapping=$examples/febrl.mapping.toml
  [ "$variant" = all-fields ] && mapping=$examples/febrl-all-fields.mapping.toml
  "$bin" --db "$db" import "$febrl/febrl_dataset3.csv" --agency A --list a --mapping "$mapping" >/dev/null
  { echo "person_id,agency,list,record_id"; febrl_truth A a "$febrl/febrl_dataset3.csv"; } >"$work/f3truth.csv"
  row "febrl3 $variant" "$db" "$work/f3truth.csv"
done
six_lists() {  # db dir: a new store of the six lists in dir, each under its agency's name
  "$bin" --db "$1" init >/dev/null
  for list in police-rs ngo-rs iom police-de police-it consulate-fr; do
    "$bin" --db "$1" import "$2/$list.csv" --agency "$(echo "$list" | tr a-z A-Z)" >/dev/null
  done
}
db=$work/lists.db
six_lists "$db" "$root/data/link/testlists"
row "independent lists (6 agencies)" "$db" "$root/data/link/testlists/truth.csv"
"$bin" --db "$db" link eval --truth "$root/data/link/testlists/truth.csv" --by spelling | sed -n '/^recall of/,$p'
"$bin" --db "$db" link eval --truth "$root/data/link/testlists/truth.csv" --by birth_date_form | sed -n '/^recall of/,$p'
# The same lists with each woman's own name on every record (data/link/testlists/own-names, written by
# make_lists.py: her country's Latin, no romanisation, typo or swap; dates and years unchanged): what the
# dates and namesakes alone cost.
db=$work/own-names.db
six_lists "$db" "$root/data/link/testlists/own-names"
printf '%-34s %7s %7s %7s %9s %7s %7s %12s %7s\n' data records persons truth precision recall F1 completeness "link s"
row "the same, each woman's own name" "$db" "$root/data/link/testlists/truth.csv"
"$bin" --db "$db" link eval --truth "$root/data/link/testlists/truth.csv" --by spelling | sed -n '/^recall of/,$p'
# What an engine that never guesses between namesakes can reach on these lists (an oracle's bound).
python3 "$root/bench/linkage_bound.py" "$root/data/link/testlists"
