// Accounts: the people who use `clearpoint serve`, each with one role (and a submitter with one agency),
// their passwords, sessions and API tokens, as use cases over the store.
//
// Contract:
// - A password is kept only as an Argon2id hash (libsodium's crypto_pwhash_str_alg, its interactive limits:
// 64 MiB, 2 passes); a
//   session cookie or an API token only as its BLAKE2b hash. A token is shown once, when made.
// - Login: a wrong password counts against the account; after kLockoutAfter wrong passwords in a row the
//   account is locked for kLockoutMinutes (a right password does not open it meanwhile). An unknown login
//   costs the same hashing time as a known one, and every refusal reads alike ("login or password wrong").
// - A disabled account cannot log in, and its sessions and tokens stop working at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/workspace.h"
#include "store/store.h"

namespace clearpoint::pipeline {

enum class Role { kSubmitter, kAnalyst, kPublisher, kAuditor, kAdmin, kReader };
inline constexpr Role kAllRoles[] = {Role::kSubmitter, Role::kAnalyst, Role::kPublisher,
                                     Role::kAuditor,   Role::kAdmin,   Role::kReader};
std::string_view to_string(Role role);
// Throws core::UserError naming the roles.
Role parse_role(std::string_view text);

inline constexpr int kLockoutAfter = 5;
inline constexpr int kLockoutMinutes = 15;
inline constexpr int kSessionHours = 8;
inline constexpr std::size_t kMinimumPasswordLength = 12;

// Who is making a request, as the server knows after authentication.
struct Principal {
  std::int64_t account = 0;
  std::string login;
  Role role = Role::kReader;
  std::string agency;  // a submitter's agency; empty otherwise
};

struct NewAccount {
  std::string login;  // 2–64 of a-z, 0-9, '.', '_', '-'
  Role role = Role::kReader;
  std::string agency;  // required for a submitter, refused for any other role
  std::string password;
};

// Throws core::UserError for a malformed login, a submitter without agency (or another role with one), a
// password shorter than kMinimumPasswordLength, or a login taken.
void add_account(store::Store& store, const NewAccount& account, const std::string& actor);
std::vector<store::Store::Account> list_accounts(const store::Store& store);
// Throws core::UserError when there is no such account.
void disable_account(store::Store& store, const std::string& login, bool disabled, const std::string& actor);
void reset_password(store::Store& store, const std::string& login, const std::string& password,
                    const std::string& actor);

enum class LoginOutcome { kAccepted, kRefused, kLocked };
struct LoginResult {
  LoginOutcome outcome = LoginOutcome::kRefused;
  std::optional<Principal> principal;  // when accepted
};
// `now` is UTC as store::utc_now() gives it (tests pass their own clock).
LoginResult log_in(store::Store& store, const std::string& login, const std::string& password,
                   const std::string& now);

struct NewSession {
  std::string cookie;      // the secret for the browser's cookie; only its hash is stored
  std::string csrf_token;  // sent back by the page on every state-changing request
};
NewSession open_session(store::Store& store, const Principal& principal, const std::string& now);
struct SessionPrincipal {
  Principal principal;
  std::string csrf_token;
};
// The session's account, when the cookie names a session that has not expired and the account is enabled.
std::optional<SessionPrincipal> find_session(const store::Store& store, const std::string& cookie,
                                             const std::string& now);
void close_session(store::Store& store, const std::string& cookie);

// A new API token for the account (returned once; only its hash is kept).
std::string issue_api_token(store::Store& store, const Principal& principal, const std::string& label);
// The token's account, when the token is in force and the account enabled.
std::optional<Principal> find_api_token(const store::Store& store, const std::string& token);

// Password hashing, exposed for tests of the stored form.
std::string hash_password(const std::string& password);
bool password_matches(const std::string& password_hash, const std::string& password);
// A fresh random secret (32 bytes, hex) and the stored form of one.
std::string random_secret();
std::string secret_hash(std::string_view secret);
// `now` plus minutes, as UTC text comparable with utc_now()'s.
std::string utc_after(const std::string& now, int minutes);

}  // namespace clearpoint::pipeline
