#include "store/migrations.h"

#include <fmt/format.h>

#include <array>

#include "core/diagnostic.h"
#include "store/audit_chain.h"

namespace clearpoint::store {

namespace {

// Version 1: batches, records (one column per field of the version-1 catalogue; yes/no/unknown fields
// are INTEGER 1/0/NULL), the audit log.
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
  source_line INTEGER NOT NULL,
  "agency" TEXT NOT NULL, "list" TEXT NOT NULL, "record_id" TEXT NOT NULL, "registered_on" TEXT,
  "given_names" TEXT, "surnames" TEXT, "father_name" TEXT, "aliases" TEXT, "sex" TEXT, "birth_date" TEXT,
  "citizenship" TEXT, "birth_country" TEXT,
  "identification_year" INTEGER, "origin_countries" TEXT, "transit_countries" TEXT, "destination_countries" TEXT,
  "exploitation_types" TEXT, "recruitment_type" TEXT, "recruiter_relation" TEXT, "means_of_control" TEXT,
  "minor_at_recruitment" INTEGER, "border_crossed" INTEGER, "consent_recorded" INTEGER, "identified_by" TEXT,
  "assistance" TEXT,
  "act_recruitment" INTEGER, "act_transportation" INTEGER, "act_transfer" INTEGER, "act_harbouring" INTEGER,
  "act_receipt" INTEGER, "act_exchange_of_control" INTEGER,
  "means_threat" INTEGER, "means_force" INTEGER, "means_coercion" INTEGER, "means_abduction" INTEGER, "means_fraud" INTEGER,
  "means_deception" INTEGER, "means_abuse_of_power" INTEGER, "means_abuse_of_vulnerability" INTEGER,
  "means_payments" INTEGER,
  "purpose_sexual_exploitation" INTEGER, "purpose_forced_labour" INTEGER, "purpose_slavery" INTEGER,
  "purpose_servitude" INTEGER, "purpose_debt_bondage" INTEGER, "purpose_organ_removal" INTEGER, "purpose_begging" INTEGER,
  "purpose_criminal_activity" INTEGER, "purpose_forced_marriage" INTEGER, "purpose_illegal_adoption" INTEGER,
  "purpose_surrogacy" INTEGER,
  "commercial_sex_act" INTEGER, "illegal_entry_procured" INTEGER, "material_benefit" INTEGER
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

// Version 2: each record's verdict under each legal framework, with the framework's version and file
// hash; explanations are recomputed on demand (they follow from the record and the framework).
constexpr std::string_view kVersion2 = R"sql(
CREATE TABLE verdicts (
  record            INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
  framework         TEXT NOT NULL,
  framework_version TEXT NOT NULL,
  verdict           INTEGER NOT NULL CHECK (verdict IN (0, 1, 2)),
  PRIMARY KEY (framework, record)
) WITHOUT ROWID;
CREATE INDEX verdicts_record ON verdicts (record);
)sql";

// Version 3: the person each record belongs to, as the last `clearpoint link` found it.
constexpr std::string_view kVersion3 = R"sql(
CREATE TABLE person_links (
  record INTEGER PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE,
  person TEXT NOT NULL
);
CREATE INDEX person_links_person ON person_links (person);
)sql";

// Version 4: what the last `clearpoint link` learned (its model, so `link explain` shows the weights that
// decided) and the pairs it left for clerical review.
constexpr std::string_view kVersion4 = R"sql(
CREATE TABLE link_model (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  model TEXT NOT NULL
);
CREATE TABLE link_review (
  record_a    INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
  record_b    INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
  probability REAL NOT NULL,
  weight      REAL NOT NULL,
  PRIMARY KEY (record_a, record_b)
) WITHOUT ROWID;
)sql";

// Version 5: when the person was recruited, so the age at the act (not at identification) decides.
constexpr std::string_view kVersion5 = R"sql(
ALTER TABLE records ADD COLUMN "recruitment_date" TEXT;
)sql";

// Version 6: identity number and address, for linkage where an agency holds them; each record's link
// probability; why a pair of the review queue was held apart.
constexpr std::string_view kVersion6 = R"sql(
ALTER TABLE person_links ADD COLUMN "probability" REAL;
ALTER TABLE link_review ADD COLUMN "held_apart" TEXT;
ALTER TABLE records ADD COLUMN "identity_number" TEXT;
ALTER TABLE records ADD COLUMN "address_street" TEXT;
ALTER TABLE records ADD COLUMN "address_city" TEXT;
ALTER TABLE records ADD COLUMN "address_postcode" TEXT;
ALTER TABLE records ADD COLUMN "address_region" TEXT;
)sql";

// Version 7: the audit log's hash chain (rows written before are sealed as they are) and, in an
// encrypted store, how its key is kept (never the key).
constexpr std::string_view kVersion7 = R"sql(
ALTER TABLE audit ADD COLUMN chain TEXT;
CREATE TABLE store_key (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  kind        TEXT NOT NULL CHECK (kind IN ('key-file', 'passphrase')),
  salt        TEXT,
  ops_limit   INTEGER,
  mem_limit   INTEGER,
  check_value TEXT NOT NULL
);
)sql";

// Version 8: the releases published from this store (their structure and published numbers, never a
// withheld one), so that a later release is protected together with them.
constexpr std::string_view kVersion8 = R"sql(
CREATE TABLE releases (
  id           INTEGER PRIMARY KEY,
  release_id   TEXT NOT NULL,
  published_at TEXT NOT NULL,
  data_state   TEXT NOT NULL,
  content      TEXT NOT NULL
);
)sql";

// Version 9: the accounts of `clearpoint serve` (Argon2id hashes, never a password), their sessions and API
// tokens (hashes of the secret, never the secret), and the analysts' decisions on review pairs, which
// every later `clearpoint link` obeys.
constexpr std::string_view kVersion9 = R"sql(
CREATE TABLE accounts (
  id            INTEGER PRIMARY KEY,
  login         TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role          TEXT NOT NULL CHECK (role IN ('submitter', 'analyst', 'publisher', 'auditor', 'admin', 'reader')),
  agency        TEXT CHECK ((role = 'submitter') = (agency IS NOT NULL)),
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until  TEXT,
  created_at    TEXT NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE api_tokens (
  id         INTEGER PRIMARY KEY,
  account    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  label      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE TABLE review_decisions (
  record_a   INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
  record_b   INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
  decision   TEXT NOT NULL CHECK (decision IN ('same', 'different')),
  decided_by TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  PRIMARY KEY (record_a, record_b),
  CHECK (record_a < record_b)
) WITHOUT ROWID;
)sql";

// Version 10: column mappings an agency saved to use again (the server's upload form, `import
// --saved-mapping`), one per name and agency: mapping text only, never a record.
constexpr std::string_view kVersion10 = R"sql(
CREATE TABLE column_mappings (
  agency   TEXT NOT NULL,
  name     TEXT NOT NULL,
  content  TEXT NOT NULL,
  saved_by TEXT NOT NULL,
  saved_at TEXT NOT NULL,
  PRIMARY KEY (agency, name)
) WITHOUT ROWID;
)sql";

// Version 11: the list coverage declared for estimation (link/list_coverage.h), kept in the store so every
// estimate — the CLI's, the report's, the server's — uses the same one unless told otherwise.
constexpr std::string_view kVersion11 = R"sql(
CREATE TABLE list_coverage (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  content  TEXT NOT NULL,
  saved_by TEXT NOT NULL,
  saved_at TEXT NOT NULL
);
)sql";

void seal_audit_rows(Database& db) {
  rewrite_chain(db, FieldCipher{});
}

constexpr std::array<Migration, 11> kMigrations = {{
    {1, "batches, records and the append-only audit log", kVersion1},
    {2, "verdicts under each legal framework", kVersion2},
    {3, "the person each record belongs to", kVersion3},
    {4, "the linkage model and the clerical-review queue", kVersion4},
    {5, "the recruitment date", kVersion5},
    {6, "identity number and address, link probabilities, held-apart pairs", kVersion6},
    {7, "the audit log's hash chain and the key record of an encrypted store", kVersion7, seal_audit_rows},
    {8, "the releases published from the store", kVersion8},
    {9, "accounts, sessions and API tokens of the server; clerical review decisions", kVersion9},
    {10, "column mappings saved by agencies", kVersion10},
    {11, "the list coverage declared for estimation", kVersion11},
}};

}  // namespace

int schema_version(Database& db) {
  auto statement = db.prepare("PRAGMA user_version");
  statement.step();
  return static_cast<int>(statement.column_int(0));
}

std::span<const Migration> migrations() {
  return kMigrations;
}

int latest_schema_version() {
  return kMigrations.back().version;
}

namespace {
void refuse_newer_schema(int version) {
  if (version > latest_schema_version()) {
    throw core::UserError(
        fmt::format("this store has schema version {}, newer than this clearpoint understands ({})", version,
                    latest_schema_version()),
        "use the clearpoint version that wrote it, or a newer one");
  }
}
}  // namespace

void require_current_schema(Database& db) {
  const int version = schema_version(db);
  refuse_newer_schema(version);
  if (version < latest_schema_version()) {
    throw core::UserError(
        fmt::format("this store has schema version {}; this clearpoint works on version {}", version,
                    latest_schema_version()),
        "upgrade it with `clearpoint init` (it keeps every record; back the file up first)");
  }
}

void migrate(Database& db) {
  const int version = schema_version(db);
  refuse_newer_schema(version);
  for (const Migration& step : kMigrations) {
    if (step.version <= version) continue;
    Transaction transaction(db);
    db.execute(step.sql);
    if (step.after != nullptr) step.after(db);
    db.execute(fmt::format("PRAGMA user_version = {}", step.version));
    db.execute(fmt::format("PRAGMA application_id = {}", kApplicationId));
    transaction.commit();
  }
}

}  // namespace clearpoint::store
