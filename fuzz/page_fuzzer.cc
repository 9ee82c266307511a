// HTML page parsing (gumbo + the document model) of hostile pages.
#include <cstdint>
#include <string_view>

#include "harness/browser/browser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view html(reinterpret_cast<const char*>(data), size);
  (void)proofup::browser::ParsePage(html, "http://127.0.0.1:8080/page");
  return 0;
}
