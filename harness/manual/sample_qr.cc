// The sample QR code a rebuilt manual shows instead of the portal's live one:
// scannable, so the picture looks like the real screen, but harmless.
#include <qrencode.h>

#include <memory>

#include "harness/base/base64.h"
#include "harness/manual/manual.h"

namespace proofup::manual {

std::string SampleQrDataUri() {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(kSampleOtpauthUri, 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!code) return "";
  constexpr int kQuiet = 4;  // modules of white border, as scanners want
  const int size = code->width + 2 * kQuiet;
  // One path of unit squares: separate rects would leave seams when scaled.
  std::string path;
  for (int y = 0; y < code->width; ++y)
    for (int x = 0; x < code->width; ++x)
      if (code->data[y * code->width + x] & 1)
        path += "M" + std::to_string(x + kQuiet) + " " + std::to_string(y + kQuiet) + "h1v1h-1z";
  const std::string n = std::to_string(size);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + n + " " + n +
                    "\" width=\"" + n + "\" height=\"" + n +
                    "\" shape-rendering=\"crispEdges\"><rect width=\"" + n + "\" height=\"" + n +
                    "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
  return "data:image/svg+xml;base64," + Base64Encode(svg);
}

}  // namespace proofup::manual
