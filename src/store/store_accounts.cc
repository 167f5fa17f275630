// The server's accounts, sessions, API tokens and the analysts' review decisions (schema version 9). Only
// hashes of secrets are stored; every change to an account is audited (by login and role, never a
// password or token).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "store/store.h"

namespace clearpoint::store {

namespace {

constexpr std::string_view kAccountColumns =
    "id, login, role, coalesce(agency, ''), password_hash, disabled, failed_logins, coalesce(locked_until, "
    "''), "
    "created_at";

Store::Account read_account(const Statement& row) {
  Store::Account account;
  account.id = row.column_int(0);
  account.login = std::string(row.column_text(1));
  account.role = std::string(row.column_text(2));
  account.agency = std::string(row.column_text(3));
  account.password_hash = std::string(row.column_text(4));
  account.disabled = row.column_int(5) != 0;
  account.failed_logins = static_cast<int>(row.column_int(6));
  account.locked_until = std::string(row.column_text(7));
  account.created_at = std::string(row.column_text(8));
  return account;
}

}  // namespace

void Store::record_event(const std::string& actor, const std::string& action,
                         std::optional<std::int64_t> batch_id, const std::string& detail) {
  append_audit(actor, action, batch_id, detail);
}

std::int64_t Store::add_account(const Account& account, const std::string& actor) {
  Transaction transaction(*db_);
  if (this->account(account.login)) {
    throw core::UserError(fmt::format("an account named '{}' exists already", account.login),
                          "choose another login, or `clearpoint users reset` the existing one");
  }
  auto insert = db_->prepare(
      "INSERT INTO accounts (login, role, agency, password_hash, created_at) VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, account.login)
      .bind(2, account.role)
      .bind(3, account.agency)
      .bind(4, account.password_hash)
      .bind(5, utc_now());
  insert.step();
  const std::int64_t id = db_->last_insert_id();
  append_audit(
      actor, "account-add", std::nullopt,
      nlohmann::json{{"account", account.login}, {"role", account.role}, {"agency", account.agency}}.dump());
  transaction.commit();
  return id;
}

std::optional<Store::Account> Store::account(const std::string& login) const {
  auto s = db_->prepare(fmt::format("SELECT {} FROM accounts WHERE login = ?", kAccountColumns));
  s.bind(1, login);
  if (!s.step()) return std::nullopt;
  return read_account(s);
}

std::optional<Store::Account> Store::account(std::int64_t id) const {
  auto s = db_->prepare(fmt::format("SELECT {} FROM accounts WHERE id = ?", kAccountColumns));
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_account(s);
}

std::vector<Store::Account> Store::accounts() const {
  auto s = db_->prepare(fmt::format("SELECT {} FROM accounts ORDER BY login", kAccountColumns));
  std::vector<Account> out;
  while (s.step()) out.push_back(read_account(s));
  return out;
}

void Store::set_account_disabled(std::int64_t id, bool disabled, const std::string& actor) {
  Transaction transaction(*db_);
  auto update = db_->prepare("UPDATE accounts SET disabled = ? WHERE id = ?");
  update.bind(1, std::int64_t{disabled ? 1 : 0}).bind(2, id);
  update.step();
  if (disabled) {
    auto end = db_->prepare("DELETE FROM sessions WHERE account = ?");
    end.bind(1, id);
    end.step();
  }
  append_audit(actor, disabled ? "account-disable" : "account-enable", std::nullopt,
               fmt::format(R"({{"account_id":{}}})", id));
  transaction.commit();
}

void Store::set_password_hash(std::int64_t id, const std::string& password_hash, const std::string& actor) {
  Transaction transaction(*db_);
  auto update = db_->prepare(
      "UPDATE accounts SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?");
  update.bind(1, password_hash).bind(2, id);
  update.step();
  auto end = db_->prepare("DELETE FROM sessions WHERE account = ?");
  end.bind(1, id);
  end.step();
  append_audit(actor, "account-reset", std::nullopt, fmt::format(R"({{"account_id":{}}})", id));
  transaction.commit();
}

void Store::set_login_state(std::int64_t id, int failed_logins, const std::string& locked_until) {
  auto update = db_->prepare("UPDATE accounts SET failed_logins = ?, locked_until = ? WHERE id = ?");
  update.bind(1, std::int64_t{failed_logins}).bind(2, locked_until).bind(3, id);
  update.step();
}

void Store::add_session(const Session& session) {
  // Sessions that have expired by now are of no use to anyone: they go as new ones come.
  auto expired = db_->prepare("DELETE FROM sessions WHERE expires_at <= ?");
  expired.bind(1, session.created_at);
  expired.step();
  auto insert = db_->prepare(
      "INSERT INTO sessions (token_hash, account, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, "
      "?)");
  insert.bind(1, session.token_hash)
      .bind(2, session.account)
      .bind(3, session.csrf_token)
      .bind(4, session.created_at)
      .bind(5, session.expires_at);
  insert.step();
}

std::optional<Store::Session> Store::session(const std::string& token_hash) const {
  auto s = db_->prepare(
      "SELECT token_hash, account, csrf_token, created_at, expires_at FROM sessions WHERE token_hash = ?");
  s.bind(1, token_hash);
  if (!s.step()) return std::nullopt;
  return Session{std::string(s.column_text(0)), s.column_int(1), std::string(s.column_text(2)),
                 std::string(s.column_text(3)), std::string(s.column_text(4))};
}

void Store::end_session(const std::string& token_hash) {
  auto s = db_->prepare("DELETE FROM sessions WHERE token_hash = ?");
  s.bind(1, token_hash);
  s.step();
}

void Store::end_sessions_of(std::int64_t account) {
  auto s = db_->prepare("DELETE FROM sessions WHERE account = ?");
  s.bind(1, account);
  s.step();
}

std::int64_t Store::add_api_token(const ApiToken& token, const std::string& actor) {
  Transaction transaction(*db_);
  auto insert =
      db_->prepare("INSERT INTO api_tokens (account, token_hash, label, created_at) VALUES (?, ?, ?, ?)");
  insert.bind(1, token.account).bind(2, token.token_hash).bind(3, token.label).bind(4, utc_now());
  insert.step();
  const std::int64_t id = db_->last_insert_id();
  append_audit(actor, "token-add", std::nullopt,
               fmt::format(R"({{"account_id":{},"token":{}}})", token.account, id));
  transaction.commit();
  return id;
}

std::optional<Store::ApiToken> Store::api_token(const std::string& token_hash) const {
  auto s = db_->prepare(
      "SELECT id, account, token_hash, label, created_at, coalesce(revoked_at, '') FROM api_tokens "
      "WHERE token_hash = ?");
  s.bind(1, token_hash);
  if (!s.step()) return std::nullopt;
  return ApiToken{s.column_int(0),
                  s.column_int(1),
                  std::string(s.column_text(2)),
                  std::string(s.column_text(3)),
                  std::string(s.column_text(4)),
                  std::string(s.column_text(5))};
}

std::vector<Store::ApiToken> Store::api_tokens(std::int64_t account) const {
  auto s = db_->prepare(
      "SELECT id, account, token_hash, label, created_at, coalesce(revoked_at, '') FROM api_tokens "
      "WHERE account = ? ORDER BY id");
  s.bind(1, account);
  std::vector<ApiToken> out;
  while (s.step()) {
    out.push_back(ApiToken{s.column_int(0), s.column_int(1), std::string(s.column_text(2)),
                           std::string(s.column_text(3)), std::string(s.column_text(4)),
                           std::string(s.column_text(5))});
  }
  return out;
}

bool Store::revoke_api_token(std::int64_t account, std::int64_t token_id, const std::string& actor) {
  Transaction transaction(*db_);
  auto update = db_->prepare(
      "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND account = ? AND revoked_at IS NULL");
  update.bind(1, utc_now()).bind(2, token_id).bind(3, account);
  update.step();
  if (db_->changes() == 0) return false;
  append_audit(actor, "token-revoke", std::nullopt,
               fmt::format(R"({{"account_id":{},"token":{}}})", account, token_id));
  transaction.commit();
  return true;
}

void Store::save_review_decision(std::int64_t record_a, std::int64_t record_b, bool same,
                                 const std::string& actor) {
  const std::int64_t low = std::min(record_a, record_b);
  const std::int64_t high = std::max(record_a, record_b);
  Transaction transaction(*db_);
  auto upsert = db_->prepare(
      "INSERT INTO review_decisions (record_a, record_b, decision, decided_by, decided_at) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (record_a, record_b) DO UPDATE SET decision = excluded.decision, "
      "decided_by = excluded.decided_by, decided_at = excluded.decided_at");
  upsert.bind(1, low)
      .bind(2, high)
      .bind(3, std::string_view(same ? "same" : "different"))
      .bind(4, actor)
      .bind(5, utc_now());
  upsert.step();
  // The audit entry says that a pair was decided, not which records: row ids lead to persons.
  append_audit(actor, "review-decision", std::nullopt,
               fmt::format(R"({{"decision":"{}"}})", same ? "same" : "different"));
  transaction.commit();
}

std::vector<Store::ReviewDecision> Store::review_decisions() const {
  auto s = db_->prepare(
      "SELECT record_a, record_b, decision, decided_by, decided_at FROM review_decisions ORDER BY record_a, "
      "record_b");
  std::vector<ReviewDecision> out;
  while (s.step()) {
    out.push_back(ReviewDecision{s.column_int(0), s.column_int(1), s.column_text(2) == "same",
                                 std::string(s.column_text(3)), std::string(s.column_text(4))});
  }
  return out;
}

std::string Store::record_agency(std::int64_t record) const {
  auto s = db_->prepare("SELECT agency FROM records WHERE id = ?");
  s.bind(1, record);
  if (!s.step()) return {};
  return std::string(s.column_text(0));
}

}  // namespace clearpoint::store
