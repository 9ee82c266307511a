// libcurl implementation of http::Transport. One easy handle per Transport
// keeps the connection cache and the cookie engine of one virtual user.
#include "harness/http/http.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <utility>

#include "harness/http/cookie_jar.h"
#include "harness/http/curl_library.h"

namespace proofup::http {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

struct EasyDeleter {
  const CurlLibrary* curl;
  void operator()(CURL* handle) const { curl->easy_cleanup(handle); }
};
struct SlistDeleter {
  const CurlLibrary* curl;
  void operator()(curl_slist* list) const { curl->slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

struct BodySink {
  std::string* body;
  size_t limit;
  bool overflowed = false;
};

// Returning less than given makes curl abort the transfer with CURLE_WRITE_ERROR:
// the limit holds while downloading, not after.
size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  size_t n = size * count;
  if (sink->body->size() + n > sink->limit) {
    sink->overflowed = true;
    return 0;
  }
  sink->body->append(data, n);
  return n;
}

// Called once per header line. A status line starts a new header block
// (interim 1xx responses), so only the final response's headers remain.
size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* headers = static_cast<std::vector<Header>*>(user);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    headers->clear();
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    headers->push_back(
        {std::string(Trim(line.substr(0, colon))), std::string(Trim(line.substr(colon + 1)))});
  }
  return size * count;
}

// Adds the PEM bundle to the default store instead of replacing it, so
// ca_file means "trust these too" (CURLOPT_CAINFO alone would drop the system CAs).
CURLcode AddExtraCa(CURL*, void* ssl_ctx, void* user) {
  auto* path = static_cast<const std::string*>(user);
  X509_STORE* store = SSL_CTX_get_cert_store(static_cast<SSL_CTX*>(ssl_ctx));
  if (X509_STORE_load_file(store, path->c_str()) != 1) return CURLE_SSL_CACERT_BADFILE;
  return CURLE_OK;
}

// The only schemes proofup sends: a hostile page must not make it read a
// local file (file:), or talk to other services (gopher:, dict:, ...).
// data: URIs are decoded by the browser itself and never reach a transport.
bool AllowedScheme(std::string_view url) {
  size_t colon = url.find(':');
  if (colon == std::string_view::npos) return false;
  std::string_view scheme = url.substr(0, colon);
  return EqualsIgnoreCase(scheme, "http") || EqualsIgnoreCase(scheme, "https");
}

std::string SchemeOf(std::string_view url) {
  size_t colon = url.find(':');
  return std::string(colon == std::string_view::npos ? std::string_view("(none)")
                                                     : url.substr(0, colon));
}

bool HasHeader(const std::vector<Header>& headers, std::string_view name) {
  for (const Header& h : headers) {
    if (EqualsIgnoreCase(h.name, name)) return true;
  }
  return false;
}

class CurlTransport : public Transport {
 public:
  explicit CurlTransport(TransportOptions options) : options_(std::move(options)), loaded_(Curl()) {
    if (!loaded_.ok()) return;
    lib_ = &*loaded_;
    curl_ = EasyHandle(lib_->easy_init(), EasyDeleter{lib_});
    if (curl_) ConfigureCommon(curl_.get());
  }

  StatusOr<Response> Send(const Request& request) override {
    if (!loaded_.ok()) return loaded_.status();
    if (!curl_) return Status::Internal("curl_easy_init failed");
    if (!AllowedScheme(request.url)) {
      return Status::InvalidArgument(request.method + " " + request.url + ": refused, scheme \"" +
                                     SchemeOf(request.url) +
                                     "\" is not allowed (only http and https)");
    }
    CURL* c = curl_.get();
    Response response;
    response.url = request.url;
    char error[CURL_ERROR_SIZE] = {0};
    HeaderList headers = BuildHeaders(request);
    lib_->easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    ConfigureRequest(c, request, headers.get());
    lib_->easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
    size_t limit = options_.max_body_bytes;
    if (request.max_body_bytes > 0 && (limit == 0 || request.max_body_bytes < limit))
      limit = request.max_body_bytes;
    BodySink sink{&response.body, limit == 0 ? std::string::npos : limit};
    lib_->easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    lib_->easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
    lib_->easy_setopt(c, CURLOPT_HEADERDATA, &response.headers);

    CURLcode code = lib_->easy_perform(c);
    // These point into this frame; clear them so the handle holds no dangling pointers.
    lib_->easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);
    lib_->easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
    lib_->easy_setopt(c, CURLOPT_WRITEDATA, nullptr);
    lib_->easy_setopt(c, CURLOPT_HEADERDATA, nullptr);
    double total_s = 0;
    lib_->easy_getinfo(c, CURLINFO_TOTAL_TIME, &total_s);
    response.elapsed_ms = total_s * 1000.0;
    if (sink.overflowed) {
      return Status::FailedPrecondition(request.method + " " + request.url +
                                        ": response body larger than " + std::to_string(limit) +
                                        " bytes, download stopped (raise the limit with "
                                        "--max-page-size or --max-resource-size)");
    }
    if (code != CURLE_OK) return ErrorFor(request, code, error);
    long status = 0;
    lib_->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    return response;
  }

  std::vector<Cookie> CookiesFor(std::string_view url) override {
    if (!curl_) return {};
    curl_slist* list = nullptr;
    if (lib_->easy_getinfo(curl_.get(), CURLINFO_COOKIELIST, &list) != CURLE_OK) return {};
    HeaderList owned(list, SlistDeleter{lib_});
    std::vector<std::string> lines;
    for (curl_slist* l = list; l; l = l->next) lines.emplace_back(l->data);
    return MatchCookies(lines, url, static_cast<int64_t>(std::time(nullptr)));
  }

 private:
  // Options that hold for every request of this Transport, set once: the
  // handle is reused, which keeps the cookie engine and live connections.
  void ConfigureCommon(CURL* c) {
    lib_->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM: threads run scenarios
    lib_->easy_setopt(c, CURLOPT_COOKIEFILE, "");
    lib_->easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    // Second line of defence behind AllowedScheme: curl itself refuses the rest.
#if LIBCURL_VERSION_NUM >= 0x075500  // 7.85.0
    lib_->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    lib_->easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    lib_->easy_setopt(c, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    lib_->easy_setopt(c, CURLOPT_REDIR_PROTOCOLS,
                      static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    lib_->easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
    lib_->easy_setopt(c, CURLOPT_TIMEOUT_MS, options_.total_timeout_ms);
    lib_->easy_setopt(c, CURLOPT_USERAGENT, options_.user_agent.c_str());
    // gzip only: cpp-httplib servers answer "br" with brotli, which costs
    // ~1.3 ms per small page on loopback against ~0.04 ms for gzip.
    lib_->easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
    lib_->easy_setopt(c, CURLOPT_SSL_VERIFYPEER, options_.insecure ? 0L : 1L);
    lib_->easy_setopt(c, CURLOPT_SSL_VERIFYHOST, options_.insecure ? 0L : 2L);
    if (!options_.ca_file.empty() && !options_.insecure) {
      if (lib_->easy_setopt(c, CURLOPT_SSL_CTX_FUNCTION, AddExtraCa) == CURLE_OK) {
        lib_->easy_setopt(c, CURLOPT_SSL_CTX_DATA, &options_.ca_file);
      } else {
        lib_->easy_setopt(c, CURLOPT_CAINFO, options_.ca_file.c_str());
      }
    }
  }

  // Sets every per-request option, overriding whatever the previous request
  // of this reused handle left behind.
  void ConfigureRequest(CURL* c, const Request& request, curl_slist* headers) const {
    lib_->easy_setopt(c, CURLOPT_URL, request.url.c_str());
    long timeout = options_.total_timeout_ms;
    if (request.timeout_ms > 0 && (timeout <= 0 || request.timeout_ms < timeout))
      timeout = request.timeout_ms;
    lib_->easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout);
    lib_->easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    lib_->easy_setopt(c, CURLOPT_CUSTOMREQUEST, nullptr);
    const std::string& m = request.method;
    if (m == "GET" && request.body.empty()) {
      lib_->easy_setopt(c, CURLOPT_HTTPGET, 1L);
      return;
    }
    if (m == "HEAD") {
      lib_->easy_setopt(c, CURLOPT_NOBODY, 1L);
      return;
    }
    lib_->easy_setopt(c, CURLOPT_NOBODY, 0L);
    // POSTFIELDS makes curl send the body; CUSTOMREQUEST renames the method
    // for PUT/PATCH/DELETE without changing how the body is sent.
    lib_->easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
    lib_->easy_setopt(c, CURLOPT_POSTFIELDS, request.body.c_str());
    if (m != "POST") lib_->easy_setopt(c, CURLOPT_CUSTOMREQUEST, m.c_str());
  }

  HeaderList BuildHeaders(const Request& request) const {
    curl_slist* list = nullptr;
    auto add = [&list, this](const std::string& line) {
      curl_slist* next = lib_->slist_append(list, line.c_str());
      if (next) list = next;
    };
    if (!HasHeader(request.headers, "Accept-Language") && !options_.accept_language.empty())
      add("Accept-Language: " + options_.accept_language);
    if (!HasHeader(request.headers, "Accept"))
      add("Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
    add("Expect:");  // no 100-continue round trip for larger POST bodies
    for (const Header& h : request.headers) add(h.name + ": " + h.value);
    return HeaderList(list, SlistDeleter{lib_});
  }

  Status ErrorFor(const Request& request, CURLcode code, const char* error) const {
    std::string reason = error[0] != '\0' ? error : lib_->easy_strerror(code);
    std::string msg = request.method + " " + request.url + ": " + reason;
    if (code == CURLE_OPERATION_TIMEDOUT) return Status::Timeout(msg);
    return Status::NetworkError(msg);
  }

  TransportOptions options_;
  const StatusOr<CurlLibrary>& loaded_;  // the process's libcurl, or why it is missing
  const CurlLibrary* lib_ = nullptr;     // &*loaded_ when loaded
  EasyHandle curl_{nullptr, EasyDeleter{nullptr}};
};

}  // namespace

std::string Response::HeaderValue(std::string_view name) const {
  for (const Header& h : headers) {
    if (EqualsIgnoreCase(h.name, name)) return h.value;
  }
  return "";
}

const Header* FindHeader(const std::vector<Header>& headers, std::string_view name) {
  for (const Header& h : headers) {
    if (EqualsIgnoreCase(h.name, name)) return &h;
  }
  return nullptr;
}

Status CheckCaFile(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) {
    return Status::InvalidArgument("--ca-file " + path + ": cannot open (" + std::strerror(errno) +
                                   ")");
  }
  int certificates = 0;
  while (X509* cert = PEM_read_X509(file.get(), nullptr, nullptr, nullptr)) {
    X509_free(cert);
    ++certificates;
  }
  ERR_clear_error();  // the end of the file is reported as an error too
  if (certificates == 0) {
    return Status::InvalidArgument("--ca-file " + path +
                                   ": no PEM certificate in it (expected \"-----BEGIN "
                                   "CERTIFICATE-----\" blocks)");
  }
  return Status::Ok();
}

std::unique_ptr<Transport> NewCurlTransport(const TransportOptions& options) {
  return std::make_unique<CurlTransport>(options);
}

Status PreloadTransportLibrary() { return Curl().status(); }

}  // namespace proofup::http
