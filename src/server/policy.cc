#include "server/policy.h"

#include <array>

namespace clearpoint::server {

namespace {

using pipeline::Role;

constexpr std::uint32_t kSubmitter = role_bit(Role::kSubmitter);
constexpr std::uint32_t kAnalyst = role_bit(Role::kAnalyst);
constexpr std::uint32_t kPublisher = role_bit(Role::kPublisher);
constexpr std::uint32_t kAuditor = role_bit(Role::kAuditor);
constexpr std::uint32_t kAdmin = role_bit(Role::kAdmin);
constexpr std::uint32_t kReader = role_bit(Role::kReader);

constexpr auto kPublic = Audience::kPublic;
constexpr auto kSignedIn = Audience::kSignedIn;
constexpr auto kNone = AgencyScope::kNone;
constexpr auto kOwnBatch = AgencyScope::kOwnBatch;

// clang-format off
constexpr std::array kRoutes = {
  // The page, its script and style, the login and the health check: no data in any of them.
  Route{Method::kGet,  R"(/)",                              "/",                       "page",              kPublic,   0, kNone},
  Route{Method::kGet,  R"(/app\.js)",                       "/app.js",                 "script",            kPublic,   0, kNone},
  Route{Method::kGet,  R"(/app\.css)",                      "/app.css",                "style",             kPublic,   0, kNone},
  Route{Method::kGet,  R"(/health)",                        "/health",                 "health",            kPublic,   0, kNone},
  Route{Method::kPost, R"(/api/login)",                     "/api/login",              "login",             kPublic,   0, kNone},
  // Oneself.
  Route{Method::kGet,  R"(/api/me)",                        "/api/me",                 "me",                kSignedIn, kEveryRole, kNone},
  Route{Method::kPost, R"(/api/logout)",                    "/api/logout",             "logout",            kSignedIn, kEveryRole, kNone},
  Route{Method::kGet,  R"(/api/tokens)",                    "/api/tokens",             "tokens-list",       kSignedIn, kEveryRole, kNone},
  Route{Method::kPost, R"(/api/tokens)",                    "/api/tokens",             "token-issue",       kSignedIn, kSubmitter | kAnalyst | kPublisher, kNone},
  Route{Method::kPost, R"(/api/tokens/(\d+)/revoke)",       "/api/tokens/{n}/revoke",  "token-revoke",      kSignedIn, kEveryRole, kNone},
  // Batches and records: a submitter its own agency's, an analyst every agency's.
  Route{Method::kGet,  R"(/api/batches)",                   "/api/batches",            "batches-list",      kSignedIn, kSubmitter | kAnalyst, kNone},
  Route{Method::kPost, R"(/api/batches)",                   "/api/batches",            "batch-upload",      kSignedIn, kSubmitter, kNone},
  Route{Method::kGet,  R"(/api/batches/(\d+))",             "/api/batches/{n}",        "batch-show",        kSignedIn, kSubmitter | kAnalyst, kOwnBatch},
  Route{Method::kGet,  R"(/api/batches/(\d+)/records)",     "/api/batches/{n}/records", "batch-records",    kSignedIn, kSubmitter | kAnalyst, kOwnBatch},
  Route{Method::kPost, R"(/api/batches/(\d+)/withdraw)",    "/api/batches/{n}/withdraw", "batch-withdraw",  kSignedIn, kSubmitter, kOwnBatch},
  // The column mappings a submitter's agency saved (its own only: the agency is the account's).
  Route{Method::kGet,  R"(/api/mappings)",                  "/api/mappings",           "mappings-list",     kSignedIn, kSubmitter, kNone},
  Route{Method::kPost, R"(/api/mappings)",                  "/api/mappings",           "mapping-save",      kSignedIn, kSubmitter, kNone},
  // Linkage: the analyst's clerical review.
  Route{Method::kGet,  R"(/api/review)",                    "/api/review",             "review-list",       kSignedIn, kAnalyst, kNone},
  Route{Method::kGet,  R"(/api/review/explain)",            "/api/review/explain",     "review-explain",    kSignedIn, kAnalyst, kNone},
  Route{Method::kPost, R"(/api/review/decide)",             "/api/review/decide",      "review-decide",     kSignedIn, kAnalyst, kNone},
  // The analyst's runs over every agency's records: classify, link, estimate.
  Route{Method::kPost, R"(/api/classify)",                  "/api/classify",           "classify-run",      kSignedIn, kAnalyst, kNone},
  Route{Method::kPost, R"(/api/link)",                      "/api/link",               "link-run",          kSignedIn, kAnalyst, kNone},
  Route{Method::kGet,  R"(/api/persons)",                   "/api/persons",            "persons-list",      kSignedIn, kAnalyst, kNone},
  Route{Method::kGet,  R"(/api/coverage)",                  "/api/coverage",           "coverage-show",     kSignedIn, kAnalyst | kPublisher, kNone},
  Route{Method::kPost, R"(/api/coverage)",                  "/api/coverage",           "coverage-save",     kSignedIn, kAnalyst, kNone},
  Route{Method::kGet,  R"(/api/estimate)",                  "/api/estimate",           "estimate-show",     kSignedIn, kAnalyst, kNone},
  // Published context: the US TIP tiers as published (no records).
  Route{Method::kGet,  R"(/api/tiers)",                     "/api/tiers",              "tiers-grid",        kSignedIn, kReader | kPublisher | kAnalyst | kAuditor, kNone},
  // Published releases: readers, publishers and analysts.
  Route{Method::kGet,  R"(/api/releases)",                  "/api/releases",           "releases-list",     kSignedIn, kReader | kPublisher | kAnalyst, kNone},
  Route{Method::kGet,  R"(/api/releases/(\d+))",            "/api/releases/{n}",       "release-show",      kSignedIn, kReader | kPublisher | kAnalyst, kNone},
  // Publishing a release: publishers (the same publish_release as `clearpoint publish`).
  Route{Method::kPost, R"(/api/releases)",                  "/api/releases",           "release-publish",   kSignedIn, kPublisher, kNone},
  // The audit log: auditors.
  Route{Method::kGet,  R"(/api/audit)",                     "/api/audit",              "audit-list",        kSignedIn, kAuditor, kNone},
  // Accounts: admins (who see no records).
  Route{Method::kGet,  R"(/api/accounts)",                  "/api/accounts",           "accounts-list",     kSignedIn, kAdmin, kNone},
  Route{Method::kPost, R"(/api/accounts)",                  "/api/accounts",           "account-add",       kSignedIn, kAdmin, kNone},
  Route{Method::kPost, R"(/api/accounts/([a-z0-9._-]+)/disable)", "/api/accounts/{login}/disable", "account-disable", kSignedIn, kAdmin, kNone},
  Route{Method::kPost, R"(/api/accounts/([a-z0-9._-]+)/enable)",  "/api/accounts/{login}/enable",  "account-enable",  kSignedIn, kAdmin, kNone},
  Route{Method::kPost, R"(/api/accounts/([a-z0-9._-]+)/reset)",   "/api/accounts/{login}/reset",   "account-reset",   kSignedIn, kAdmin, kNone},
};
// clang-format on

}  // namespace

std::span<const Route> routes() {
  return kRoutes;
}

bool role_allowed(const Route& route, pipeline::Role role) {
  return (route.roles & role_bit(role)) != 0;
}

bool may_touch_agency(const pipeline::Principal& principal, std::string_view agency) {
  switch (principal.role) {
    case Role::kSubmitter:
      return principal.agency == agency;
    case Role::kAnalyst:
      return true;
    default:
      return false;
  }
}

}  // namespace clearpoint::server
