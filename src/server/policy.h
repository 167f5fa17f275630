// Policy: the one table of what `clearpoint serve` answers and who may ask. Every request is authorised
// against it on the server before any handler runs; the authorisation matrix test walks it, so an
// endpoint cannot be added without being tested for every role and agency.
//
// Contract:
// - A route is public (the login page, its script and style, the login itself, the health check) or for
//   signed-in people of the roles it lists; nothing else is reachable without signing in.
// - A route whose path names a batch is, for a submitter, only about the submitter's own agency: a batch
//   of another agency is answered as if it did not exist (404), so its existence does not leak.
// - Every route that changes something is a POST and needs the session's CSRF token (an API token, which
//   no browser sends by itself, needs none).
// - The admin role manages accounts and never sees records; only submitters (their own) and analysts
//   (all, linked) see records; readers see published releases only.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "pipeline/accounts.h"

namespace clearpoint::server {

enum class Method { kGet, kPost };
enum class Audience { kPublic, kSignedIn };
enum class AgencyScope {
  kNone,      // the route touches no agency's records, or all of them for an analyst
  kOwnBatch,  // the path's number is a batch; a submitter may touch only its own agency's
};

constexpr std::uint32_t role_bit(pipeline::Role role) {
  return 1U << static_cast<unsigned>(role);
}
inline constexpr std::uint32_t kEveryRole = (1U << 6) - 1;

struct Route {
  Method method;
  std::string_view pattern;  // a regular expression over the path (httplib's)
  std::string_view example;  // a matching path; "{n}" stands for a number (a batch, a token, a release)
  std::string_view action;   // the handler's name, and what the audit log calls the request
  Audience audience;
  std::uint32_t roles;  // role_bit()s allowed when signed in
  AgencyScope scope;
};

std::span<const Route> routes();

bool role_allowed(const Route& route, pipeline::Role role);
inline bool changes_state(const Route& route) {
  return route.method == Method::kPost;
}
// Whether `principal` may touch records of `agency` (a submitter only its own; an analyst any).
bool may_touch_agency(const pipeline::Principal& principal, std::string_view agency);

}  // namespace clearpoint::server
