#include "store/store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/checksum.h"
#include "core/diagnostic.h"
#include "records/field_catalogue.h"
#include "store/migrations.h"
#include "store/store_key.h"

namespace clearpoint::store {

namespace {

std::string column_list() {
  std::string out;
  for (const auto& field : records::field_catalogue()) {
    if (!out.empty()) out += ", ";
    out += fmt::format("\"{}\"", field.name);
  }
  return out;
}

std::string insert_sql() {
  std::string placeholders = "?";
  for (std::size_t i = 0; i < records::field_catalogue().size(); ++i) placeholders += ", ?";
  return fmt::format("INSERT INTO records (batch_id, source_line, {}) VALUES (?, {})", column_list(),
                     placeholders);
}

// Binds one field of `record`: yes/no/unknown as 1, 0 or NULL (INTEGER columns), any other unknown
// as NULL, everything else as its canonical text (sealed when the store encrypts the field), held in
// `buffer` until the row is stepped.
void bind_field(Statement& insert, int index, const records::CaseRecord& record,
                const records::FieldSpec& field, const FieldCipher& cipher, std::string& buffer) {
  if (field.kind == records::FieldKind::kTriState) {
    const auto value = records::tristate_value(record, field);
    if (value == core::TriState::kUnknown) {
      insert.bind_null(index);
    } else {
      insert.bind(index, std::int64_t{value == core::TriState::kYes ? 1 : 0});
    }
    return;
  }
  records::write_field_text(record, field, buffer);
  if (cipher.encrypts() && FieldCipher::is_identifying(field.name)) {
    buffer = field.name == "record_id" ? cipher.seal_findable(field.name, record.agency, record.list, buffer)
                                       : cipher.seal(field.name, buffer);
  }
  insert.bind_static(index, buffer);
}

constexpr std::string_view kBatchColumns =
    "id, agency, list, label, format, content_hash, record_count, rejected_count, status, imported_at, "
    "imported_by, withdrawn_at, withdrawn_by, withdraw_reason";

BatchInfo read_batch(const Statement& s, const FieldCipher& cipher) {
  BatchInfo b;
  b.id = s.column_int(0);
  b.agency = s.column_text(1);
  b.list = s.column_text(2);
  b.label = s.column_text(3);
  b.format = s.column_text(4);
  b.content_hash = s.column_text(5);
  b.record_count = s.column_int(6);
  b.rejected_count = s.column_int(7);
  b.status =
      s.column_text(8) == to_string(BatchStatus::kWithdrawn) ? BatchStatus::kWithdrawn : BatchStatus::kActive;
  b.imported_at = s.column_text(9);
  b.imported_by = s.column_text(10);
  b.withdrawn_at = s.column_text(11);
  b.withdrawn_by = s.column_text(12);
  b.withdraw_reason = cipher.open("withdraw_reason", s.column_text(13));
  return b;
}

}  // namespace

std::string_view to_string(BatchStatus status) {
  return status == BatchStatus::kWithdrawn ? "withdrawn" : "active";
}

std::string utc_now() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", parts.tm_year + 1900, parts.tm_mon + 1,
                     parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec);
}

std::string current_user() {
  // Read once: getpwuid's answer lives in a static buffer that the server's threads would share, and the
  // process's user does not change while it runs.
  static const std::string user = [] {
    if (const passwd* entry = getpwuid(getuid()); entry != nullptr && entry->pw_name != nullptr)
      return std::string(entry->pw_name);
    if (const char* from_environment = std::getenv("USER"); from_environment != nullptr)
      return std::string(from_environment);
    return fmt::format("uid {}", getuid());
  }();
  return user;
}

namespace {

// What a file must look like before SQLite may open it as a store: a regular, non-empty SQLite file.
void refuse_unless_store_file(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    throw core::UserError(fmt::format("cannot read {}: {}", path, std::strerror(errno)),
                          "check the path given with --db and your permissions on it");
  }
  if (!S_ISREG(info.st_mode)) {
    throw core::UserError(fmt::format("{} is not a clearpoint store: it is not a regular file", path),
                          "point --db to the store's .db file");
  }
  const std::string hint = "point --db to a clearpoint store, or give a new path to `clearpoint init`";
  if (info.st_size == 0) {
    throw core::UserError(fmt::format("{} is an empty file, not a clearpoint store", path), hint);
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw core::UserError(fmt::format("cannot read {}: {}", path, std::strerror(errno)),
                          "check your permissions on the store");
  }
  std::array<char, 16> magic{};
  const auto n = ::read(fd, magic.data(), magic.size());
  ::close(fd);
  static constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};
  if (n != static_cast<ssize_t>(magic.size()) ||
      std::string_view(magic.data(), magic.size()) != kSqliteMagic) {
    throw core::UserError(fmt::format("{} is not a clearpoint store: it is not an SQLite database", path),
                          hint);
  }
}

// An SQLite file is a clearpoint store when it carries clearpoint's application id, or (written before
// the id existed) has a schema version and the store's audit and batches tables.
void refuse_unless_clearpoint(Database& db, const std::string& path) {
  auto id = db.prepare("PRAGMA application_id");
  id.step();
  if (id.column_int(0) == kApplicationId) return;
  auto tables =
      db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('audit', 'batches')");
  tables.step();
  if (id.column_int(0) == 0 && schema_version(db) > 0 && tables.column_int(0) == 2) return;
  throw core::UserError(
      fmt::format("{} is an SQLite database of another program, not a clearpoint store", path),
      "point --db to a clearpoint store, or give a new path to `clearpoint init`");
}

KeyRecord read_key_record(const Statement& s) {
  return KeyRecord{std::string(s.column_text(0)), std::string(s.column_text(1)),
                   static_cast<std::uint64_t>(s.column_int(2)), static_cast<std::uint64_t>(s.column_int(3)),
                   std::string(s.column_text(4))};
}

void write_key_record(Database& db, const KeyRecord& record) {
  auto s = db.prepare(
      "INSERT OR REPLACE INTO store_key (id, kind, salt, ops_limit, mem_limit, check_value) "
      "VALUES (1, ?, ?, ?, ?, ?)");
  s.bind(1, record.kind)
      .bind(2, record.salt_hex)
      .bind(3, static_cast<std::int64_t>(record.ops_limit))
      .bind(4, static_cast<std::int64_t>(record.mem_limit))
      .bind(5, record.check_hex);
  s.step();
}

StoreKey new_key(const KeySource& source, KeyRecord& record) {
  return source.passphrase ? StoreKey::from_new_passphrase(*source.passphrase, record)
                           : StoreKey::create_key_file(source.key_file, record);
}

}  // namespace

Store::Store(const std::string& path, Database::Mode mode, core::CountrySet countries)
    : path_(path), db_(std::make_unique<Database>(path, mode)), countries_(std::move(countries)) {}

void Store::configure() {
  // Larger pages suit wide records written in large batches; it only takes effect on a new file.
  db_->execute("PRAGMA page_size = 16384");
  db_->execute("PRAGMA journal_mode = WAL");
  db_->execute("PRAGMA synchronous = FULL");
  db_->execute("PRAGMA foreign_keys = ON");
  // Deleted records (withdrawals, rekeying) are overwritten in the file, not just unlinked.
  db_->execute("PRAGMA secure_delete = ON");
  // A batch is one transaction: a page cache of 32 MiB keeps its pages from spilling into the WAL
  // early, and bounds memory however large the batch (pages beyond it spill; they do not grow RSS).
  db_->execute("PRAGMA cache_size = -32768");
}

void Store::unlock(const KeySource& key) {
  auto s = db_->prepare("SELECT kind, salt, ops_limit, mem_limit, check_value FROM store_key WHERE id = 1");
  if (!s.step()) return;
  const StoreKey opened = StoreKey::open(key, read_key_record(s));
  cipher_ = FieldCipher(opened);
}

Store Store::create(const std::string& path, core::CountrySet countries, const std::string& actor,
                    const KeySource& key, const KeySource& encrypt_with) {
  const bool existed = std::filesystem::exists(path);
  if (existed) {
    refuse_unless_store_file(path);
    if (!encrypt_with.empty()) {
      throw core::UserError(fmt::format("{} already exists; init --encrypt makes a new store", path),
                            "to encrypt an existing store, run `clearpoint rekey` on it");
    }
  }
  // A new store's key is made first: a key that cannot be made leaves no half-made store behind.
  std::optional<StoreKey> created_key;
  KeyRecord key_record;
  if (!existed && !encrypt_with.empty()) created_key.emplace(new_key(encrypt_with, key_record));
  if (!existed) {
    // The store holds victims' names: only its owner may read it. Created here, exclusively and 0600,
    // before SQLite opens it (SQLite gives its -wal and -shm files the database file's mode).
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
      throw core::UserError(fmt::format("cannot create the store {}: {}", path, std::strerror(errno)),
                            "check that the folder exists and that you may write in it");
    }
    ::close(fd);
  }
  Store store(path, Database::Mode::kCreate, std::move(countries));
  if (existed) refuse_unless_clearpoint(*store.db_, path);
  store.configure();
  migrate(*store.db_);
  if (existed) store.unlock(key);
  if (!existed) {
    Transaction transaction(*store.db_);
    if (created_key) {
      write_key_record(*store.db_, key_record);
      store.cipher_ = FieldCipher(*created_key);
    }
    store.append_audit(
        actor, "init", std::nullopt,
        fmt::format(R"({{"schema":{},"encrypted":{}}})", store.schema_version(), store.encrypted()));
    transaction.commit();
  }
  return store;
}

Store Store::open(const std::string& path, core::CountrySet countries, const KeySource& key) {
  if (!std::filesystem::exists(path)) {
    throw core::UserError(fmt::format("there is no clearpoint store at {}", path),
                          "create one with `clearpoint init`, or point to yours with --db PATH");
  }
  refuse_unless_store_file(path);
  Store store(path, Database::Mode::kOpenExisting, std::move(countries));
  refuse_unless_clearpoint(*store.db_, path);
  store.configure();
  require_current_schema(*store.db_);
  store.unlock(key);
  return store;
}

StoreCheck Store::check() const {
  return check_store(*db_, cipher_);
}

void Store::rekey(const KeySource& new_key_source, const std::string& actor) {
  if (new_key_source.empty()) throw std::logic_error("Store::rekey needs a new key");
  {
    const StoreCheck before = check();
    if (!before.ok()) {
      throw core::UserError(fmt::format("the store fails its check ({} problems); rekeying would seal them",
                                        before.problems.size()),
                            "run `clearpoint audit verify` and restore the store from a backup");
    }
  }
  Transaction transaction(*db_);
  KeyRecord record;
  const StoreKey created = new_key(new_key_source, record);
  const FieldCipher next(created);
  std::string columns;
  for (const auto column : FieldCipher::identifying_fields()) columns += fmt::format(", \"{}\"", column);
  std::vector<std::pair<std::int64_t, std::vector<std::string>>> rows;
  {
    auto select = db_->prepare(fmt::format("SELECT id, agency, list{} FROM records ORDER BY id", columns));
    while (select.step()) {
      std::vector<std::string> values;
      const std::string agency(select.column_text(1));
      const std::string list(select.column_text(2));
      int index = 3;
      for (const auto column : FieldCipher::identifying_fields()) {
        const std::string plain = cipher_.open(column, select.column_text(index++));
        values.push_back(column == "record_id" ? next.seal_findable(column, agency, list, plain)
                                               : next.seal(column, plain));
      }
      rows.emplace_back(select.column_int(0), std::move(values));
    }
  }
  std::string assignments;
  int placeholder = 1;
  for (const auto column : FieldCipher::identifying_fields())
    assignments += fmt::format("{}\"{}\" = ?{}", assignments.empty() ? "" : ", ", column, placeholder++);
  auto update = db_->prepare(fmt::format("UPDATE records SET {} WHERE id = ?{}", assignments, placeholder));
  for (const auto& [id, values] : rows) {
    update.reset();
    for (std::size_t k = 0; k < values.size(); ++k) update.bind(static_cast<int>(k) + 1, values[k]);
    update.bind(placeholder, id);
    update.step();
  }
  {
    std::vector<std::pair<std::int64_t, std::string>> reasons;
    auto select = db_->prepare("SELECT id, withdraw_reason FROM batches WHERE withdraw_reason IS NOT NULL");
    while (select.step())
      reasons.emplace_back(select.column_int(0), cipher_.open("withdraw_reason", select.column_text(1)));
    auto reseal = db_->prepare("UPDATE batches SET withdraw_reason = ? WHERE id = ?");
    for (const auto& [id, reason] : reasons) {
      reseal.reset();
      reseal.bind(1, next.seal("withdraw_reason", reason)).bind(2, id);
      reseal.step();
    }
  }
  const std::string model = link_model();
  if (!model.empty()) {
    auto reseal = db_->prepare("UPDATE link_model SET model = ? WHERE id = 1");
    reseal.bind(1, next.seal("link_model", model));
    reseal.step();
  }
  write_key_record(*db_, record);
  const bool was_encrypted = cipher_.encrypts();
  cipher_ = next;
  rewrite_chain(*db_, cipher_);
  append_audit(actor, "rekey", std::nullopt,
               fmt::format(R"({{"records":{},"was_encrypted":{},"kind":"{}"}})", rows.size(), was_encrypted,
                           record.kind));
  transaction.commit();
  // Old values must not survive in free pages or the WAL.
  db_->execute("VACUUM");
  db_->execute("PRAGMA wal_checkpoint(TRUNCATE)");
}

int Store::schema_version() const {
  auto s = db_->prepare("PRAGMA user_version");
  s.step();
  return static_cast<int>(s.column_int(0));
}

void Store::append_audit(const std::string& actor, const std::string& action,
                         std::optional<std::int64_t> batch_id, const std::string& detail) {
  // The chain needs the previous row, so the row is written under the writer lock.
  std::optional<Transaction> own;
  if (sqlite3_get_autocommit(db_->raw()) != 0) own.emplace(*db_);
  auto next = db_->prepare("SELECT coalesce(max(id), 0) + 1 FROM audit");
  next.step();
  const AuditEntry entry{next.column_int(0), utc_now(), actor, action, batch_id, detail};
  const std::string chain = chain_link(cipher_, chain_head(*db_), entry);
  auto s = db_->prepare(
      "INSERT INTO audit (id, at, actor, action, batch_id, detail, chain) VALUES (?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, entry.id).bind(2, entry.at).bind(3, actor).bind(4, action);
  if (batch_id) {
    s.bind(5, *batch_id);
  } else {
    s.bind_null(5);
  }
  s.bind(6, detail).bind(7, chain);
  s.step();
  if (own) own->commit();
}

namespace {

// The rows of one batch as they are written: the batch row created with the first valid record, every
// valid record inserted (even after an error, so the unique index keeps finding repeated record_ids in
// constant memory; a failed batch is rolled back whole by the caller's transaction), and each problem
// said where it is.
class BatchWriter {
 public:
  BatchWriter(Database& db, const io::RecordSource& source, const ImportOptions& options,
              const FieldCipher& cipher)
      : db_(db),
        cipher_(cipher),
        source_(source),
        options_(options),
        fields_(records::field_catalogue()),
        insert_(db.prepare(insert_sql())),
        stored_in_(db.prepare(
            "SELECT batch_id, source_line FROM records WHERE agency = ? AND list = ? AND record_id = ?")),
        values_(fields_.size()) {}

  // A batch holds one agency's list: the first valid row decides which.
  void check_same_list(io::SourceRow& row) {
    if (!row.problems.empty()) return;
    const auto& r = row.record;
    if (agency_.empty()) {
      agency_ = r.agency;
      list_ = r.list;
    } else if (r.agency != agency_ || r.list != list_) {
      row.problems.push_back(
          {{"", row.line, 1},
           "list",
           fmt::format("the row is for {}/{} but the batch is {}/{}", r.agency, r.list, agency_, list_),
           "a batch holds one agency's list; split the file"});
    }
  }

  void write(io::SourceRow& row) {
    if (!row.problems.empty()) return;
    if (!batch_id_) batch_id_ = add_batch();
    insert_.reset();
    insert_.bind(1, *batch_id_);
    insert_.bind(2, row.line);
    for (std::size_t i = 0; i < fields_.size(); ++i)
      bind_field(insert_, static_cast<int>(i) + 3, row.record, fields_[i], cipher_, values_[i]);
    try {
      insert_.step();
    } catch (const SqliteError& error) {
      if (!error.is_constraint()) throw;
      report_duplicate(row);
    }
  }

  std::optional<std::int64_t> batch_id() const { return batch_id_; }

 private:
  std::int64_t add_batch() {
    auto add = db_.prepare(
        "INSERT INTO batches (agency, list, label, format, content_hash, record_count, rejected_count, "
        "status, "
        "imported_at, imported_by) VALUES (?, ?, ?, ?, ?, 0, 0, 'active', ?, ?)");
    add.bind(1, agency_)
        .bind(2, list_)
        .bind(3, options_.label.empty() ? std::string("(unnamed)") : options_.label);
    add.bind(4, source_.format_name());
    add.bind(5, options_.content_hash).bind(6, utc_now()).bind(7, options_.actor);
    add.step();
    return db_.last_insert_id();
  }

  // The unique index found a record_id used before, in this batch or an earlier one; this says where.
  void report_duplicate(io::SourceRow& bad) {
    const auto& r = bad.record;
    stored_in_.reset();
    stored_in_.bind(1, r.agency)
        .bind(2, r.list)
        .bind(3, cipher_.seal_findable("record_id", r.agency, r.list, r.record_id));
    if (!stored_in_.step()) return;
    const auto other = stored_in_.column_int(0);
    const core::SourceLocation at_row{"", bad.line, 1};
    if (batch_id_ && other == *batch_id_) {
      bad.problems.push_back({at_row, "record_id",
                              fmt::format("repeats the record_id of line {}", stored_in_.column_int(1)),
                              "give every record its own identifier (the value is not shown here)"});
      return;
    }
    bad.problems.push_back(
        {at_row, "record_id", fmt::format("is already stored in batch {}", other),
         fmt::format("to replace that record, withdraw batch {} first (`clearpoint batches withdraw {}`)",
                     other, other)});
  }

  Database& db_;
  const FieldCipher& cipher_;
  const io::RecordSource& source_;
  const ImportOptions& options_;
  std::span<const records::FieldSpec> fields_;
  Statement insert_;
  Statement stored_in_;
  std::vector<std::string> values_;  // bound without copying; reused row after row
  std::optional<std::int64_t> batch_id_;
  std::string agency_;
  std::string list_;
};

}  // namespace

ImportResult Store::import_batch(io::RecordSource& source, const ImportOptions& options) {
  if (options.content_hash.empty()) throw std::logic_error("ImportOptions.content_hash is required");
  // Under the writer lock: the same file imported twice at once finds the other's batch here.
  Transaction transaction(*db_);
  {
    auto same = db_->prepare(
        fmt::format("SELECT {} FROM batches WHERE content_hash = ? AND status = 'active'", kBatchColumns));
    same.bind(1, options.content_hash);
    if (same.step()) return ImportResult{true, read_batch(same, cipher_), 0, 0};
  }
  BatchWriter writer(*db_, source, options, cipher_);
  ImportResult result;
  std::vector<core::Diagnostic> errors;
  io::SourceRow row;
  std::uint64_t rows_seen = 0;
  while (source.next(row)) {
    writer.check_same_list(row);
    writer.write(row);
    if (row.problems.empty()) {
      ++result.accepted;
    } else {
      ++result.rejected;
      for (auto& problem : row.problems) {
        if (problem.where.file.empty()) problem.where.file = source.file_name();
      }
      if (!options.skip_invalid) {
        errors.insert(errors.end(), row.problems.begin(), row.problems.end());
      } else if (options.rejects != nullptr) {
        if (result.rejected == 1) source.write_reject_header(*options.rejects);
        source.write_reject(*options.rejects, row);
      }
    }
    if (options.progress && (++rows_seen & 0x3ff) == 0)
      options.progress(source.bytes_read(), source.total_bytes());
  }
  if (options.progress) options.progress(source.bytes_read(), source.total_bytes());

  if (!errors.empty()) throw core::UserError(std::move(errors));  // the transaction rolls back
  if (writer.batch_id()) refuse_names_differing_in_case(*writer.batch_id());
  if (result.accepted == 0) {
    throw core::UserError(
        fmt::format("{} has no valid records", options.label),
        result.rejected > 0
            ? "every row was rejected: import without --skip-invalid to see each problem located"
            : "the file has a header but no rows");
  }
  const auto batch_id = *writer.batch_id();
  auto finish = db_->prepare("UPDATE batches SET record_count = ?, rejected_count = ? WHERE id = ?");
  finish.bind(1, result.accepted).bind(2, result.rejected).bind(3, batch_id);
  finish.step();
  append_audit(options.actor, "import", batch_id,
               fmt::format(R"({{"records":{},"rejected":{},"content_hash":"{}"}})", result.accepted,
                           result.rejected, options.content_hash));
  transaction.commit();
  result.batch = *batch(batch_id);
  return result;
}

void Store::refuse_names_differing_in_case(std::int64_t batch_id) const {
  // Identifiers are ASCII, so SQLite's lower() folds them fully.
  auto s = db_->prepare(
      "SELECT n.agency, n.list, o.agency, o.list FROM batches n JOIN batches o ON o.id <> n.id "
      "WHERE n.id = ?1 AND ((lower(o.agency) = lower(n.agency) AND o.agency <> n.agency) OR "
      "(o.agency = n.agency AND lower(o.list) = lower(n.list) AND o.list <> n.list)) LIMIT 1");
  s.bind(1, batch_id);
  if (!s.step()) return;
  const std::string given = fmt::format("{}/{}", s.column_text(0), s.column_text(1));
  const std::string stored = fmt::format("{}/{}", s.column_text(2), s.column_text(3));
  throw core::UserError(
      fmt::format("the file's agency/list {} differs only in letter case from the stored {}", given, stored),
      fmt::format(
          "write it as {} in the file (one agency or list, one spelling), or map it with --agency/--list",
          stored));
}

std::vector<BatchInfo> Store::batches(const RecordFilter& filter) const {
  std::string sql = fmt::format("SELECT {} FROM batches WHERE 1", kBatchColumns);
  if (!filter.agency.empty()) sql += " AND agency = ?1";
  if (!filter.list.empty()) sql += " AND list = ?2";
  if (filter.batch_id) sql += " AND id = ?3";
  auto s = db_->prepare(sql + " ORDER BY id");
  if (!filter.agency.empty()) s.bind(1, filter.agency);
  if (!filter.list.empty()) s.bind(2, filter.list);
  if (filter.batch_id) s.bind(3, *filter.batch_id);
  std::vector<BatchInfo> out;
  while (s.step()) out.push_back(read_batch(s, cipher_));
  return out;
}

std::optional<BatchInfo> Store::batch(std::int64_t id) const {
  auto s = db_->prepare(fmt::format("SELECT {} FROM batches WHERE id = ?", kBatchColumns));
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_batch(s, cipher_);
}

void Store::withdraw_batch(std::int64_t id, const std::string& actor, const std::string& reason) {
  Transaction transaction(*db_);
  const auto existing = batch(id);
  if (!existing) {
    throw core::UserError(fmt::format("there is no batch {}", id),
                          "list the batches with `clearpoint batches list`");
  }
  if (existing->status == BatchStatus::kWithdrawn) {
    throw core::UserError(fmt::format("batch {} was already withdrawn on {}", id, existing->withdrawn_at),
                          "");
  }
  auto remove = db_->prepare("DELETE FROM records WHERE batch_id = ?");
  remove.bind(1, id);
  remove.step();
  const auto removed = db_->changes();
  auto mark = db_->prepare(
      "UPDATE batches SET status = 'withdrawn', withdrawn_at = ?, withdrawn_by = ?, withdraw_reason = ? "
      "WHERE id = ?");
  // The reason is free text and may name a person: it stays in the batch row (sealed in an encrypted
  // store, gone with the store), never in the append-only log, which keeps only that one was given.
  mark.bind(1, utc_now()).bind(2, actor).bind(3, cipher_.seal("withdraw_reason", reason)).bind(4, id);
  mark.step();
  nlohmann::json detail = {{"records_removed", removed}, {"reason_given", !reason.empty()}};
  append_audit(actor, "withdraw", id, detail.dump());
  transaction.commit();
  // Withdrawn means gone from the file: secure_delete zeroed the freed cells; the WAL's copies go too.
  db_->execute("PRAGMA wal_checkpoint(TRUNCATE)");
}

void Store::read_record(const Statement& row, int first_column, records::CaseRecord& record,
                        std::span<const records::FieldSpec> fields) const {
  record.clear();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    std::string_view text = row.column_text(first_column + static_cast<int>(i));
    std::string opened;
    if (cipher_.encrypts() && !text.empty() && FieldCipher::is_identifying(fields[i].name)) {
      opened = cipher_.open(fields[i].name, text);
      text = opened;
    }
    if (auto problem = records::assign_field(record, fields[i], text, countries_)) {
      throw std::runtime_error(fmt::format("the store holds an invalid value in column {} ({})",
                                           fields[i].name, problem->problem));
    }
  }
}

std::int64_t Store::for_each_record(const RecordFilter& filter,
                                    const std::function<void(const records::CaseRecord&)>& visit) const {
  return for_each_record_with_id(filter,
                                 [&](std::int64_t, const records::CaseRecord& record) { visit(record); });
}

std::int64_t Store::for_each_record_with_id(
    const RecordFilter& filter, const std::function<void(std::int64_t id, const records::CaseRecord&)>& visit,
    const std::vector<std::string>& names) const {
  std::vector<records::FieldSpec> fields;
  std::string columns;
  for (const auto& field : records::field_catalogue()) {
    if (!names.empty() && std::find(names.begin(), names.end(), field.name) == names.end()) continue;
    fields.push_back(field);
    if (!columns.empty()) columns += ", ";
    columns += fmt::format("\"{}\"", field.name);
  }
  if (fields.size() < names.size()) {
    throw std::logic_error("for_each_record_with_id: an unknown field was asked for");
  }
  std::string sql = fmt::format("SELECT id, {} FROM records WHERE 1", columns);
  if (!filter.agency.empty()) sql += " AND agency = ?1";
  if (!filter.list.empty()) sql += " AND list = ?2";
  if (filter.batch_id) sql += " AND batch_id = ?3";
  sql += " ORDER BY id";
  auto s = db_->prepare(sql);
  if (!filter.agency.empty()) s.bind(1, filter.agency);
  if (!filter.list.empty()) s.bind(2, filter.list);
  if (filter.batch_id) s.bind(3, *filter.batch_id);
  std::int64_t count = 0;
  records::CaseRecord record;
  while (s.step()) {
    read_record(s, 1, record, fields);
    visit(s.column_int(0), record);
    ++count;
  }
  return count;
}

std::optional<std::pair<std::int64_t, records::CaseRecord>> Store::find_record(
    const std::string& agency, const std::string& list, const std::string& record_id) const {
  auto s = db_->prepare(fmt::format(
      "SELECT id, {} FROM records WHERE agency = ?1 AND list = ?2 AND record_id = ?3", column_list()));
  s.bind(1, agency).bind(2, list).bind(3, cipher_.seal_findable("record_id", agency, list, record_id));
  if (!s.step()) return std::nullopt;
  records::CaseRecord record;
  read_record(s, 1, record, records::field_catalogue());
  return std::make_pair(s.column_int(0), std::move(record));
}

void Store::replace_link_run(const LinkRun& run, const std::string& actor, const std::string& detail_json) {
  Transaction transaction(*db_);
  db_->execute("DELETE FROM person_links");
  db_->execute("DELETE FROM link_review");
  auto insert = db_->prepare("INSERT INTO person_links (record, person, probability) VALUES (?, ?, ?)");
  for (const auto& link : run.persons) {
    insert.reset();
    insert.bind(1, link.record).bind(2, link.person);
    if (link.probability) {
      insert.bind(3, *link.probability);
    } else {
      insert.bind_null(3);
    }
    insert.step();
  }
  auto review = db_->prepare(
      "INSERT INTO link_review (record_a, record_b, probability, weight, held_apart) VALUES (?, ?, ?, ?, ?)");
  for (const auto& pair : run.review) {
    review.reset();
    review.bind(1, pair.record_a)
        .bind(2, pair.record_b)
        .bind(3, pair.probability)
        .bind(4, pair.weight)
        .bind(5, pair.held_apart);
    review.step();
  }
  auto model = db_->prepare("INSERT OR REPLACE INTO link_model (id, model) VALUES (1, ?)");
  model.bind(1, cipher_.seal("link_model", run.model_json));
  model.step();
  append_audit(actor, "link", std::nullopt, detail_json);
  transaction.commit();
}

std::string Store::link_model() const {
  auto s = db_->prepare("SELECT model FROM link_model WHERE id = 1");
  return s.step() ? cipher_.open("link_model", s.column_text(0)) : std::string();
}

bool Store::has_link_model() const {
  auto s = db_->prepare("SELECT 1 FROM link_model WHERE id = 1");
  return s.step();
}

std::vector<Store::ReviewPair> Store::review_pairs() const {
  auto s = db_->prepare(
      "SELECT record_a, record_b, probability, weight, held_apart FROM link_review ORDER BY probability "
      "DESC, "
      "record_a, record_b");
  std::vector<ReviewPair> out;
  while (s.step()) {
    out.push_back({s.column_int(0), s.column_int(1), s.column_double(2), s.column_double(3),
                   std::string(s.column_text(4))});
  }
  return out;
}

std::optional<Store::ReviewPair> Store::review_pair(std::int64_t record_a, std::int64_t record_b) const {
  auto s = db_->prepare(
      "SELECT record_a, record_b, probability, weight, held_apart FROM link_review WHERE (record_a = ?1 AND "
      "record_b = ?2) OR (record_a = ?2 AND record_b = ?1)");
  s.bind(1, record_a).bind(2, record_b);
  if (!s.step()) return std::nullopt;
  return ReviewPair{s.column_int(0), s.column_int(1), s.column_double(2), s.column_double(3),
                    std::string(s.column_text(4))};
}

std::string Store::person_of(std::int64_t record) const {
  auto s = db_->prepare("SELECT person FROM person_links WHERE record = ?");
  s.bind(1, record);
  return s.step() ? std::string(s.column_text(0)) : std::string();
}

Store::LinkageLag Store::linkage_lag() const {
  LinkageLag lag;
  auto unlinked =
      db_->prepare("SELECT count(*) FROM records WHERE id NOT IN (SELECT record FROM person_links)");
  unlinked.step();
  lag.unlinked_records = unlinked.column_int(0);
  // The last link's audit entry says how many records it placed; withdrawals delete records (and their
  // person links) without touching the persons of the records that remain.
  auto last = db_->prepare("SELECT detail FROM audit WHERE action = 'link' ORDER BY id DESC LIMIT 1");
  if (!last.step()) return lag;
  const auto detail = nlohmann::json::parse(std::string(last.column_text(0)), nullptr, false);
  if (!detail.is_object() || !detail.contains("records")) return lag;
  auto linked = db_->prepare("SELECT count(*) FROM person_links");
  linked.step();
  lag.withdrawn_records =
      std::max<std::int64_t>(0, detail["records"].get<std::int64_t>() - linked.column_int(0));
  return lag;
}

std::vector<Store::PersonLink> Store::person_links() const {
  auto s = db_->prepare("SELECT record, person, probability FROM person_links ORDER BY record");
  std::vector<PersonLink> out;
  while (s.step()) {
    PersonLink link{s.column_int(0), std::string(s.column_text(1)), std::nullopt};
    if (!s.column_is_null(2)) link.probability = s.column_double(2);
    out.push_back(std::move(link));
  }
  return out;
}

std::vector<std::pair<std::int64_t, std::string>> Store::persons() const {
  std::vector<std::pair<std::int64_t, std::string>> out;
  for (auto& link : person_links()) out.emplace_back(link.record, std::move(link.person));
  return out;
}

void Store::record_export(const std::string& actor, const RecordFilter& filter, std::int64_t count,
                          const std::string& format) {
  nlohmann::json detail = {{"records", count}, {"format", format}};
  if (!filter.agency.empty()) detail["agency"] = filter.agency;
  if (!filter.list.empty()) detail["list"] = filter.list;
  Transaction transaction(*db_);
  append_audit(actor, "export", filter.batch_id, detail.dump());
  transaction.commit();
}

std::int64_t Store::save_verdicts(
    const std::vector<FrameworkStamp>& frameworks,
    const std::function<void(const records::CaseRecord&, std::vector<core::Verdict>&)>& judge,
    const std::string& actor) {
  Transaction transaction(*db_);
  auto remove = db_->prepare("DELETE FROM verdicts WHERE framework = ?");
  for (const auto& f : frameworks) {
    remove.reset();
    remove.bind(1, f.id);
    remove.step();
  }
  auto insert = db_->prepare(
      "INSERT INTO verdicts (record, framework, framework_version, verdict) VALUES (?, ?, ?, ?)");
  auto select = db_->prepare(fmt::format("SELECT id, {} FROM records ORDER BY id", column_list()));
  records::CaseRecord record;
  std::vector<core::Verdict> verdicts(frameworks.size(), core::Verdict::kUndetermined);
  std::int64_t count = 0;
  while (select.step()) {
    read_record(select, 1, record, records::field_catalogue());
    judge(record, verdicts);
    const std::int64_t id = select.column_int(0);
    for (std::size_t k = 0; k < frameworks.size(); ++k) {
      insert.reset();
      insert.bind(1, id)
          .bind(2, frameworks[k].id)
          .bind(3, frameworks[k].version)
          .bind(4, static_cast<std::int64_t>(verdicts[k]));
      insert.step();
    }
    ++count;
  }
  nlohmann::json detail = {{"records", count}, {"frameworks", nlohmann::json::array()}};
  for (const auto& f : frameworks) detail["frameworks"].push_back(f.id + "@" + f.version);
  append_audit(actor, "classify", std::nullopt, detail.dump());
  transaction.commit();
  return count;
}

std::vector<Store::VerdictCount> Store::verdict_counts() const {
  auto s = db_->prepare(
      "SELECT framework, framework_version, verdict, COUNT(*) FROM verdicts GROUP BY framework, "
      "framework_version, "
      "verdict ORDER BY framework");
  std::vector<VerdictCount> out;
  while (s.step()) {
    const std::string framework(s.column_text(0));
    const std::string version(s.column_text(1));
    if (out.empty() || out.back().framework != framework || out.back().version != version) {
      out.push_back({framework, version, {0, 0, 0}});
    }
    const auto code = static_cast<std::size_t>(s.column_int(2));
    if (code < core::kVerdictKinds) out.back().counts[code] = s.column_int(3);
  }
  return out;
}

void Store::save_release(const StoredRelease& release, const std::string& actor,
                         const std::string& detail_json) {
  Transaction transaction(*db_);
  auto insert = db_->prepare(
      "INSERT INTO releases (release_id, published_at, data_state, content) VALUES (?, ?, ?, ?)");
  insert.bind(1, release.release_id)
      .bind(2, release.published_at)
      .bind(3, release.data_state)
      .bind(4, release.content);
  insert.step();
  append_audit(actor, "release", std::nullopt, detail_json);
  transaction.commit();
}

std::vector<Store::StoredRelease> Store::releases() const {
  auto s = db_->prepare("SELECT release_id, published_at, data_state, content FROM releases ORDER BY id");
  std::vector<StoredRelease> out;
  while (s.step())
    out.push_back({std::string(s.column_text(0)), std::string(s.column_text(1)),
                   std::string(s.column_text(2)), std::string(s.column_text(3))});
  return out;
}

std::string Store::data_state() const {
  std::string state;
  auto batches = db_->prepare("SELECT id, content_hash FROM batches WHERE status = 'active' ORDER BY id");
  while (batches.step()) state += fmt::format("{}:{};", batches.column_int(0), batches.column_text(1));
  auto link = db_->prepare("SELECT coalesce(max(id), 0) FROM audit WHERE action = 'link'");
  link.step();
  state += fmt::format("link:{}", link.column_int(0));
  return core::blake2b_hex(state, 16);
}

std::vector<AuditEntry> Store::audit_log() const {
  return read_audit_log(*db_);
}

}  // namespace clearpoint::store
