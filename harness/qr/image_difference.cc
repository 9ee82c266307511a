#include <cstdlib>

#include "harness/qr/luminance_image.h"
#include "harness/qr/qr.h"

namespace proofup::qr {

StatusOr<double> DifferingPixelShare(std::string_view a, std::string_view b, int tolerance) {
  constexpr int64_t kMaxPixels = 50'000'000;
  auto first = DecodeLuminance(a, kMaxPixels);
  if (!first.ok()) return first.status();
  auto second = DecodeLuminance(b, kMaxPixels);
  if (!second.ok()) return second.status();
  if (first->width != second->width || first->height != second->height) return 1.0;
  size_t count = static_cast<size_t>(first->width) * static_cast<size_t>(first->height);
  if (count == 0) return 0.0;
  size_t differing = 0;
  for (size_t i = 0; i < count; ++i)
    differing += std::abs(int{first->pixels.get()[i]} - int{second->pixels.get()[i]}) > tolerance;
  return static_cast<double>(differing) / static_cast<double>(count);
}

}  // namespace proofup::qr
