// Accounts against a clock the test sets: a lockout lasts its minutes and no longer, a session its hours,
// a disabled account's session and token stop at once, and the stored forms are hashes.
#include "pipeline/accounts.h"

#include <gtest/gtest.h>

#include "core/diagnostic.h"
#include "testing/temp_dir.h"

namespace clearpoint::pipeline {
namespace {

constexpr const char* kPassword = "eleven words make a password";

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    workspace_.db = dir_.file("s.db");
    workspace_.init_store();
  }
  testing::TempDir dir_;
  Workspace workspace_;
};

TEST_F(AccountsTest, LockoutLastsItsMinutesThenTheRightPasswordWorks) {
  auto store = workspace_.open_store();
  add_account(store, {"ana", Role::kAnalyst, "", kPassword}, "test");
  const std::string start = "2026-11-30T10:00:00Z";
  for (int i = 0; i < kLockoutAfter - 1; ++i)
    EXPECT_EQ(log_in(store, "ana", "wrong", start).outcome, LoginOutcome::kRefused);
  // A right password before the limit resets the count.
  EXPECT_EQ(log_in(store, "ana", kPassword, start).outcome, LoginOutcome::kAccepted);
  for (int i = 0; i < kLockoutAfter; ++i)
    EXPECT_EQ(log_in(store, "ana", "wrong", start).outcome, LoginOutcome::kRefused);
  EXPECT_EQ(log_in(store, "ana", kPassword, utc_after(start, kLockoutMinutes - 1)).outcome,
            LoginOutcome::kLocked);
  EXPECT_EQ(log_in(store, "ana", kPassword, utc_after(start, kLockoutMinutes + 1)).outcome,
            LoginOutcome::kAccepted);
}

TEST_F(AccountsTest, SessionsExpireAndDisablingEndsSessionsAndTokens) {
  auto store = workspace_.open_store();
  add_account(store, {"sub", Role::kSubmitter, "NGO-RS", kPassword}, "test");
  const std::string now = "2026-11-30T10:00:00Z";
  const auto who = log_in(store, "sub", kPassword, now).principal;
  ASSERT_TRUE(who);
  EXPECT_EQ(who->agency, "NGO-RS");
  const auto session = open_session(store, *who, now);
  EXPECT_TRUE(find_session(store, session.cookie, utc_after(now, kSessionHours * 60 - 1)));
  EXPECT_FALSE(find_session(store, session.cookie, utc_after(now, kSessionHours * 60)));
  EXPECT_FALSE(find_session(store, "not a cookie", now));
  // Stored as hashes only.
  EXPECT_FALSE(store.session(session.cookie));
  EXPECT_TRUE(store.session(secret_hash(session.cookie)));
  const auto token = issue_api_token(store, *who, "nightly");
  EXPECT_TRUE(token.starts_with("cpt_"));
  EXPECT_TRUE(find_api_token(store, token));
  EXPECT_FALSE(store.api_token(token));
  const auto fresh = open_session(store, *who, now);
  disable_account(store, "sub", true, "test");
  EXPECT_FALSE(find_session(store, fresh.cookie, now));
  EXPECT_FALSE(find_api_token(store, token));
  EXPECT_EQ(log_in(store, "sub", kPassword, now).outcome, LoginOutcome::kRefused);
}

TEST_F(AccountsTest, AccountsAreCheckedBeforeTheyAreStored) {
  auto store = workspace_.open_store();
  EXPECT_THROW(add_account(store, {"Ana Petrović", Role::kAnalyst, "", kPassword}, "t"), core::UserError);
  EXPECT_THROW(add_account(store, {"sub", Role::kSubmitter, "", kPassword}, "t"), core::UserError);
  EXPECT_THROW(add_account(store, {"adm", Role::kAdmin, "MUP-RS", kPassword}, "t"), core::UserError);
  EXPECT_THROW(add_account(store, {"short", Role::kReader, "", "too short"}, "t"), core::UserError);
  add_account(store, {"ana", Role::kAnalyst, "", kPassword}, "t");
  EXPECT_THROW(add_account(store, {"ana", Role::kReader, "", kPassword}, "t"), core::UserError);  // taken
  EXPECT_THROW(add_account(store, {"ANA", Role::kReader, "", kPassword}, "t"), core::UserError);  // a-z only
  EXPECT_THROW(parse_role("superuser"), core::UserError);
  EXPECT_EQ(store.accounts().size(), 1U);
}

}  // namespace
}  // namespace clearpoint::pipeline
