#include "store/store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "records/field_catalogue.h"
#include "store/migrations.h"

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
// as NULL, everything else as its canonical text, held in `buffer` until the row is stepped.
void bind_field(Statement& insert, int index, const records::CaseRecord& record,
                const records::FieldSpec& field, std::string& buffer) {
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
  insert.bind_static(index, buffer);
}

constexpr std::string_view kBatchColumns =
    "id, agency, list, label, format, content_hash, record_count, rejected_count, status, imported_at, "
    "imported_by, withdrawn_at, withdrawn_by, withdraw_reason";

BatchInfo read_batch(const Statement& s) {
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
  b.withdraw_reason = s.column_text(13);
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
  if (const passwd* entry = getpwuid(getuid()); entry != nullptr && entry->pw_name != nullptr)
    return entry->pw_name;
  if (const char* user = std::getenv("USER"); user != nullptr) return user;
  return fmt::format("uid {}", getuid());
}

Store::Store(const std::string& path, Database::Mode mode, core::CountrySet countries)
    : path_(path), db_(std::make_unique<Database>(path, mode)), countries_(std::move(countries)) {
  // Larger pages suit wide records written in large batches; it only takes effect on a new file.
  db_->execute("PRAGMA page_size = 16384");
  db_->execute("PRAGMA journal_mode = WAL");
  db_->execute("PRAGMA synchronous = FULL");
  db_->execute("PRAGMA foreign_keys = ON");
  // A batch is one transaction: a page cache of 32 MiB keeps its pages from spilling into the WAL
  // early, and bounds memory however large the batch (pages beyond it spill; they do not grow RSS).
  db_->execute("PRAGMA cache_size = -32768");
  migrate(*db_);
}

Store Store::create(const std::string& path, core::CountrySet countries, const std::string& actor) {
  const bool existed = std::filesystem::exists(path);
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
  if (!existed)
    store.append_audit(actor, "init", std::nullopt,
                       fmt::format(R"({{"schema":{}}})", store.schema_version()));
  return store;
}

Store Store::open(const std::string& path, core::CountrySet countries) {
  if (!std::filesystem::exists(path)) {
    throw core::UserError(fmt::format("there is no clearpoint store at {}", path),
                          "create one with `clearpoint init`, or point to yours with --db PATH");
  }
  return Store(path, Database::Mode::kOpenExisting, std::move(countries));
}

int Store::schema_version() const {
  auto s = db_->prepare("PRAGMA user_version");
  s.step();
  return static_cast<int>(s.column_int(0));
}

void Store::append_audit(const std::string& actor, const std::string& action,
                         std::optional<std::int64_t> batch_id, const std::string& detail) {
  auto s = db_->prepare("INSERT INTO audit (at, actor, action, batch_id, detail) VALUES (?, ?, ?, ?, ?)");
  s.bind(1, utc_now()).bind(2, actor).bind(3, action);
  if (batch_id) {
    s.bind(4, *batch_id);
  } else {
    s.bind_null(4);
  }
  s.bind(5, detail);
  s.step();
}

namespace {

// The rows of one batch as they are written: the batch row created with the first valid record, every
// valid record inserted (even after an error, so the unique index keeps finding repeated record_ids in
// constant memory; a failed batch is rolled back whole by the caller's transaction), and each problem
// said where it is.
class BatchWriter {
 public:
  BatchWriter(Database& db, const io::RecordSource& source, const ImportOptions& options)
      : db_(db),
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
      bind_field(insert_, static_cast<int>(i) + 3, row.record, fields_[i], values_[i]);
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
    add.bind(4, source_.format() == io::FileFormat::kCsv ? "csv" : "jsonl");
    add.bind(5, options_.content_hash).bind(6, utc_now()).bind(7, options_.actor);
    add.step();
    return db_.last_insert_id();
  }

  // The unique index found a record_id used before, in this batch or an earlier one; this says where.
  void report_duplicate(io::SourceRow& bad) {
    const auto& r = bad.record;
    stored_in_.reset();
    stored_in_.bind(1, r.agency).bind(2, r.list).bind(3, r.record_id);
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
  {
    auto same = db_->prepare(
        fmt::format("SELECT {} FROM batches WHERE content_hash = ? AND status = 'active'", kBatchColumns));
    same.bind(1, options.content_hash);
    if (same.step()) return ImportResult{true, read_batch(same), 0, 0};
  }
  Transaction transaction(*db_);
  BatchWriter writer(*db_, source, options);
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
  while (s.step()) out.push_back(read_batch(s));
  return out;
}

std::optional<BatchInfo> Store::batch(std::int64_t id) const {
  auto s = db_->prepare(fmt::format("SELECT {} FROM batches WHERE id = ?", kBatchColumns));
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_batch(s);
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
  mark.bind(1, utc_now()).bind(2, actor).bind(3, reason).bind(4, id);
  mark.step();
  nlohmann::json detail = {{"records_removed", removed}, {"reason", reason}};
  append_audit(actor, "withdraw", id, detail.dump());
  transaction.commit();
}

void Store::read_record(const Statement& row, int first_column, records::CaseRecord& record,
                        std::span<const records::FieldSpec> fields) const {
  record.clear();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const auto text = row.column_text(first_column + static_cast<int>(i));
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
  model.bind(1, run.model_json);
  model.step();
  append_audit(actor, "link", std::nullopt, detail_json);
  transaction.commit();
}

std::string Store::link_model() const {
  auto s = db_->prepare("SELECT model FROM link_model WHERE id = 1");
  return s.step() ? std::string(s.column_text(0)) : std::string();
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
  const auto fields = records::field_catalogue();
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

std::vector<AuditEntry> Store::audit_log() const {
  auto s = db_->prepare("SELECT id, at, actor, action, batch_id, detail FROM audit ORDER BY id");
  std::vector<AuditEntry> out;
  while (s.step()) {
    AuditEntry e;
    e.id = s.column_int(0);
    e.at = s.column_text(1);
    e.actor = s.column_text(2);
    e.action = s.column_text(3);
    if (!s.column_is_null(4)) e.batch_id = s.column_int(4);
    e.detail = s.column_text(5);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace clearpoint::store
