// Test-only: just enough of a browser to walk mock-idp's enrollment screens
// (PROTOCOL.md) for the phone's integration test: follows redirects, reads the
// heading, fills fields by their label, clicks buttons by their text. The real
// browser lives in harness/browser, which the phone must not depend on.
#ifndef PROOFUP_PHONE_PORTAL_PAGES_H_
#define PROOFUP_PHONE_PORTAL_PAGES_H_

#include <map>
#include <memory>
#include <string>

#include "harness/base/status.h"
#include "harness/http/http.h"

namespace proofup::phone::testing {

struct Page {
  std::string url;
  int status = 0;
  std::string html;

  std::string Heading() const;     // text of the first <h1>
  std::string Subheading() const;  // text of the first <h2>, "" if none
  std::string ErrorText() const;   // text of the role="alert" element, "" if none
  // Attribute `attribute` of the first `tag` element whose attribute `key` is `value`.
  std::string AttributeOf(const std::string& tag, const std::string& key, const std::string& value,
                          const std::string& attribute) const;
  // Text of the element with id `id` (no nested elements of the same tag).
  std::string TextOfId(const std::string& id) const;
  bool Contains(const std::string& text) const { return html.find(text) != std::string::npos; }
  std::string Describe() const;  // "HTTP 200 <url> h1=... h2=... error=..."
};

class PortalPages {
 public:
  explicit PortalPages(std::string base_url);

  // GET, following redirects. `url` may be a path.
  StatusOr<Page> Get(const std::string& url);
  // Submits the form holding the button labelled `button` with `fields`, keyed
  // by label text (text fields get the value; a radio or checkbox is checked
  // when the value is "on"; a <select> option is chosen by its text).
  StatusOr<Page> Click(const Page& page, const std::string& button,
                       const std::map<std::string, std::string>& fields = {});
  // Follows the link whose text is `text`.
  StatusOr<Page> FollowLink(const Page& page, const std::string& text);

 private:
  StatusOr<Page> Send(http::Request request);
  std::string Resolve(const std::string& base, const std::string& href) const;

  std::string base_url_;
  std::unique_ptr<http::Transport> transport_;
};

}  // namespace proofup::phone::testing

#endif  // PROOFUP_PHONE_PORTAL_PAGES_H_
