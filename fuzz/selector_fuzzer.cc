// Selector parsing, and matching what parses against a small fixed page.
#include <cstdint>
#include <string_view>

#include "harness/browser/browser.h"
#include "harness/browser/selector.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const proofup::browser::Page* page =
      new proofup::browser::Page(proofup::browser::ParsePage(
          "<html><body><div id=a class='x y'><p>one</p><form><input name=code type=text>"
          "<button class=primary name=action>Volgende</button></form></div>"
          "<ul><li>a</li><li><span>b</span></li></ul></body></html>",
          "http://127.0.0.1/"));
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto selector = proofup::browser::ParseSelector(text);
  if (selector.ok()) (void)proofup::browser::MatchSelector(*page->document, *selector);
  (void)page->TextsOf(text);
  return 0;
}
