#include "pipeline/accounts.h"

#include <fmt/format.h>
#include <sodium.h>

#include <array>
#include <chrono>
#include <ctime>
#include <stdexcept>

#include "core/checksum.h"
#include "core/diagnostic.h"

namespace clearpoint::pipeline {

namespace {

void require_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

bool valid_login(std::string_view login) {
  if (login.size() < 2 || login.size() > 64) return false;
  for (const char c : login) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!allowed) return false;
  }
  return true;
}

void require_password(const std::string& password) {
  if (password.size() < kMinimumPasswordLength) {
    throw core::UserError(fmt::format("the password is shorter than {} characters", kMinimumPasswordLength),
                          "choose a longer one: several unrelated words are easy to type and hard to guess");
  }
}

store::Store::Account require_account(const store::Store& store, const std::string& login) {
  auto account = store.account(login);
  if (!account) {
    throw core::UserError(fmt::format("there is no account '{}'", login),
                          "`clearpoint users list` shows the accounts");
  }
  return *account;
}

Principal principal_of(const store::Store::Account& account) {
  return Principal{account.id, account.login, parse_role(account.role), account.agency};
}

// A hash computed when the login is unknown, so that a refusal takes as long either way.
const std::string& decoy_hash() {
  static const std::string hash = hash_password("clearpoint decoy password");
  return hash;
}

std::time_t parse_utc(const std::string& text) {
  std::tm parts{};
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ", &parts.tm_year, &parts.tm_mon, &parts.tm_mday,
                  &parts.tm_hour, &parts.tm_min, &parts.tm_sec) != 6) {
    throw std::invalid_argument("not a UTC time");
  }
  parts.tm_year -= 1900;
  parts.tm_mon -= 1;
  return timegm(&parts);
}

}  // namespace

std::string_view to_string(Role role) {
  switch (role) {
    case Role::kSubmitter:
      return "submitter";
    case Role::kAnalyst:
      return "analyst";
    case Role::kPublisher:
      return "publisher";
    case Role::kAuditor:
      return "auditor";
    case Role::kAdmin:
      return "admin";
    case Role::kReader:
      return "reader";
  }
  return "reader";
}

Role parse_role(std::string_view text) {
  for (const Role role : kAllRoles) {
    if (to_string(role) == text) return role;
  }
  throw core::UserError(fmt::format("there is no role '{}'", text),
                        "use submitter, analyst, publisher, auditor, admin or reader");
}

std::string hash_password(const std::string& password) {
  require_sodium();
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("out of memory while hashing a password");
  }
  return std::string(out.data());
}

bool password_matches(const std::string& password_hash, const std::string& password) {
  require_sodium();
  return crypto_pwhash_str_verify(password_hash.c_str(), password.data(), password.size()) == 0;
}

std::string random_secret() {
  require_sodium();
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, 65> hex{};
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  return std::string(hex.data());
}

std::string secret_hash(std::string_view secret) {
  return core::blake2b_hex(secret, 32);
}

std::string utc_after(const std::string& now, int minutes) {
  const std::time_t later = parse_utc(now) + static_cast<std::time_t>(minutes) * 60;
  std::tm parts{};
  gmtime_r(&later, &parts);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", parts.tm_year + 1900, parts.tm_mon + 1,
                     parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec);
}

void add_account(store::Store& store, const NewAccount& account, const std::string& actor) {
  if (!valid_login(account.login)) {
    throw core::UserError("a login is 2 to 64 characters of a-z, 0-9, '.', '_' and '-'",
                          "for example ana.petrovic or mup-rs-officer");
  }
  if (account.role == Role::kSubmitter && account.agency.empty()) {
    throw core::UserError("a submitter belongs to one agency", "add --agency CODE (as the batches name it)");
  }
  if (account.role != Role::kSubmitter && !account.agency.empty()) {
    throw core::UserError(fmt::format("only a submitter belongs to an agency; a {} sees no agency's records "
                                      "as its own",
                                      to_string(account.role)),
                          "leave out --agency, or make the account a submitter");
  }
  require_password(account.password);
  store::Store::Account stored;
  stored.login = account.login;
  stored.role = std::string(to_string(account.role));
  stored.agency = account.agency;
  stored.password_hash = hash_password(account.password);
  store.add_account(stored, actor);
}

std::vector<store::Store::Account> list_accounts(const store::Store& store) {
  return store.accounts();
}

void disable_account(store::Store& store, const std::string& login, bool disabled, const std::string& actor) {
  const auto account = require_account(store, login);
  store.set_account_disabled(account.id, disabled, actor);
}

void reset_password(store::Store& store, const std::string& login, const std::string& password,
                    const std::string& actor) {
  const auto account = require_account(store, login);
  require_password(password);
  store.set_password_hash(account.id, hash_password(password), actor);
}

LoginResult log_in(store::Store& store, const std::string& login, const std::string& password,
                   const std::string& now) {
  const auto account = valid_login(login) ? store.account(login) : std::nullopt;
  if (!account) {
    password_matches(decoy_hash(), password);
    store.record_event("(unknown)", "login-refused", std::nullopt, R"({"reason":"no such account"})");
    return {};
  }
  if (!account->locked_until.empty() && now < account->locked_until) {
    store.record_event(account->login, "login-refused", std::nullopt, R"({"reason":"locked"})");
    return {LoginOutcome::kLocked, std::nullopt};
  }
  const bool matches = password_matches(account->password_hash, password);
  if (!matches || account->disabled) {
    if (!matches) {
      const int failed = account->failed_logins + 1;
      const bool lock = failed >= kLockoutAfter;
      store.set_login_state(account->id, lock ? 0 : failed, lock ? utc_after(now, kLockoutMinutes) : "");
      store.record_event(account->login, lock ? "account-locked" : "login-refused", std::nullopt,
                         fmt::format(R"({{"reason":"wrong password","failed":{}}})", failed));
    } else {
      store.record_event(account->login, "login-refused", std::nullopt, R"({"reason":"disabled"})");
    }
    return {};
  }
  store.set_login_state(account->id, 0, "");
  store.record_event(account->login, "login", std::nullopt, "{}");
  return {LoginOutcome::kAccepted, principal_of(*account)};
}

NewSession open_session(store::Store& store, const Principal& principal, const std::string& now) {
  NewSession session{random_secret(), random_secret()};
  store.add_session(store::Store::Session{secret_hash(session.cookie), principal.account, session.csrf_token,
                                          now, utc_after(now, kSessionHours * 60)});
  return session;
}

std::optional<SessionPrincipal> find_session(const store::Store& store, const std::string& cookie,
                                             const std::string& now) {
  if (cookie.empty()) return std::nullopt;
  const auto session = store.session(secret_hash(cookie));
  if (!session || !(now < session->expires_at)) return std::nullopt;
  const auto account = store.account(session->account);
  if (!account || account->disabled) return std::nullopt;
  return SessionPrincipal{principal_of(*account), session->csrf_token};
}

void close_session(store::Store& store, const std::string& cookie) {
  store.end_session(secret_hash(cookie));
}

std::string issue_api_token(store::Store& store, const Principal& principal, const std::string& label) {
  // A prefix names what the secret is when it turns up in a log or a paste.
  const std::string token = "cpt_" + random_secret();
  store.add_api_token(store::Store::ApiToken{0, principal.account, secret_hash(token), label, "", ""},
                      principal.login);
  return token;
}

std::optional<Principal> find_api_token(const store::Store& store, const std::string& token) {
  if (token.empty()) return std::nullopt;
  const auto stored = store.api_token(secret_hash(token));
  if (!stored || !stored->revoked_at.empty()) return std::nullopt;
  const auto account = store.account(stored->account);
  if (!account || account->disabled) return std::nullopt;
  return principal_of(*account);
}

}  // namespace clearpoint::pipeline
