// Load on loopback for `clearpoint serve` (issue 18): N submitters of N agencies upload a batch of M
// records each at the same moment over HTTPS with their API tokens; then every batch is sent again. Reports
// the latency percentiles and throughput, and checks that every batch was stored once and whole (0 lost,
// 0 duplicated) and that the store passes its own check (audit chain, every batch against its import).
//
// usage: clearpoint_serve_load [submitters = 50] [records per batch = 1000] [server threads = 8]
#include <fmt/format.h>
#include <httplib.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/accounts.h"
#include "server/http_server.h"
#include "store/store.h"

namespace {

using clearpoint::pipeline::Principal;
using clearpoint::pipeline::Role;
using Clock = std::chrono::steady_clock;

std::string batch_csv(int agency, int records) {
  static const char* const kGiven[] = {"Jelena", "Марија", "Olga",    "Ana",
                                       "Yuliya", "Ивана",  "Natalia", "Mirela"};
  static const char* const kSurnames[] = {"Petrović", "Ђорђевић", "Rusu", "Hoxha", "Shevchenko", "Popescu"};
  std::string csv = "record_id,given_names,surnames,sex,birth_date,identification_year,citizenship\n";
  for (int i = 0; i < records; ++i) {
    csv +=
        fmt::format("A{:02}-{:06},{},{},female,{}-{:02}-{:02},{},RS\n", agency, i, kGiven[(i + agency) % 8],
                    kSurnames[(i / 8 + agency) % 6], 1970 + i % 30, 1 + i % 12, 1 + i % 28, 2000 + i % 25);
  }
  return csv;
}

struct Upload {
  double seconds = 0;
  int status = 0;
};

std::vector<Upload> upload_all(int port, const std::vector<std::string>& tokens,
                               const std::vector<std::string>& files) {
  std::vector<Upload> results(tokens.size());
  std::vector<std::thread> senders;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    senders.emplace_back([&, i] {
      httplib::SSLClient client("127.0.0.1", port);
      client.enable_server_certificate_verification(false);
      client.set_read_timeout(120, 0);
      client.set_write_timeout(120, 0);
      const httplib::MultipartFormDataItems form = {
          {"file", files[i], fmt::format("agency-{:02}.csv", i), "text/csv"}, {"list", "victims", "", ""}};
      const auto start = Clock::now();
      const auto res = client.Post("/api/batches", {{"Authorization", "Bearer " + tokens[i]}}, form);
      results[i] = {std::chrono::duration<double>(Clock::now() - start).count(), res ? res->status : -1};
    });
  }
  for (auto& sender : senders) sender.join();
  return results;
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const auto at = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[at];
}

void report(const char* round, const std::vector<Upload>& uploads, double wall, int records) {
  std::vector<double> latencies;
  std::map<int, int> statuses;
  for (const auto& upload : uploads) {
    latencies.push_back(upload.seconds);
    ++statuses[upload.status];
  }
  std::string status_text;
  for (const auto& [status, count] : statuses) status_text += fmt::format(" {}×{}", count, status);
  fmt::print(
      "{:<28} {:>6.2f} s wall  p50 {:>6.3f} s  p95 {:>6.3f} s  max {:>6.3f} s  {:>7.1f} batches/s  {:>9.0f} "
      "records/s  answers:{}\n",
      round, wall, percentile(latencies, 0.5), percentile(latencies, 0.95), percentile(latencies, 1.0),
      static_cast<double>(uploads.size()) / wall, static_cast<double>(uploads.size()) * records / wall,
      status_text);
}

}  // namespace

int main(int argc, char** argv) {
  const int submitters = argc > 1 ? std::stoi(argv[1]) : 50;
  const int records = argc > 2 ? std::stoi(argv[2]) : 1000;
  const int threads = argc > 3 ? std::stoi(argv[3]) : 8;
  const auto folder =
      std::filesystem::temp_directory_path() / fmt::format("clearpoint-serve-load-{}", ::getpid());
  std::filesystem::create_directories(folder);
  int failures = 0;
  {
    clearpoint::pipeline::Workspace workspace;
    workspace.db = (folder / "load.db").string();
    workspace.init_store();
    std::vector<std::string> tokens;
    std::vector<std::string> files;
    {
      auto store = workspace.open_store();
      for (int i = 0; i < submitters; ++i) {
        const std::string login = fmt::format("submitter-{:02}", i);
        clearpoint::pipeline::add_account(
            store, {login, Role::kSubmitter, fmt::format("AGENCY-{:02}", i), "load test password"}, "load");
        const auto account = store.account(login);
        tokens.push_back(clearpoint::pipeline::issue_api_token(
            store, Principal{account->id, login, Role::kSubmitter, account->agency}, "load"));
        files.push_back(batch_csv(i, records));
      }
    }
    clearpoint::server::ServeSettings settings;
    settings.port = 0;
    settings.dev = true;
    settings.threads = threads;
    clearpoint::server::Server server(workspace, settings);
    std::thread serving([&server] { server.run(); });

    fmt::print("{} submitters, one batch of {} records each, at once; {} server threads, 2 cores\n",
               submitters, records, threads);
    auto start = Clock::now();
    const auto first = upload_all(server.port(), tokens, files);
    report("first upload (stored)", first, std::chrono::duration<double>(Clock::now() - start).count(),
           records);
    start = Clock::now();
    const auto again = upload_all(server.port(), tokens, files);
    report("the same again (recognised)", again, std::chrono::duration<double>(Clock::now() - start).count(),
           records);
    server.stop();
    serving.join();

    const auto store = workspace.open_store();
    const auto batches = store.batches();
    std::set<std::string> agencies;
    int whole = 0;
    for (const auto& batch : batches) {
      agencies.insert(batch.agency);
      whole += batch.record_count == records ? 1 : 0;
    }
    const int stored = static_cast<int>(
        std::count_if(first.begin(), first.end(), [](const Upload& u) { return u.status == 201; }));
    const int recognised = static_cast<int>(
        std::count_if(again.begin(), again.end(), [](const Upload& u) { return u.status == 200; }));
    const int lost = submitters - static_cast<int>(agencies.size());
    const int duplicated = static_cast<int>(batches.size()) - static_cast<int>(agencies.size());
    const auto check = store.check();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    fmt::print(
        "batches stored {} of {} (answered 201: {}, recognised on resending: {}); lost {}, duplicated {}; "
        "whole {}; store check {}; peak RSS {} MB\n",
        batches.size(), submitters, stored, recognised, lost, duplicated, whole,
        check.problems.empty() ? "passed" : "FAILED", usage.ru_maxrss / 1024);
    failures = (lost != 0 || duplicated != 0 || whole != submitters || stored != submitters ||
                recognised != submitters || !check.problems.empty())
                   ? 1
                   : 0;
  }
  std::filesystem::remove_all(folder);
  return failures;
}
