#include <fmt/format.h>
#include <signal.h>

#include <ctime>
#include <memory>
#include <thread>

#include "cli/commands.h"
#include "server/http_server.h"

namespace clearpoint::cli {

namespace {

struct ServeArgs {
  server::ServeSettings settings;
  std::size_t max_upload_mb = 64;
  int seconds = 0;  // 0: until Ctrl-C or SIGTERM
};

void serve(const GlobalOptions& options, ServeArgs& args) {
  args.settings.max_upload_bytes = args.max_upload_mb << 20;
  // SIGINT and SIGTERM are taken by one waiting thread (blocked before the server's threads exist, so
  // they inherit the mask), which stops the server; so does the end of --for.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  server::Server http(options, args.settings);
  fmt::print("clearpoint serves {} at https://{}:{}/\n", options.db,
             args.settings.host == "0.0.0.0" ? "localhost" : args.settings.host, http.port());
  if (!http.certificate_fingerprint().empty()) {
    fmt::print("a self-signed certificate for localhost (SHA-256 {}); the browser will ask to accept it\n",
               http.certificate_fingerprint());
  }
  fmt::print("{}\n", args.seconds > 0 ? fmt::format("for {} seconds (or until Ctrl-C)", args.seconds)
                                      : std::string("until Ctrl-C"));
  std::fflush(stdout);
  std::thread waiter([&http, &stop_signals, seconds = args.seconds] {
    if (seconds > 0) {
      const timespec timeout{seconds, 0};
      sigtimedwait(&stop_signals, nullptr, &timeout);
    } else {
      int signal_number = 0;
      sigwait(&stop_signals, &signal_number);
    }
    http.stop();
  });
  http.run();
  // The server may also stop on its own (a failure to accept); the waiter then needs a signal to end.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  fmt::print("clearpoint serve stopped\n");
}

}  // namespace

void add_serve_command(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<ServeArgs>();
  auto* command =
      app.add_subcommand("serve", "The clearing point over HTTPS: submission, review, dashboards");
  command->add_option("--host", args->settings.host, "Address to listen on")->capture_default_str();
  command->add_option("--port", args->settings.port, "Port (0: any free one)")->capture_default_str();
  command->add_option("--certificate", args->settings.certificate_file, "TLS certificate (PEM)");
  command->add_option("--private-key", args->settings.private_key_file, "Its private key (PEM)");
  command->add_flag("--dev", args->settings.dev,
                    "A self-signed certificate for localhost, made in memory (development and the demo)");
  command->add_option("--max-upload-mb", args->max_upload_mb, "Largest request accepted")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  command->add_option("--threads", args->settings.threads, "Requests served at once")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  command->add_option("--for", args->seconds, "Stop after this many seconds (the demo)")
      ->check(CLI::NonNegativeNumber);
  command->callback([&options, args] { serve(options, *args); });
}

}  // namespace clearpoint::cli
