// Handlers: what each route of the policy table (policy.h) does, as calls of the pipeline layer — the
// same functions the CLI calls — with the answer as JSON. A handler runs only after the server has
// authenticated the request and checked the route's roles and CSRF token; the agency of a batch it
// touches it checks itself (require_own_batch), since only the handler knows which batch that is.
#pragma once

#include <httplib.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "pipeline/accounts.h"
#include "pipeline/workspace.h"
#include "server/http_server.h"
#include "server/login_throttle.h"

namespace clearpoint::server {

// An answer other than success, with what to do about it.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string message, std::string hint = {})
      : std::runtime_error(message), status_(status), hint_(std::move(hint)) {}
  int status() const { return status_; }
  const std::string& hint() const { return hint_; }

 private:
  int status_;
  std::string hint_;
};

// One request being answered.
struct Exchange {
  const httplib::Request& request;
  httplib::Response& response;
  pipeline::Workspace workspace;                 // the actor is the signed-in login
  std::optional<pipeline::Principal> principal;  // empty on public routes
  std::string session_cookie;                    // the request's session cookie, if it sent one
  const ServeSettings& settings;
  LoginThrottle& login_throttle;
};

using Handler = void (*)(Exchange&);
// The handler of a policy table action; nullptr when there is none (the server refuses to start).
Handler handler_for(std::string_view action);

inline constexpr std::string_view kSessionCookie = "__Host-clearpoint";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

}  // namespace clearpoint::server
