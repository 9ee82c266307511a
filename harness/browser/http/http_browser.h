// The http backend: libcurl (through http::Transport) and gumbo, no
// JavaScript. Forms are submitted the way a browser without scripts would.
// Internal to harness/browser; the rest of proofup uses NewHttpBrowser().
#ifndef PROOFUP_BROWSER_HTTP_HTTP_BROWSER_H_
#define PROOFUP_BROWSER_HTTP_HTTP_BROWSER_H_

#include <memory>
#include <string>
#include <vector>

#include "harness/browser/browser.h"

namespace proofup::browser {

// Redirects: 301/302/303 -> GET without body; 307/308 keep method and body;
// at most max_redirects hops, Location resolved against the hop's URL. A
// page reached by POST is reloaded with GET. A submit button submits its
// form (its name/value included); a link GETs its href (a "#..." link changes
// nothing); any other button fails with kFailedPrecondition ("it does
// nothing without JavaScript").
class HttpBrowser : public Browser {
 public:
  explicit HttpBrowser(std::unique_ptr<http::Transport> transport, BrowserOptions options = {});
  ~HttpBrowser() override;
  HttpBrowser(const HttpBrowser&) = delete;
  HttpBrowser& operator=(const HttpBrowser&) = delete;

  std::string name() const override { return "http"; }
  Status Open(std::string_view url) override;
  Status Click(std::string_view text) override;
  Status Fill(std::string_view field, std::string_view value) override;
  Status Select(std::string_view field, std::string_view option) override;
  Status Check(std::string_view field) override;
  Status Uncheck(std::string_view field) override;
  Status Choose(std::string_view label) override;
  Status FollowMetaRefresh() override;
  Status Reload() override;
  Status Poll() override;
  StatusOr<std::string> FetchBytes(std::string_view url) override;
  StatusOr<std::string> Screenshot(const ScreenshotOptions& options) override;
  StatusOr<std::vector<http::Cookie>> Cookies(std::string_view url) override;
  bool has_page() const override { return page_ != nullptr; }
  const Page& page() const override { return *page_; }
  std::vector<RequestRecord> TakeLog() override;
  std::vector<ConsoleEntry> TakeConsole() override { return {}; }

 private:
  StatusOr<http::Response> Exchange(http::Request request);  // follows redirects, logs hops
  Status Navigate(http::Request request, bool from_page);
  Status Submit(const Button* button, int form);

  std::unique_ptr<http::Transport> transport_;
  BrowserOptions options_;
  std::unique_ptr<Page> page_;
  std::vector<RequestRecord> log_;
};

}  // namespace proofup::browser

#endif  // PROOFUP_BROWSER_HTTP_HTTP_BROWSER_H_
