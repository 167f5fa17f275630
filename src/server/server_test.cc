// `clearpoint serve` over real HTTPS on loopback: the authorisation matrix generated from the policy
// table (every route × every role × own/other agency), and the security properties of issue 18 — CSRF,
// cookie flags, session fixation, stored password hashes, token revocation, lockout, upload names that
// try to climb out, and a request larger than the server accepts.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/bio.h>
#include <openssl/ssl.h>

#include <array>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "pipeline/accounts.h"
#include "pipeline/import_batch.h"
#include "pipeline/linkage.h"
#include "pipeline/record_reference.h"
#include "server/handlers.h"
#include "server/http_server.h"
#include "server/policy.h"
#include "testing/police_workbook.h"
#include "testing/temp_dir.h"

namespace clearpoint::server {
namespace {

using nlohmann::json;
using pipeline::Role;

const std::string kPassword = "correct horse battery staple";
const std::string kExamples = std::string(CLEARPOINT_SOURCE_DATA_DIR) + "/examples/";

struct Person {
  std::string login;
  Role role;
  std::string agency;
};

// One store and one server for the whole suite: Argon2id makes accounts deliberately slow to create.
class ServeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    workspace_.db = dir_->file("store.db");
    workspace_.init_store();
    auto store = workspace_.open_store();
    const auto import = [&](const std::string& file, const std::string& agency, const std::string& list) {
      pipeline::ImportSettings settings;
      settings.agency = agency;
      settings.list = list;
      settings.list_given = true;
      settings.mapping_path = kExamples + file.substr(0, file.find('.')) + ".mapping.toml";
      pipeline::import_batches(
          workspace_, {kExamples + file}, settings,
          [](const pipeline::ImportOutcome& o) { batch_of_[o.result.batch.agency] = o.result.batch.id; });
    };
    import("police.csv", "MUP-RS", "victims");
    import("shelter.csv", "SHELTER-RS", "residents");
    pipeline::run_linkage(workspace_, {});
    for (const auto& person : people()) {
      pipeline::add_account(store, {person.login, person.role, person.agency, kPassword}, "test");
    }
    pipeline::add_account(store, {"target.account", Role::kReader, "", kPassword}, "test");
    ServeSettings settings;
    settings.port = 0;
    settings.dev = true;
    settings.max_upload_bytes = std::size_t{1} << 20;
    settings.login_attempts_per_minute = 100000;
    settings.threads = 4;
    server_ = new Server(workspace_, settings);
    thread_ = new std::thread([] { server_->run(); });
  }
  static void TearDownTestSuite() {
    server_->stop();
    thread_->join();
    delete thread_;
    delete server_;
    delete dir_;
  }

  static const std::vector<Person>& people() {
    static const std::vector<Person> everyone = {{"sub.police", Role::kSubmitter, "MUP-RS"},
                                                 {"sub.shelter", Role::kSubmitter, "SHELTER-RS"},
                                                 {"ana", Role::kAnalyst, ""},
                                                 {"pub", Role::kPublisher, ""},
                                                 {"aud", Role::kAuditor, ""},
                                                 {"adm", Role::kAdmin, ""},
                                                 {"rea", Role::kReader, ""}};
    return everyone;
  }

  static std::unique_ptr<httplib::SSLClient> client() {
    auto c = std::make_unique<httplib::SSLClient>("127.0.0.1", server_->port());
    c->enable_server_certificate_verification(false);
    c->set_read_timeout(60, 0);
    c->set_write_timeout(60, 0);
    return c;
  }

  struct Session {
    std::string cookie;  // "__Host-clearpoint=…"
    std::string csrf;
  };
  static Session sign_in(const std::string& login, const std::string& password = kPassword,
                         const std::string& brought_cookie = "") {
    auto c = client();
    httplib::Headers headers;
    if (!brought_cookie.empty()) headers.emplace("Cookie", brought_cookie);
    const auto res = c->Post("/api/login", headers, json{{"login", login}, {"password", password}}.dump(),
                             "application/json");
    if (!res || res->status != 200) return {};
    const std::string set = res->get_header_value("Set-Cookie");
    return {set.substr(0, set.find(';')), json::parse(res->body)["csrf_token"].get<std::string>()};
  }

  static httplib::Result request(const Route& route, const std::string& path, const Session* session,
                                 bool with_csrf = true) {
    auto c = client();
    httplib::Headers headers;
    if (session != nullptr) {
      headers.emplace("Cookie", session->cookie);
      if (with_csrf) headers.emplace(std::string(kCsrfHeader), session->csrf);
    }
    if (route.method == Method::kGet) return c->Get(path.c_str(), headers);
    return c->Post(path.c_str(), headers, "{}", "application/json");
  }

  static std::string expand(std::string_view example, std::int64_t number) {
    std::string path(example);
    if (const auto at = path.find("{n}"); at != std::string::npos)
      path.replace(at, 3, std::to_string(number));
    if (const auto at = path.find("{login}"); at != std::string::npos) path.replace(at, 7, "target.account");
    return path;
  }

  // Sends `bytes` over TLS as they are and reads the answer until the server closes.
  static std::string raw_exchange(const std::string& bytes) {
    SSL_CTX* context = SSL_CTX_new(TLS_client_method());
    BIO* bio = BIO_new_ssl_connect(context);
    BIO_set_conn_hostname(bio, ("127.0.0.1:" + std::to_string(server_->port())).c_str());
    std::string answer;
    if (BIO_do_connect(bio) == 1 && BIO_write(bio, bytes.data(), static_cast<int>(bytes.size())) > 0) {
      std::array<char, 4096> buffer{};
      // Until the headers and the body their Content-Length announces are in.
      const auto complete = [&answer] {
        const auto end = answer.find("\r\n\r\n");
        const auto length = answer.find("Content-Length: ");
        if (end == std::string::npos || length == std::string::npos) return false;
        return answer.size() >= end + 4 + std::stoul(answer.substr(length + 16));
      };
      for (int n; !complete() && (n = BIO_read(bio, buffer.data(), static_cast<int>(buffer.size()))) > 0;)
        answer.append(buffer.data(), n);
    }
    BIO_free_all(bio);
    SSL_CTX_free(context);
    return answer;
  }

  static testing::TempDir* dir_;
  static pipeline::Workspace workspace_;
  static Server* server_;
  static std::thread* thread_;
  static std::map<std::string, std::int64_t> batch_of_;
};

testing::TempDir* ServeTest::dir_ = nullptr;
pipeline::Workspace ServeTest::workspace_;
Server* ServeTest::server_ = nullptr;
std::thread* ServeTest::thread_ = nullptr;
std::map<std::string, std::int64_t> ServeTest::batch_of_;

TEST_F(ServeTest, EveryRouteHasAHandlerAndAnExample) {
  for (const auto& route : routes()) {
    EXPECT_NE(handler_for(route.action), nullptr) << route.action;
    // The example reaches the route (not the server's "no such endpoint").
    const auto res = request(route, expand(route.example, 1), nullptr);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->body.find("no such page or endpoint"), std::string::npos) << route.action;
  }
}

// Generated from the route table: a route added later is walked here without anyone writing a line.
TEST_F(ServeTest, AuthorisationMatrixEveryRouteRoleAndAgency) {
  ASSERT_EQ(batch_of_.size(), 2U);
  std::map<std::string, Session> sessions;
  for (const auto& person : people()) {
    sessions[person.login] = sign_in(person.login);
    ASSERT_FALSE(sessions[person.login].cookie.empty()) << person.login;
  }
  int checked = 0;
  for (const auto& route : routes()) {
    SCOPED_TRACE(std::string(route.action));
    // Nobody signed in: only the public routes answer.
    const auto anonymous = request(route, expand(route.example, batch_of_["MUP-RS"]), nullptr);
    ASSERT_TRUE(anonymous);
    if (route.audience == Audience::kPublic) {
      EXPECT_NE(anonymous->status, 401);
      EXPECT_NE(anonymous->status, 403);
    } else {
      EXPECT_EQ(anonymous->status, 401);
      EXPECT_EQ(anonymous->body.find("MUP-RS"), std::string::npos);
    }
    ++checked;
    if (route.audience == Audience::kPublic) continue;
    for (const auto& person : people()) {
      SCOPED_TRACE(person.login);
      const auto& own_agency = person.agency.empty() ? std::string("MUP-RS") : person.agency;
      for (const bool own : {true, false}) {
        const std::string agency = own ? own_agency : (own_agency == "MUP-RS" ? "SHELTER-RS" : "MUP-RS");
        const std::string other = agency == "MUP-RS" ? "SHELTER-RS" : "MUP-RS";
        const Session session = route.action == "logout" ? sign_in(person.login) : sessions[person.login];
        const auto res = request(route, expand(route.example, batch_of_[agency]), &session);
        ASSERT_TRUE(res);
        ++checked;
        if (!role_allowed(route, person.role)) {
          EXPECT_EQ(res->status, 403);
        } else if (route.scope == AgencyScope::kOwnBatch && person.role == Role::kSubmitter && !own) {
          EXPECT_EQ(res->status, 404) << "another agency's batch must look absent";
        } else {
          EXPECT_NE(res->status, 401);
          EXPECT_NE(res->status, 403);
          if (route.scope == AgencyScope::kOwnBatch) {
            EXPECT_NE(res->status, 404);
          }
        }
        // A submitter never reads another agency's anything; the roles without records never read a name.
        if (person.role == Role::kSubmitter) {
          EXPECT_EQ(res->body.find(person.agency == "MUP-RS" ? "SHELTER-RS" : "MUP-RS"), std::string::npos);
        } else if (person.role != Role::kAnalyst) {
          EXPECT_EQ(res->body.find("Ахметовић"), std::string::npos);
          EXPECT_EQ(res->body.find("Ahmetović"), std::string::npos);
        }
        (void)other;
      }
    }
  }
  EXPECT_GE(checked, static_cast<int>(routes().size()) * 8);
  // Both batches still stand: no POST of the matrix withdrew another agency's batch.
  auto store = workspace_.open_store();
  for (const auto& [agency, id] : batch_of_) EXPECT_EQ(store.batch(id)->status, store::BatchStatus::kActive);
}

TEST_F(ServeTest, SubmitterSeesOnlyOwnAgencyAndAnalystSeesAll) {
  auto c = client();
  const auto police = sign_in("sub.police");
  const auto res = c->Get("/api/batches", {{"Cookie", police.cookie}});
  ASSERT_TRUE(res);
  const auto batches = json::parse(res->body);
  ASSERT_EQ(batches.size(), 1U);
  EXPECT_EQ(batches[0]["agency"], "MUP-RS");
  const auto records = c->Get(("/api/batches/" + std::to_string(batch_of_["MUP-RS"]) + "/records").c_str(),
                              {{"Cookie", police.cookie}});
  ASSERT_TRUE(records);
  EXPECT_EQ(records->status, 200);
  EXPECT_EQ(json::parse(records->body)["records"].size(), 142U);
  const auto analyst = sign_in("ana");
  const auto all = c->Get("/api/batches", {{"Cookie", analyst.cookie}});
  EXPECT_EQ(json::parse(all->body).size(), 2U);
  // The read is in the audit log: who, which batch, how many — no name.
  const auto log = workspace_.open_store().audit_log();
  const auto read =
      std::find_if(log.rbegin(), log.rend(), [](const auto& e) { return e.action == "read-records"; });
  ASSERT_NE(read, log.rend());
  EXPECT_NE(read->actor.find("sub.police"), std::string::npos);
  EXPECT_EQ(read->batch_id, batch_of_["MUP-RS"]);
  EXPECT_NE(read->detail.find("142"), std::string::npos);
}

TEST_F(ServeTest, StateChangesWithoutTheSessionsCsrfTokenAreRefused) {
  const auto session = sign_in("ana");
  auto c = client();
  const std::string body = json{{"label", "csrf"}}.dump();
  auto res = c->Post("/api/tokens", {{"Cookie", session.cookie}}, body, "application/json");
  EXPECT_EQ(res->status, 403);
  res = c->Post("/api/tokens", {{"Cookie", session.cookie}, {"X-CSRF-Token", std::string(64, 'a')}}, body,
                "application/json");
  EXPECT_EQ(res->status, 403);
  const auto other = sign_in("pub");
  res = c->Post("/api/tokens", {{"Cookie", session.cookie}, {"X-CSRF-Token", other.csrf}}, body,
                "application/json");
  EXPECT_EQ(res->status, 403) << "another session's token is no token";
  res = c->Post("/api/tokens", {{"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}}, body,
                "application/json");
  EXPECT_EQ(res->status, 201);
}

TEST_F(ServeTest, SessionCookieFlagsAndNoFixation) {
  auto c = client();
  const auto res = c->Post("/api/login", {{"Cookie", "__Host-clearpoint=attacker-chosen"}},
                           json{{"login", "rea"}, {"password", kPassword}}.dump(), "application/json");
  ASSERT_EQ(res->status, 200);
  const std::string set = res->get_header_value("Set-Cookie");
  EXPECT_TRUE(set.starts_with("__Host-clearpoint=")) << set;
  for (const char* flag : {"HttpOnly", "Secure", "SameSite=Strict", "Path=/"})
    EXPECT_NE(set.find(flag), std::string::npos) << flag;
  EXPECT_EQ(set.find("Domain"), std::string::npos);
  EXPECT_EQ(set.find("attacker-chosen"), std::string::npos);
  EXPECT_EQ(c->Get("/api/me", {{"Cookie", "__Host-clearpoint=attacker-chosen"}})->status, 401);
  EXPECT_EQ(c->Get("/api/me", {{"Cookie", set.substr(0, set.find(';'))}})->status, 200);
  // Signing out ends the session on the server, not only in the browser.
  const Session session{set.substr(0, set.find(';')), json::parse(res->body)["csrf_token"]};
  c->Post("/api/logout", {{"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}}, "{}",
          "application/json");
  EXPECT_EQ(c->Get("/api/me", {{"Cookie", session.cookie}})->status, 401);
}

TEST_F(ServeTest, PasswordsAreKeptAsArgon2idHashesOnly) {
  const auto store = workspace_.open_store();
  for (const auto& account : store.accounts()) {
    EXPECT_TRUE(account.password_hash.starts_with("$argon2id$")) << account.login;
    EXPECT_TRUE(pipeline::password_matches(account.password_hash, kPassword));
  }
  for (const auto& entry : store.audit_log()) EXPECT_EQ(entry.detail.find(kPassword), std::string::npos);
  // Nowhere in the store's bytes (nor its write-ahead log).
  for (const auto& file : {workspace_.db, workspace_.db + "-wal"}) {
    if (std::filesystem::exists(file)) {
      EXPECT_EQ(testing::read_file(file).find(kPassword), std::string::npos) << file;
    }
  }
}

TEST_F(ServeTest, RevokedTokensAndDisabledAccountsStopWorking) {
  auto c = client();
  const auto session = sign_in("sub.shelter");
  const auto made = c->Post("/api/tokens", {{"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}},
                            json{{"label", "nightly upload"}}.dump(), "application/json");
  ASSERT_EQ(made->status, 201);
  const std::string token = json::parse(made->body)["token"];
  const httplib::Headers bearer = {{"Authorization", "Bearer " + token}};
  EXPECT_EQ(c->Get("/api/batches", bearer)->status, 200);
  // Stored as a hash only.
  const auto store = workspace_.open_store();
  const auto account = store.account("sub.shelter");
  const auto tokens = store.api_tokens(account->id);
  ASSERT_FALSE(tokens.empty());
  EXPECT_NE(tokens.back().token_hash, token);
  EXPECT_EQ(testing::read_file(workspace_.db).find(token), std::string::npos);
  const auto revoked =
      c->Post(("/api/tokens/" + std::to_string(tokens.back().id) + "/revoke").c_str(),
              {{"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}}, "{}", "application/json");
  EXPECT_EQ(revoked->status, 200);
  EXPECT_EQ(c->Get("/api/batches", bearer)->status, 401);
}

TEST_F(ServeTest, WrongPasswordsLockTheAccount) {
  auto store = workspace_.open_store();
  pipeline::add_account(store, {"locked.out", Role::kReader, "", kPassword}, "test");
  for (int i = 0; i < pipeline::kLockoutAfter; ++i)
    EXPECT_TRUE(sign_in("locked.out", "not the password 1").cookie.empty());
  // Locked: even the right password is refused, and the answer reads like any refusal.
  auto c = client();
  const auto res = c->Post("/api/login", json{{"login", "locked.out"}, {"password", kPassword}}.dump(),
                           "application/json");
  EXPECT_EQ(res->status, 401);
  const auto unknown =
      c->Post("/api/login", json{{"login", "no.such"}, {"password", kPassword}}.dump(), "application/json");
  EXPECT_EQ(json::parse(res->body)["error"], json::parse(unknown->body)["error"]);
  EXPECT_FALSE(workspace_.open_store().account("locked.out")->locked_until.empty());
  pipeline::reset_password(store, "locked.out", "another long password", "test");
  EXPECT_FALSE(sign_in("locked.out", "another long password").cookie.empty());
}

TEST_F(ServeTest, UploadsAreCheckedAndLocatedBeforeAnythingIsStored) {
  const auto session = sign_in("sub.shelter");
  auto c = client();
  const auto before = workspace_.open_store().batches().size();
  // A header and a row that lacks its fields; the name tries to climb out of the upload folder.
  httplib::MultipartFormDataItems bad = {
      {"file", "record_id,given_names,birth_date\nR1,Ana,1990-01-01\nR2,Ivana,31.31.1990\n",
       "../../../store.db", "text/csv"},
      {"list", "residents", "", ""}};
  auto res = c->Post("/api/batches", {{"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}}, bad);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422);
  const auto answer = json::parse(res->body);
  ASSERT_FALSE(answer["problems"].empty());
  EXPECT_EQ(answer["problems"][0]["where"].get<std::string>().rfind("store.db:3:", 0), 0U) << res->body;
  EXPECT_EQ(answer["problems"][0]["field"], "birth_date");
  EXPECT_EQ(res->body.find(dir_->path()), std::string::npos) << "no server path in the answer";
  EXPECT_EQ(res->body.find("Ivana"), std::string::npos) << "no name in the answer";
  EXPECT_EQ(workspace_.open_store().batches().size(), before);
  // Corrected, the same upload is stored, under its bare name, and nothing is left beside the store.
  bad[0].content = "record_id,given_names,birth_date\nR1,Ana,1990-01-01\nR2,Ivana,1990-12-31\n";
  res = c->Post("/api/batches", {{"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}}, bad);
  ASSERT_EQ(res->status, 201) << res->body;
  const auto batch = json::parse(res->body)["batch"];
  EXPECT_EQ(batch["file"], "store.db");
  EXPECT_EQ(batch["agency"], "SHELTER-RS");
  std::size_t entries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_->path())) {
    const auto name = entry.path().filename().string();
    if (name == "store-releases") continue;  // published releases (PublisherPublishes…)
    EXPECT_TRUE(name.starts_with("store.db")) << name;
    ++entries;
  }
  EXPECT_LE(entries, 3U);
}

TEST_F(ServeTest, WorkbookUploadsAreLocatedBySheetAndCell) {
  const auto session = sign_in("sub.police");
  const auto path = dir_->file("police-upload.xlsx");
  ASSERT_TRUE(testing::write_police_workbook(path, "31.31.1985"));
  auto c = client();
  const httplib::MultipartFormDataItems form = {
      {"file", testing::read_file(path), "police list (final).xlsx",
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"list", "victims", "", ""}};
  auto res = c->Post("/api/batches", {{"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}}, form);
  ASSERT_EQ(res->status, 422) << res->body;
  const auto problems = json::parse(res->body)["problems"];
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0]["where"], "police_list__final_.xlsx: Victims!E3");
  EXPECT_EQ(problems[0]["field"], "birth_date");
  std::filesystem::remove(path);
  ASSERT_TRUE(testing::write_police_workbook(path, "1985-02-01"));
  const httplib::MultipartFormDataItems fixed = {
      {"file", testing::read_file(path), "police list (final).xlsx",
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"list", "victims", "", ""}};
  res = c->Post("/api/batches", {{"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}}, fixed);
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(json::parse(res->body)["batch"]["format"], "xlsx");
  EXPECT_EQ(json::parse(res->body)["accepted"], 3);
  std::filesystem::remove(path);
}

TEST_F(ServeTest, AGigabyteUploadIsRefusedWithoutBeingStored) {
  const auto session = sign_in("sub.shelter");
  auto c = client();
  const std::size_t gigabyte = std::size_t{1} << 30;
  const std::string chunk(1 << 16, 'x');
  std::size_t sent = 0;
  const auto res = c->Post(
      "/api/batches", {{"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}}, gigabyte,
      [&](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        const std::size_t n = std::min({length, chunk.size(), gigabyte - offset});
        sent += n;
        return sink.write(chunk.data(), n);
      },
      "text/csv");
  // Refused from the declared length: the server answers 413 and closes the connection on the sender
  // long before the gigabyte has gone through.
  if (res) {
    EXPECT_EQ(res->status, 413);
  }
  EXPECT_LT(sent, gigabyte / 16);
  // A sender that waits for the answer after its headers reads why.
  const std::string answer = raw_exchange(
      "POST /api/batches HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\nContent-Length: "
      "1073741824\r\n"
      "Cookie: " +
      session.cookie + "\r\nX-CSRF-Token: " + session.csrf + "\r\n\r\n");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 413")) << answer;
  EXPECT_NE(answer.find("larger than this server accepts (1 MB)"), std::string::npos) << answer;
  EXPECT_TRUE(std::filesystem::space(dir_->path()).available > 0);
  std::uintmax_t folder_bytes = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_->path())) {
    if (entry.is_regular_file()) folder_bytes += entry.file_size();
  }
  EXPECT_LT(folder_bytes, std::uintmax_t{64} << 20);
}

TEST_F(ServeTest, AnalystsDecisionIsStored) {
  const auto session = sign_in("ana");
  std::vector<std::string> references;
  workspace_.open_store().for_each_record({}, [&](const records::CaseRecord& record) {
    if (references.size() < 2 && (references.empty() || record.agency != "MUP-RS"))
      references.push_back(pipeline::reference_of(record));
  });
  ASSERT_EQ(references.size(), 2U);
  auto c = client();
  const auto decided = [&](const std::string& decision) {
    return c->Post(
        "/api/review/decide", {{"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}},
        json{{"record_a", references[0]}, {"record_b", references[1]}, {"decision", decision}}.dump(),
        "application/json");
  };
  EXPECT_EQ(decided("maybe")->status, 400);
  ASSERT_EQ(decided("different")->status, 200);
  ASSERT_EQ(decided("same")->status, 200);
  const auto decisions = workspace_.open_store().review_decisions();
  ASSERT_EQ(decisions.size(), 1U) << "a new decision on a pair replaces the old";
  EXPECT_TRUE(decisions[0].same);
  EXPECT_NE(decisions[0].decided_by.find("ana"), std::string::npos);
}

TEST_F(ServeTest, SavedMappingsAreChosenByNameAndStayWithTheirAgency) {
  const auto police = sign_in("sub.police");
  const auto shelter = sign_in("sub.shelter");
  auto c = client();
  const auto save = [&](const Session& session, const std::string& name, const std::string& mapping) {
    return c->Post("/api/mappings", {{"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}},
                   json{{"name", name}, {"mapping", mapping}}.dump(), "application/json");
  };
  // A mapping that does not parse is refused, located by its name, and not saved.
  auto res = save(police, "broken layout", "[columns]\n\"Ime\" = \n");
  ASSERT_EQ(res->status, 422) << res->body;
  EXPECT_NE(res->body.find("mapping 'broken layout'"), std::string::npos) << res->body;
  EXPECT_EQ(res->body.find(dir_->path()), std::string::npos) << "no server path in the answer";
  res = save(police, "../police", testing::read_file(kExamples + "police.mapping.toml"));
  EXPECT_EQ(res->status, 422) << "a name that looks like a path is refused";
  ASSERT_EQ(save(police, "police layout", testing::read_file(kExamples + "police.mapping.toml"))->status,
            201);

  const auto listed = [&](const Session& session) {
    return json::parse(c->Get("/api/mappings", {{"Cookie", session.cookie}})->body);
  };
  ASSERT_EQ(listed(police).size(), 1U);
  EXPECT_EQ(listed(police)[0]["name"], "police layout");
  EXPECT_TRUE(listed(shelter).empty()) << "another agency's mapping is not listed";

  // Chosen by name, the saved mapping reads the police file exactly as the mapping file did when it was
  // imported from the CLI: the same content, so the batch is already present.
  const auto upload = [&](const Session& session) {
    const httplib::MultipartFormDataItems form = {
        {"file", testing::read_file(kExamples + "police.csv"), "police.csv", "text/csv"},
        {"list", "victims", "", ""},
        {"mapping_name", "police layout", "", ""}};
    return c->Post("/api/batches", {{"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}}, form);
  };
  res = upload(police);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_TRUE(json::parse(res->body)["already_present"].get<bool>());
  // Another agency cannot use it: to the shelter it does not exist.
  const auto before = workspace_.open_store().batches().size();
  res = upload(shelter);
  EXPECT_EQ(res->status, 422) << res->body;
  EXPECT_NE(res->body.find("has no saved mapping 'police layout'"), std::string::npos) << res->body;
  EXPECT_EQ(workspace_.open_store().batches().size(), before);
}

TEST_F(ServeTest, PublisherPublishesAReleaseThatReadersThenSee) {
  auto c = client();
  const auto analyst = sign_in("ana");
  // The persons must be current for a release of persons: the analyst links first, from the server.
  ASSERT_EQ(c->Post("/api/link", {{"Cookie", analyst.cookie}, {"X-CSRF-Token", analyst.csrf}}, "{}",
                    "application/json")
                ->status,
            200);
  // The linked data, as `clearpoint persons` gives it: every agency's records with their persons.
  const auto persons = c->Get("/api/persons?limit=5", {{"Cookie", analyst.cookie}});
  ASSERT_EQ(persons->status, 200) << persons->body;
  const auto linked = json::parse(persons->body);
  EXPECT_EQ(linked["shown"], 5);
  EXPECT_GT(linked["total"].get<std::int64_t>(), 142);
  EXPECT_FALSE(linked["rows"][0]["person"].get<std::string>().empty());
  const auto log = workspace_.open_store().audit_log();
  EXPECT_EQ(log.back().action, "read-persons") << "every read of linked records is audited";
  EXPECT_NE(log.back().detail.find("\"records\":5"), std::string::npos) << log.back().detail;

  // The analyst declares whom each list could catch; a wrong declaration is located and not kept.
  const auto save_coverage = [&](const std::string& text) {
    return c->Post("/api/coverage", {{"Cookie", analyst.cookie}, {"X-CSRF-Token", analyst.csrf}},
                   json{{"coverage", text}}.dump(), "application/json");
  };
  auto saved = save_coverage("[[list]]\nlist = \"MUP-RS/victims\"\nroles = [\"exit\"]\n");
  ASSERT_EQ(saved->status, 422) << saved->body;
  EXPECT_NE(saved->body.find("coverage file:3"), std::string::npos) << saved->body;
  EXPECT_EQ(saved->body.find(dir_->path()), std::string::npos) << "no server path in the answer";
  saved = save_coverage("[[list]]\nlist = \"MUP-RS/victims\"\ncountry = \"RS\"\n");
  ASSERT_EQ(saved->status, 201) << saved->body;
  EXPECT_TRUE(workspace_.open_store().saved_coverage().has_value());

  const auto publisher = sign_in("pub");
  const auto publish = [&](const std::string& release) {
    return c->Post("/api/releases", {{"Cookie", publisher.cookie}, {"X-CSRF-Token", publisher.csrf}},
                   json{{"release", release}}.dump(), "application/json");
  };
  // A mistake in the release file is located in it, and nothing is kept.
  const auto releases_before = workspace_.open_store().releases().size();
  auto res = publish("[release]\nid = \"served\"\nyears = [2000]\n");
  ASSERT_EQ(res->status, 422) << res->body;
  EXPECT_NE(res->body.find("release.toml"), std::string::npos) << res->body;
  EXPECT_EQ(res->body.find(dir_->path()), std::string::npos) << "no server path in the answer";
  EXPECT_EQ(workspace_.open_store().releases().size(), releases_before);

  const std::string release =
      "[release]\nid = \"served-2000-2010\"\ntitle = \"Identified victims\"\nyears = [2000, 2010]\n"
      "unit = \"persons\"\nthreshold = 3\n\n[[table]]\nid = \"by-sex\"\ntitle = \"By sex\"\n"
      "variables = [\"sex\"]\n";
  res = publish(release);
  ASSERT_EQ(res->status, 201) << res->body;
  const auto answer = json::parse(res->body);
  EXPECT_EQ(answer["release"], "served-2000-2010");
  EXPECT_TRUE(answer["audit_passed"].get<bool>());
  EXPECT_GT(answer["counted"].get<std::int64_t>(), 0);
  EXPECT_TRUE(answer["folder"].get<std::string>().starts_with("store-releases/")) << answer["folder"];
  // The files are beside the store, private to the server's user.
  const auto folder = std::filesystem::path(dir_->path()) / answer["folder"].get<std::string>();
  EXPECT_TRUE(std::filesystem::exists(folder / "release.json"));
  EXPECT_EQ(std::filesystem::status(folder).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_all);

  // A reader sees it among the published releases.
  const auto reader = sign_in("rea");
  const auto listed = json::parse(c->Get("/api/releases", {{"Cookie", reader.cookie}})->body);
  ASSERT_FALSE(listed.empty());
  EXPECT_EQ(listed.back()["release"], "served-2000-2010");
  EXPECT_EQ(listed.size(), releases_before + 1);
}

// Several uploads at the same moment (one SQLite writer): each stored once and whole, none lost.
TEST_F(ServeTest, ConcurrentUploadsAreEachStoredOnce) {
  const auto session = sign_in("sub.police");
  const auto before = workspace_.open_store().batches().size();
  constexpr int kUploads = 8;
  std::vector<int> statuses(kUploads, 0);
  std::vector<std::thread> senders;
  for (int i = 0; i < kUploads; ++i) {
    senders.emplace_back([&, i] {
      std::string csv = "record_id,given_names,surnames,birth_date\n";
      for (int r = 0; r < 200; ++r) csv += fmt::format("C{}-{},Ana,Petrović,1990-01-01\n", i, r);
      auto c = client();
      const httplib::MultipartFormDataItems form = {
          {"file", csv, fmt::format("concurrent-{}.csv", i), "text/csv"}, {"list", "victims", "", ""}};
      const auto res =
          c->Post("/api/batches", {{"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}}, form);
      statuses[static_cast<std::size_t>(i)] = res ? res->status : -1;
    });
  }
  for (auto& sender : senders) sender.join();
  for (const int status : statuses) EXPECT_EQ(status, 201);
  const auto store = workspace_.open_store();
  const auto batches = store.batches();
  ASSERT_EQ(batches.size(), before + kUploads);
  for (std::size_t i = before; i < batches.size(); ++i) EXPECT_EQ(batches[i].record_count, 200);
  EXPECT_TRUE(store.check().ok());
}

TEST(LoginThrottle, AnAddressGetsItsMinuteAndThenWaits) {
  LoginThrottle throttle(3);
  const auto start = LoginThrottle::Clock::now();
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(throttle.admit("10.0.0.1", start));
  EXPECT_FALSE(throttle.admit("10.0.0.1", start + std::chrono::seconds(30)));
  EXPECT_TRUE(throttle.admit("10.0.0.2", start + std::chrono::seconds(30)));
  EXPECT_TRUE(throttle.admit("10.0.0.1", start + std::chrono::seconds(61)));
}

}  // namespace
}  // namespace clearpoint::server
