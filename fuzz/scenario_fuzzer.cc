// The scenario loader with includes: the input is a scenario file; text after
// a line "#--include--" becomes include/g.yaml next to it, and fixed groups
// (including each other) are there as well. Files go to a private temp folder.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "harness/scenario/scenario.h"

namespace {

namespace fs = std::filesystem;

void WriteFile(const fs::path& path, std::string_view text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(text.data(), static_cast<long>(text.size()));
}

const fs::path& Folder() {
  static const fs::path* folder = [] {
    auto* p = new fs::path(fs::temp_directory_path() /
                           ("proofup_fuzz_scenario_" + std::to_string(getpid())));
    fs::create_directories(*p / "include");
    WriteFile(*p / "include/a.yaml", "group: A\nsteps:\n  - click: A\n  - include: b.yaml\n");
    WriteFile(*p / "include/b.yaml", "group: B\nsteps:\n  - expect screen: B\n");
    WriteFile(*p / "include/loop.yaml", "group: L\nsteps:\n  - include: loop.yaml\n");
    std::atexit([] {  // the replay main and libFuzzer both end with exit()
      std::error_code ignored;
      fs::remove_all(*folder, ignored);
    });
    return p;
  }();
  return *folder;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string_view group;
  if (size_t cut = text.find("\n#--include--\n"); cut != std::string_view::npos) {
    group = text.substr(cut + 14);
    text = text.substr(0, cut);
  }
  WriteFile(Folder() / "include/g.yaml", group);
  proofup::scenario::LoadOptions options;
  options.max_steps = 2000;  // keep each run fast; the limit itself is exercised
  std::vector<proofup::scenario::Diagnostic> diagnostics;
  (void)proofup::scenario::LoadScenarioText(text, (Folder() / "main.yaml").string(), options,
                                            &diagnostics);
  for (const auto& d : diagnostics) (void)proofup::scenario::FormatDiagnostic(d);
  return 0;
}
