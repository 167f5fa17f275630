#include "server/http_server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <sodium.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "server/dev_certificate.h"
#include "server/handlers.h"
#include "server/policy.h"
#include "store/sqlite.h"
#include "store/store.h"

namespace clearpoint::server {

namespace {

using nlohmann::json;

void send_error(httplib::Response& response, int status, const std::string& message,
                const std::string& hint) {
  response.status = status;
  json body = {{"error", message}};
  if (!hint.empty()) body["hint"] = hint;
  response.set_content(body.dump(), "application/json; charset=utf-8");
}

std::string cookie_value(const httplib::Request& request, std::string_view name) {
  const std::string header = request.get_header_value("Cookie");
  std::size_t at = 0;
  while (at < header.size()) {
    const std::size_t end = std::min(header.find(';', at), header.size());
    std::string_view part(header.data() + at, end - at);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.starts_with(name) && part[name.size()] == '=')
      return std::string(part.substr(name.size() + 1));
    at = end + 1;
  }
  return {};
}

std::string bearer_token(const httplib::Request& request) {
  const std::string header = request.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  return header.starts_with(kBearer) ? header.substr(kBearer.size()) : std::string();
}

bool same_secret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// Headers on every answer: nothing cached (the answers hold victims' records), nothing framed, sniffed or
// fetched from elsewhere, HTTPS remembered.
httplib::Headers security_headers() {
  return {
      {"Cache-Control", "no-store"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Strict-Transport-Security", "max-age=31536000"},
      {"Content-Security-Policy",
       "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"}};
}

}  // namespace

struct Server::Impl {
  pipeline::Workspace workspace;
  ServeSettings settings;
  LoginThrottle throttle;
  std::string fingerprint;
  std::unique_ptr<httplib::SSLServer> http;
  int port = 0;

  Impl(pipeline::Workspace ws, ServeSettings s)
      : workspace(std::move(ws)), settings(std::move(s)), throttle(settings.login_attempts_per_minute) {}

  void dispatch(const Route& route, Handler handler, const httplib::Request& request,
                httplib::Response& response);
};

void Server::Impl::dispatch(const Route& route, Handler handler, const httplib::Request& request,
                            httplib::Response& response) {
  Exchange exchange{request,  response, workspace, std::nullopt, cookie_value(request, kSessionCookie),
                    settings, throttle};
  try {
    if (route.audience == Audience::kSignedIn) {
      const auto store = workspace.open_store();
      bool by_session = false;
      std::string csrf;
      if (!exchange.session_cookie.empty()) {
        if (auto session = pipeline::find_session(store, exchange.session_cookie, store::utc_now())) {
          exchange.principal = session->principal;
          csrf = session->csrf_token;
          by_session = true;
        }
      }
      if (!exchange.principal) exchange.principal = pipeline::find_api_token(store, bearer_token(request));
      if (!exchange.principal) {
        send_error(response, 401, "sign in first", "POST /api/login, or send 'Authorization: Bearer TOKEN'");
        return;
      }
      // A browser sends the cookie with any request to this site, even one a hostile page starts; only
      // this site's page knows the session's CSRF token.
      if (changes_state(route) && by_session &&
          !same_secret(request.get_header_value(std::string(kCsrfHeader)), csrf)) {
        send_error(response, 403, "the request lacks this session's CSRF token",
                   "reload the page; scripts send the csrf_token of /api/login as the X-CSRF-Token header");
        return;
      }
      if (!role_allowed(route, exchange.principal->role)) {
        send_error(response, 403,
                   fmt::format("a {} may not do this", pipeline::to_string(exchange.principal->role)),
                   "ask the clearing point's admin if your work needs it");
        return;
      }
      exchange.workspace.actor = exchange.principal->login;
    }
    handler(exchange);
  } catch (const HttpError& error) {
    send_error(response, error.status(), error.what(), error.hint());
  } catch (const core::UserError& error) {
    // The pipeline's errors say what is wrong and what to do, and never quote a name (diagnostic.h).
    std::string hint;
    if (!error.diagnostics().empty()) hint = error.diagnostics().front().hint;
    std::string message = error.diagnostics().empty() ? error.what() : error.diagnostics().front().problem;
    send_error(response, 400, message, hint);
  } catch (const store::SqliteError& error) {
    if (error.is_busy()) {
      send_error(response, 503, "the store is busy", "try again in a moment");
    } else {
      send_error(response, 500, "the server could not complete the request",
                 "tell the clearing point's administrator the time it happened");
    }
  }
}

Server::Server(pipeline::Workspace workspace, ServeSettings settings)
    : impl_(std::make_unique<Impl>(std::move(workspace), std::move(settings))) {
  auto& s = impl_->settings;
  // The store must open (and be current) before anything is served.
  impl_->workspace.open_store();
  if (s.dev) {
    const auto certificate = make_dev_certificate();
    impl_->fingerprint = certificate.sha256_fingerprint;
    impl_->http = std::make_unique<httplib::SSLServer>(certificate.certificate.get(), certificate.key.get());
  } else {
    if (s.certificate_file.empty() || s.private_key_file.empty()) {
      throw core::UserError("serve needs a TLS certificate and its private key",
                            "give --certificate FILE --private-key FILE, or --dev for a self-signed one on "
                            "localhost");
    }
    for (const auto& file : {s.certificate_file, s.private_key_file}) {
      if (!std::filesystem::is_regular_file(file))
        throw core::UserError(fmt::format("{} is not a readable file", file), "check the path");
    }
    impl_->http =
        std::make_unique<httplib::SSLServer>(s.certificate_file.c_str(), s.private_key_file.c_str());
  }
  if (!impl_->http->is_valid()) {
    throw core::UserError(
        "the certificate or its private key could not be read (PEM files that belong together)",
        "check both files, or use --dev on localhost");
  }
  auto& http = *impl_->http;
  const int threads = std::max(1, s.threads);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  http.set_payload_max_length(s.max_upload_bytes);
  http.set_default_headers(security_headers());
  http.set_read_timeout(60, 0);
  http.set_write_timeout(60, 0);
  const std::size_t limit_mb = s.max_upload_bytes >> 20;
  http.set_error_handler([limit_mb](const httplib::Request&, httplib::Response& response) {
    if (!response.body.empty()) return;  // a handler's own answer
    switch (response.status) {
      case 413:
        send_error(response, 413,
                   fmt::format("the request is larger than this server accepts ({} MB)", limit_mb),
                   "split the list into several batches, or ask the administrator to raise --max-upload-mb");
        break;
      case 404:
        send_error(response, 404, "there is no such page or endpoint", "the page at / lists what there is");
        break;
      default:
        send_error(response, response.status, "the request could not be answered", "");
    }
  });
  // A body declared larger than the limit is refused before a byte of it is read, and the connection
  // closed, so a 1 GB upload costs neither memory, disk nor the time to receive it.
  http.set_pre_routing_handler([max = s.max_upload_bytes, limit_mb](const httplib::Request& request,
                                                                    httplib::Response& response) {
    const std::string length = request.get_header_value("Content-Length");
    std::size_t declared = 0;
    const bool too_large =
        !length.empty() &&
        (length.size() > 18 || (std::sscanf(length.c_str(), "%zu", &declared) == 1 && declared > max));
    if (!too_large) return httplib::Server::HandlerResponse::Unhandled;
    response.set_header("Connection", "close");
    send_error(response, 413, fmt::format("the request is larger than this server accepts ({} MB)", limit_mb),
               "split the list into several batches, or ask the administrator to raise --max-upload-mb");
    return httplib::Server::HandlerResponse::Handled;
  });
  http.set_exception_handler([](const httplib::Request&, httplib::Response& response, std::exception_ptr) {
    // Nothing of the exception goes out: it might name a file or a value.
    send_error(response, 500, "the server could not complete the request",
               "tell the clearing point's administrator the time it happened");
  });
  for (const auto& route : routes()) {
    const Handler handler = handler_for(route.action);
    if (handler == nullptr) throw std::logic_error(fmt::format("no handler for {}", route.action));
    auto call = [impl = impl_.get(), &route, handler](const httplib::Request& request,
                                                      httplib::Response& response) {
      impl->dispatch(route, handler, request, response);
    };
    const std::string pattern(route.pattern);
    if (route.method == Method::kGet) {
      http.Get(pattern, call);
    } else {
      http.Post(pattern, call);
    }
  }
  if (s.port == 0) {
    impl_->port = http.bind_to_any_port(s.host);
  } else {
    impl_->port = http.bind_to_port(s.host, s.port) ? s.port : -1;
  }
  if (impl_->port < 0) {
    throw core::UserError(fmt::format("could not listen on {}:{}", s.host, s.port),
                          "is another program using the port? choose another with --port");
  }
}

Server::~Server() {
  if (impl_ && impl_->http) impl_->http->stop();
}

int Server::port() const {
  return impl_->port;
}

const std::string& Server::certificate_fingerprint() const {
  return impl_->fingerprint;
}

void Server::run() {
  impl_->http->listen_after_bind();
}

void Server::stop() {
  impl_->http->stop();
}

}  // namespace clearpoint::server
