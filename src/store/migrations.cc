#include "store/migrations.h"

#include <fmt/format.h>

#include <array>

#include "core/diagnostic.h"

namespace clearpoint::store {

namespace {

// Version 1: batches, records (one column per field of the version-1 catalogue), the audit log.
constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE batches (
  id              INTEGER PRIMARY KEY,
  agency          TEXT NOT NULL,
  list            TEXT NOT NULL,
  label           TEXT NOT NULL,
  format          TEXT NOT NULL,
  content_hash    TEXT NOT NULL,
  record_count    INTEGER NOT NULL,
  rejected_count  INTEGER NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
  imported_at     TEXT NOT NULL,
  imported_by     TEXT NOT NULL,
  withdrawn_at    TEXT,
  withdrawn_by    TEXT,
  withdraw_reason TEXT
);
CREATE UNIQUE INDEX batches_active_content ON batches (agency, list, content_hash) WHERE status = 'active';

CREATE TABLE records (
  id INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES batches (id),
  "agency" TEXT NOT NULL, "list" TEXT NOT NULL, "record_id" TEXT NOT NULL, "registered_on" TEXT,
  "given_names" TEXT, "surnames" TEXT, "father_name" TEXT, "aliases" TEXT, "sex" TEXT, "birth_date" TEXT,
  "citizenship" TEXT, "birth_country" TEXT,
  "identification_year" INTEGER, "origin_countries" TEXT, "transit_countries" TEXT, "destination_countries" TEXT,
  "exploitation_types" TEXT, "recruitment_type" TEXT, "recruiter_relation" TEXT, "means_of_control" TEXT,
  "minor_at_recruitment" TEXT, "border_crossed" TEXT, "consent_recorded" TEXT, "identified_by" TEXT,
  "assistance" TEXT,
  "act_recruitment" TEXT, "act_transportation" TEXT, "act_transfer" TEXT, "act_harbouring" TEXT,
  "act_receipt" TEXT, "act_exchange_of_control" TEXT,
  "means_threat" TEXT, "means_force" TEXT, "means_coercion" TEXT, "means_abduction" TEXT, "means_fraud" TEXT,
  "means_deception" TEXT, "means_abuse_of_power" TEXT, "means_abuse_of_vulnerability" TEXT,
  "means_payments" TEXT,
  "purpose_sexual_exploitation" TEXT, "purpose_forced_labour" TEXT, "purpose_slavery" TEXT,
  "purpose_servitude" TEXT, "purpose_debt_bondage" TEXT, "purpose_organ_removal" TEXT, "purpose_begging" TEXT,
  "purpose_criminal_activity" TEXT, "purpose_forced_marriage" TEXT, "purpose_illegal_adoption" TEXT,
  "purpose_surrogacy" TEXT,
  "commercial_sex_act" TEXT, "illegal_entry_procured" TEXT, "material_benefit" TEXT
);
CREATE UNIQUE INDEX records_identity ON records ("agency", "list", "record_id");
CREATE INDEX records_batch ON records (batch_id);

CREATE TABLE audit (
  id       INTEGER PRIMARY KEY,
  at       TEXT NOT NULL,
  actor    TEXT NOT NULL,
  action   TEXT NOT NULL,
  batch_id INTEGER,
  detail   TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql";

constexpr std::array<Migration, 1> kMigrations = {{
    {1, "batches, records and the append-only audit log", kVersion1},
}};

int current_version(Database& db) {
  auto statement = db.prepare("PRAGMA user_version");
  statement.step();
  return static_cast<int>(statement.column_int(0));
}

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

int latest_schema_version() { return kMigrations.back().version; }

void migrate(Database& db) {
  const int version = current_version(db);
  if (version > latest_schema_version()) {
    throw core::UserError(
        fmt::format("this store has schema version {}, newer than this clearpoint understands ({})", version,
                    latest_schema_version()),
        "use the clearpoint version that wrote it, or a newer one");
  }
  for (const Migration& step : kMigrations) {
    if (step.version <= version) continue;
    Transaction transaction(db);
    db.execute(step.sql);
    db.execute(fmt::format("PRAGMA user_version = {}", step.version));
    transaction.commit();
  }
}

}  // namespace clearpoint::store
