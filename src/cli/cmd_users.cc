#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "core/diagnostic.h"
#include "pipeline/accounts.h"
#include "render/text_table.h"

namespace clearpoint::cli {

namespace {

// A new password: from $CLEARPOINT_NEW_PASSWORD, else typed twice at the terminal without echo, else the
// first line of standard input (scripts). Never an option: options show in the process list.
std::string new_password() {
  if (const char* from_environment = std::getenv("CLEARPOINT_NEW_PASSWORD");
      from_environment != nullptr && *from_environment != '\0')
    return from_environment;
  const auto read_line = [] {
    std::string line;
    std::getline(std::cin, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  };
  if (isatty(STDIN_FILENO) == 0) return read_line();
  termios saved{};
  tcgetattr(STDIN_FILENO, &saved);
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  fmt::print(stderr, "new password (12 characters or more): ");
  const std::string first = read_line();
  fmt::print(stderr, "\nthe same again: ");
  const std::string second = read_line();
  fmt::print(stderr, "\n");
  tcsetattr(STDIN_FILENO, TCSANOW, &saved);
  if (first != second) throw core::UserError("the two passwords differ", "run the command again");
  return first;
}

}  // namespace

void add_users_command(CLI::App& app, GlobalOptions& options) {
  auto* command =
      app.add_subcommand("users", "The accounts of `clearpoint serve`: add, list, disable, reset");
  command->require_subcommand(1);

  auto login = std::make_shared<std::string>();
  auto role = std::make_shared<std::string>();
  auto agency = std::make_shared<std::string>();

  auto* add = command->add_subcommand(
      "add", "A new account (password from $CLEARPOINT_NEW_PASSWORD, the terminal or standard input)");
  add->add_option("login", *login, "2–64 of a-z, 0-9, '.', '_', '-'")->required();
  add->add_option("--role", *role, "submitter, analyst, publisher, auditor, admin or reader")->required();
  add->add_option("--agency", *agency, "A submitter's agency, as its batches name it");
  add->callback([&options, login, role, agency] {
    auto store = options.open_store();
    pipeline::add_account(store, {*login, pipeline::parse_role(*role), *agency, new_password()},
                          options.audit_actor());
    fmt::print("account {} added ({}{})\n", *login, *role, agency->empty() ? "" : " of " + *agency);
  });

  auto* list = command->add_subcommand("list", "Every account: role, agency, state (never a password)");
  list->callback([&options] {
    const auto store = options.open_store();
    std::vector<std::vector<std::string>> rows;
    for (const auto& a : pipeline::list_accounts(store)) {
      const std::string state = a.disabled                ? "disabled"
                                : !a.locked_until.empty() ? "locked until " + a.locked_until
                                                          : "active";
      rows.push_back({a.login, a.role, a.agency, state, a.created_at});
    }
    if (rows.empty()) {
      fmt::print("no accounts yet — `clearpoint users add LOGIN --role admin`\n");
      return;
    }
    render::print_table(std::cout, {"login", "role", "agency", "state", "created"}, rows);
  });

  for (const bool disabling : {true, false}) {
    auto* sub = command->add_subcommand(disabling ? "disable" : "enable",
                                        disabling ? "Stop an account: its sessions and tokens end at once"
                                                  : "Let a disabled account sign in again");
    auto target = std::make_shared<std::string>();
    sub->add_option("login", *target, "The account")->required();
    sub->callback([&options, target, disabling] {
      auto store = options.open_store();
      pipeline::disable_account(store, *target, disabling, options.audit_actor());
      fmt::print("account {} {}\n", *target, disabling ? "disabled" : "enabled");
    });
  }

  auto token_login = std::make_shared<std::string>();
  auto token_label = std::make_shared<std::string>("API token");
  auto* token = command->add_subcommand(
      "token", "A new API token for machine submission (printed once; only its hash is kept)");
  token->add_option("login", *token_login, "The account the token acts for")->required();
  token->add_option("--label", *token_label, "What the token is for (shown in the token list)")
      ->capture_default_str();
  token->callback([&options, token_login, token_label] {
    auto store = options.open_store();
    const auto account = store.account(*token_login);
    if (!account) {
      throw core::UserError(fmt::format("there is no account '{}'", *token_login),
                            "`clearpoint users list` shows the accounts");
    }
    const pipeline::Principal principal{account->id, account->login, pipeline::parse_role(account->role),
                                        account->agency};
    fmt::print("{}\n", pipeline::issue_api_token(store, principal, *token_label));
    fmt::print(stderr,
               "shown once: send it as 'Authorization: Bearer TOKEN'; revoke it from the page or "
               "POST /api/tokens/N/revoke\n");
  });

  auto reset_login = std::make_shared<std::string>();
  auto* reset = command->add_subcommand("reset", "A new password; lifts a lockout and ends every session");
  reset->add_option("login", *reset_login, "The account")->required();
  reset->callback([&options, reset_login] {
    auto store = options.open_store();
    pipeline::reset_password(store, *reset_login, new_password(), options.audit_actor());
    fmt::print("account {}: new password set, lockout lifted, sessions ended\n", *reset_login);
  });
}

}  // namespace clearpoint::cli
