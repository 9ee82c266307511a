// The snapshot -> Page side of page_scripts.h, shared by the script-running backends.
#include "harness/browser/page_scripts.h"

#include <cstdlib>

#include "harness/browser/document.h"

namespace proofup::browser::page_scripts {

Page PageFromSnapshot(const std::string& html, const std::string& url, int status) {
  return ParsePage(html, url, status ? status : 200);
}

int LiveIndex(const Page& page, int node) {
  if (!page.document || node < 0 || node >= static_cast<int>(page.document->nodes.size()))
    return -1;
  std::string stamp = page.document->nodes[node].Attribute("data-proofup-node");
  return stamp.empty() ? -1 : std::atoi(stamp.c_str());
}

const Field* FieldAt(const Page& page, int live) {
  if (live < 0) return nullptr;
  for (const Field& f : page.fields)
    if (LiveIndex(page, f.node) == live) return &f;
  return nullptr;
}

}  // namespace proofup::browser::page_scripts
