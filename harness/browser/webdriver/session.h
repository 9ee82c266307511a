// One scenario's WebDriver session. Internal to harness/browser/webdriver.
#ifndef PROOFUP_BROWSER_WEBDRIVER_SESSION_H_
#define PROOFUP_BROWSER_WEBDRIVER_SESSION_H_

#include <memory>
#include <string>

#include "harness/browser/browser.h"
#include "harness/browser/webdriver/webdriver.h"
#include "harness/browser/webdriver/wire.h"

namespace proofup::browser::webdriver {

// Opens a WebDriver session on `server` with `capabilities` (the whole
// {"capabilities": ...} body) and about:blank, acting as `webdriver` says
// (its url and binary are the caller's business). The Browser deletes the
// session when destroyed. Errors: those of the New Session command
// (wire.h), kNetworkError naming the server.
StatusOr<std::unique_ptr<Browser>> StartSession(const std::string& server, const Json& capabilities,
                                                const SessionOptions& options,
                                                const WebDriverOptions& webdriver);

}  // namespace proofup::browser::webdriver

#endif  // PROOFUP_BROWSER_WEBDRIVER_SESSION_H_
