// Store: the clearing point's SQLite database of batches, case records and the audit log.
//
// Contract:
// - A batch is imported atomically: if any row is invalid the whole batch is rejected and the database
//   is left byte-for-byte as it was (unless skip_invalid, which stores the valid rows and hands every
//   rejected row to the reject stream). A crash at any moment leaves every batch wholly present or
//   wholly absent (one SQLite transaction per batch, WAL journal, synchronous=FULL).
// - Re-importing a batch whose content hash (the caller's hash of the file and the settings that
//   shape its records, see io::batch_content_hash) equals an active batch's changes nothing.
// - A batch holds one agency's list: every row has the same agency and list.
// - (agency, list, record_id) is unique across active batches.
// - Every import, export and withdrawal appends to the audit log, which refuses updates and deletes.
//   The log holds counts, batch ids and hashes; never names or record identifiers.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/country_set.h"
#include "core/verdict.h"
#include "io/record_source.h"
#include "records/case_record.h"
#include "store/audit_chain.h"
#include "store/field_cipher.h"
#include "store/sqlite.h"
#include "store/store_key.h"

namespace clearpoint::store {

// A batch is active until withdrawn; a withdrawn batch keeps its row and audit trail, not its records.
enum class BatchStatus { kActive, kWithdrawn };
std::string_view to_string(BatchStatus status);

struct BatchInfo {
  std::int64_t id = 0;
  std::string agency;
  std::string list;
  std::string label;
  std::string format;
  std::string content_hash;
  std::int64_t record_count = 0;
  std::int64_t rejected_count = 0;
  BatchStatus status = BatchStatus::kActive;
  std::string imported_at;
  std::string imported_by;
  std::string withdrawn_at;
  std::string withdrawn_by;
  std::string withdraw_reason;
};

struct ImportOptions {
  std::string label;         // shown in `batches`; usually the file name
  std::string actor;         // who imports, for the audit log
  std::string content_hash;  // identifies the batch's content (required)
  bool skip_invalid = false;
  std::ostream* rejects = nullptr;  // receives rejected rows when skip_invalid
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

struct ImportResult {
  bool already_present = false;  // an identical active batch exists; nothing changed
  BatchInfo batch;               // the new batch, or the identical existing one
  std::int64_t accepted = 0;
  std::int64_t rejected = 0;
};

struct RecordFilter {
  std::string agency;  // empty: all
  std::string list;
  std::optional<std::int64_t> batch_id;
};

class Store {
 public:
  // Creates the database file if it does not exist and brings its schema up to date (only `init` does).
  // A new store is encrypted when `encrypt_with` names a new key file (created here, 0600) or a new
  // passphrase; an existing store is opened with `key`. An existing file that is not a clearpoint store
  // is refused, never turned into one.
  static Store create(const std::string& path, core::CountrySet countries, const std::string& actor,
                      const KeySource& key = {}, const KeySource& encrypt_with = {});
  // Opens an existing store without changing its schema: a missing file, a file that is not a
  // clearpoint store, a store of an older schema (upgrade with `clearpoint init`) or a newer one, and an
  // encrypted store without its key are user errors that say what to do.
  static Store open(const std::string& path, core::CountrySet countries, const KeySource& key = {});

  ImportResult import_batch(io::RecordSource& source, const ImportOptions& options);

  std::vector<BatchInfo> batches(const RecordFilter& filter = {}) const;
  std::optional<BatchInfo> batch(std::int64_t id) const;
  // Deletes the batch's records and marks it withdrawn; the batch row and the audit trail stay.
  void withdraw_batch(std::int64_t id, const std::string& actor, const std::string& reason);

  // Calls `visit` for each stored record in import order. Returns the number visited.
  std::int64_t for_each_record(const RecordFilter& filter,
                               const std::function<void(const records::CaseRecord&)>& visit) const;
  // As for_each_record, with each record's row id (the store's own key, used to attach results to it).
  // `fields`, when given, names the only fields read (the rest stay empty): linking a million records
  // needs eight of the 54 columns.
  std::int64_t for_each_record_with_id(
      const RecordFilter& filter,
      const std::function<void(std::int64_t id, const records::CaseRecord&)>& visit,
      const std::vector<std::string>& fields = {}) const;
  // One record by its agency, list and record_id, through the store's unique index (the record_id sealed
  // findably in an encrypted store): its row id and the record; none when no such record is stored.
  std::optional<std::pair<std::int64_t, records::CaseRecord>> find_record(const std::string& agency,
                                                                          const std::string& list,
                                                                          const std::string& record_id) const;
  // What one `clearpoint link` found: every record's person, the pairs left for clerical review and the
  // trained model (JSON), replacing the previous run's in one transaction, audited.
  struct ReviewPair {
    std::int64_t record_a = 0;
    std::int64_t record_b = 0;
    double probability = 0;
    double weight = 0;
    std::string held_apart;  // empty: below the threshold; else the rule that kept a probable pair apart
  };
  struct PersonLink {
    std::int64_t record = 0;
    std::string person;
    std::optional<double> probability;  // the strongest link to another record of the person; none alone
  };
  struct LinkRun {
    std::vector<PersonLink> persons;
    std::vector<ReviewPair> review;
    std::string model_json;
  };
  void replace_link_run(const LinkRun& run, const std::string& actor, const std::string& detail_json);
  // The last run's model; empty when nothing has been linked.
  std::string link_model() const;
  bool has_link_model() const;  // without reading the model
  // The last run's review queue, most probable first.
  std::vector<ReviewPair> review_pairs() const;
  // The queued pair of two records (in either order), if the last run queued it.
  std::optional<ReviewPair> review_pair(std::int64_t record_a, std::int64_t record_b) const;
  // The person the last link placed a record in; empty when none.
  std::string person_of(std::int64_t record) const;
  // record row id → person id, for the records linked so far.
  std::vector<std::pair<std::int64_t, std::string>> persons() const;
  // The same with each record's link probability.
  std::vector<PersonLink> person_links() const;
  // How far the stored persons lag behind the records: records imported since the last link (no person)
  // and records that link placed in persons but a withdrawal has removed since.
  struct LinkageLag {
    std::int64_t unlinked_records = 0;
    std::int64_t withdrawn_records = 0;
    bool stale() const { return unlinked_records > 0 || withdrawn_records > 0; }
  };
  LinkageLag linkage_lag() const;
  // Appends an audit entry for an export the caller has written.
  void record_export(const std::string& actor, const RecordFilter& filter, std::int64_t count,
                     const std::string& format);

  // Replaces the stored verdicts of `frameworks` for every stored record in one transaction. `judge`
  // writes one verdict per framework into its vector (stored as core::Verdict's code).
  struct FrameworkStamp {
    std::string id;
    std::string version;  // the framework's date and file hash
  };
  std::int64_t save_verdicts(
      const std::vector<FrameworkStamp>& frameworks,
      const std::function<void(const records::CaseRecord&, std::vector<core::Verdict>&)>& judge,
      const std::string& actor);
  struct VerdictCount {
    std::string framework;
    std::string version;
    std::array<std::int64_t, core::kVerdictKinds> counts{};  // by core::Verdict
  };
  std::vector<VerdictCount> verdict_counts() const;

  // Releases published from this store: their structure and published numbers (never a withheld one).
  struct StoredRelease {
    std::string release_id;
    std::string published_at;
    std::string data_state;  // data_state() when it was published
    std::string content;     // JSON (pipeline/publish_release.cc)
  };
  void save_release(const StoredRelease& release, const std::string& actor, const std::string& detail_json);
  std::vector<StoredRelease> releases() const;
  // What the counts of a release depend on: the active batches and the last linkage run. Two releases
  // with the same state were counted from the same data.
  std::string data_state() const;

  // Appends an audit entry for what a person did through `clearpoint serve` (a read of records, a login,
  // an account change): who, what and when, with counts and numbers, never a name or record id.
  void record_event(const std::string& actor, const std::string& action, std::optional<std::int64_t> batch_id,
                    const std::string& detail);

  // The accounts of `clearpoint serve` (store/store_accounts.cc). Only hashes are kept: Argon2id of the
  // password, BLAKE2b of a session cookie or API token.
  struct Account {
    std::int64_t id = 0;
    std::string login;
    std::string role;
    std::string agency;  // a submitter's agency; empty for every other role
    std::string password_hash;
    bool disabled = false;
    int failed_logins = 0;
    std::string locked_until;  // UTC, as utc_now(); empty: not locked
    std::string created_at;
  };
  // Throws core::UserError when the login is taken (letter case ignored).
  std::int64_t add_account(const Account& account, const std::string& actor);
  std::optional<Account> account(const std::string& login) const;
  std::optional<Account> account(std::int64_t id) const;
  std::vector<Account> accounts() const;
  void set_account_disabled(std::int64_t id, bool disabled, const std::string& actor);
  // A new password hash: the lockout is lifted and every session of the account ends.
  void set_password_hash(std::int64_t id, const std::string& password_hash, const std::string& actor);
  void set_login_state(std::int64_t id, int failed_logins, const std::string& locked_until);

  struct Session {
    std::string token_hash;
    std::int64_t account = 0;
    std::string csrf_token;
    std::string created_at;
    std::string expires_at;
  };
  // Stores a new session and removes those expired by its creation time.
  void add_session(const Session& session);
  std::optional<Session> session(const std::string& token_hash) const;
  void end_session(const std::string& token_hash);
  void end_sessions_of(std::int64_t account);

  struct ApiToken {
    std::int64_t id = 0;
    std::int64_t account = 0;
    std::string token_hash;
    std::string label;
    std::string created_at;
    std::string revoked_at;  // empty: in force
  };
  std::int64_t add_api_token(const ApiToken& token, const std::string& actor);
  std::optional<ApiToken> api_token(const std::string& token_hash) const;
  std::vector<ApiToken> api_tokens(std::int64_t account) const;
  // Returns false when the account has no such token in force.
  bool revoke_api_token(std::int64_t account, std::int64_t token_id, const std::string& actor);

  // An analyst's decision on a pair of records (row ids, either order): every later link keeps "same"
  // pairs in one person and "different" pairs apart. A new decision on the pair replaces the old.
  struct ReviewDecision {
    std::int64_t record_a = 0;  // the smaller row id
    std::int64_t record_b = 0;
    bool same = false;
    std::string decided_by;
    std::string decided_at;
  };
  void save_review_decision(std::int64_t record_a, std::int64_t record_b, bool same,
                            const std::string& actor);
  std::vector<ReviewDecision> review_decisions() const;
  // A column mapping an agency saved under a name (TOML, io/column_mapping.h), to choose again when it
  // submits. Saving under a name in use replaces that mapping.
  struct SavedMapping {
    std::string agency;
    std::string name;
    std::string content;
    std::string saved_by;
    std::string saved_at;
  };
  void save_mapping(const SavedMapping& mapping, const std::string& actor);
  std::vector<SavedMapping> saved_mappings(const std::string& agency) const;
  std::optional<SavedMapping> saved_mapping(const std::string& agency, const std::string& name) const;

  // The coverage file declared for estimation (TOML, link/list_coverage.h): one at a time, replaced by the
  // next save, removed by clear; each change audited.
  struct SavedCoverage {
    std::string content;
    std::string saved_by;
    std::string saved_at;
  };
  void save_coverage(const std::string& content, const std::string& actor);
  std::optional<SavedCoverage> saved_coverage() const;
  bool clear_coverage(const std::string& actor);  // false when none was saved

  // Whether a stored record has this row id, and its batch's agency (empty when there is none).
  std::string record_agency(std::int64_t record) const;

  std::vector<AuditEntry> audit_log() const;
  // The database, the audit chain and its triggers, and every batch against its audit entries.
  StoreCheck check() const;
  // Encrypts every identifying field under a new key (a new key file or passphrase), or under a first
  // key when the store is plaintext; re-keys the audit chain; then compacts the file so no page keeps
  // the old text. One transaction: a crash leaves the store under the old key or wholly under the new.
  void rekey(const KeySource& new_key, const std::string& actor);
  bool encrypted() const { return cipher_.encrypts(); }
  int schema_version() const;
  const std::string& path() const { return path_; }

 private:
  Store(const std::string& path, Database::Mode mode, core::CountrySet countries);
  // Journal, durability and cache settings; only once the file is known to be a clearpoint store (WAL
  // mode rewrites the file's header).
  void configure();
  // Reads the key record and opens the key; a plaintext store keeps a pass-through cipher.
  void unlock(const KeySource& key);
  // Fills `record` from the catalogue's columns of `row`, starting at `first_column`.
  void read_record(const Statement& row, int first_column, records::CaseRecord& record,
                   std::span<const records::FieldSpec> fields) const;
  // Throws core::UserError when the batch's agency, or its list within the agency, differs from a stored
  // one only in letter case (one agency would otherwise become two).
  void refuse_names_differing_in_case(std::int64_t batch_id) const;
  void append_audit(const std::string& actor, const std::string& action, std::optional<std::int64_t> batch_id,
                    const std::string& detail);

  std::string path_;
  std::unique_ptr<Database> db_;
  core::CountrySet countries_;
  FieldCipher cipher_;
};

// The current time in UTC as YYYY-MM-DDTHH:MM:SSZ.
std::string utc_now();
// The login name of the user running clearpoint, for the audit log.
std::string current_user();

}  // namespace clearpoint::store
