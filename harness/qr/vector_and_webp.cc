// SVG through librsvg + cairo, WebP through libwebp, both to luminance.
#include "harness/qr/vector_and_webp.h"

#include <cairo.h>
#include <gio/gio.h>
#include <librsvg/rsvg.h>
#include <webp/decode.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

namespace proofup::qr {
namespace {

struct GObjectUnref {
  void operator()(void* object) const { g_object_unref(object); }
};
struct CairoSurfaceDestroy {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct CairoDestroy {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
struct GErrorFree {
  void operator()(GError* error) const { g_error_free(error); }
};

std::string Reason(GError* error) {
  return error != nullptr && error->message != nullptr ? error->message : "unknown reason";
}

// Pixel buffer the LuminanceImage deleter (stbi_image_free == free) releases.
StatusOr<LuminanceImage> Allocate(int width, int height) {
  LuminanceImage image;
  image.pixels.reset(static_cast<uint8_t*>(std::malloc(static_cast<size_t>(width) * height)));
  if (!image.pixels)
    return Status::Internal("out of memory for a " + std::to_string(width) + "x" +
                            std::to_string(height) + " image");
  image.width = width;
  image.height = height;
  return image;
}

// The document's width:height, from its size in pixels, else its viewBox;
// 1 when it states neither (a square raster, as browsers would use 300x150
// for a replaced element, but QR codes are square).
double AspectRatio(RsvgHandle* handle) {
  double width = 0, height = 0;
  if (rsvg_handle_get_intrinsic_size_in_pixels(handle, &width, &height) && width > 0 && height > 0)
    return width / height;
  gboolean has_viewbox = FALSE;
  RsvgRectangle viewbox{};
  rsvg_handle_get_intrinsic_dimensions(handle, nullptr, nullptr, nullptr, nullptr, &has_viewbox,
                                       &viewbox);
  if (has_viewbox && viewbox.width > 0 && viewbox.height > 0) return viewbox.width / viewbox.height;
  return 1.0;
}

}  // namespace

bool LooksLikeWebp(std::string_view bytes) {
  return bytes.size() >= 12 && bytes.substr(0, 4) == "RIFF" && bytes.substr(8, 4) == "WEBP";
}

bool LooksLikeSvg(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  const size_t first = bytes.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || bytes[first] != '<') return false;
  return bytes.substr(first, 1024).find("<svg") != std::string_view::npos;
}

bool WebpSize(std::string_view bytes, int* width, int* height) {
  return WebPGetInfo(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), width, height);
}

StatusOr<LuminanceImage> DecodeWebpLuminance(std::string_view bytes, int64_t max_pixels) {
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  int width = 0, height = 0;
  if (!WebPGetInfo(data, bytes.size(), &width, &height) || width <= 0 || height <= 0)
    return Status::InvalidArgument("cannot decode WebP image (corrupt or unsupported)");
  const int64_t pixels = static_cast<int64_t>(width) * height;
  if (pixels > max_pixels) {
    return Status::InvalidArgument("image is " + std::to_string(width) + "x" +
                                   std::to_string(height) + " = " + std::to_string(pixels) +
                                   " pixels, over the limit of " + std::to_string(max_pixels));
  }
  std::unique_ptr<uint8_t, decltype(&WebPFree)> rgba(
      WebPDecodeRGBA(data, bytes.size(), &width, &height), &WebPFree);
  if (!rgba) return Status::InvalidArgument("cannot decode WebP image (truncated or corrupt)");
  StatusOr<LuminanceImage> image = Allocate(width, height);
  if (!image.ok()) return image.status();
  const size_t count = static_cast<size_t>(width) * height;
  for (size_t i = 0; i < count; ++i) {
    const uint8_t* p = rgba.get() + 4 * i;
    const unsigned y = (p[0] * 77u + p[1] * 150u + p[2] * 29u) >> 8;
    image->pixels.get()[i] = static_cast<uint8_t>((y * p[3] + 255u * (255u - p[3]) + 127u) / 255u);
  }
  return image;
}

StatusOr<LuminanceImage> RasteriseSvg(std::string_view bytes, size_t max_bytes, int raster_side) {
  if (bytes.size() > max_bytes) {
    return Status::InvalidArgument("SVG image is " + std::to_string(bytes.size()) +
                                   " bytes, over the limit of " + std::to_string(max_bytes));
  }
  // No base file: librsvg's URL resolver then refuses every reference that is
  // not a data: URL, so an SVG naming file:///etc/passwd reads nothing.
  std::unique_ptr<GInputStream, GObjectUnref> stream(g_memory_input_stream_new_from_data(
      bytes.data(), static_cast<gssize>(bytes.size()), nullptr));
  GError* raw_error = nullptr;
  std::unique_ptr<RsvgHandle, GObjectUnref> handle(rsvg_handle_new_from_stream_sync(
      stream.get(), /*base_file=*/nullptr, RSVG_HANDLE_FLAGS_NONE, nullptr, &raw_error));
  std::unique_ptr<GError, GErrorFree> error(raw_error);
  if (!handle) return Status::InvalidArgument("cannot parse SVG image: " + Reason(error.get()));

  const double aspect = std::clamp(AspectRatio(handle.get()), 1e-3, 1e3);
  const int width = std::max(1, static_cast<int>(aspect >= 1 ? raster_side : raster_side * aspect));
  const int height =
      std::max(1, static_cast<int>(aspect >= 1 ? raster_side / aspect : raster_side));
  std::unique_ptr<cairo_surface_t, CairoSurfaceDestroy> surface(
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    return Status::Internal("cannot allocate a cairo surface for the SVG image");
  {
    std::unique_ptr<cairo_t, CairoDestroy> cr(cairo_create(surface.get()));
    const RsvgRectangle viewport{0, 0, static_cast<double>(width), static_cast<double>(height)};
    raw_error = nullptr;
    if (!rsvg_handle_render_document(handle.get(), cr.get(), &viewport, &raw_error)) {
      error.reset(raw_error);
      return Status::InvalidArgument("cannot render SVG image: " + Reason(error.get()));
    }
  }
  cairo_surface_flush(surface.get());
  StatusOr<LuminanceImage> image = Allocate(width, height);
  if (!image.ok()) return image.status();
  // ARGB32 is premultiplied: over white, each channel is c + (255 - alpha).
  const unsigned char* data = cairo_image_surface_get_data(surface.get());
  const int stride = cairo_image_surface_get_stride(surface.get());
  for (int y = 0; y < height; ++y) {
    const auto* row = reinterpret_cast<const uint32_t*>(data + static_cast<size_t>(y) * stride);
    uint8_t* out = image->pixels.get() + static_cast<size_t>(y) * width;
    for (int x = 0; x < width; ++x) {
      const uint32_t p = row[x];
      const unsigned white = 255u - (p >> 24);
      const unsigned r = ((p >> 16) & 0xFF) + white, g = ((p >> 8) & 0xFF) + white,
                     b = (p & 0xFF) + white;
      out[x] = static_cast<uint8_t>((r * 77u + g * 150u + b * 29u) >> 8);
    }
  }
  return image;
}

}  // namespace proofup::qr
