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

#include "harness/base/shared_library.h"

namespace proofup::qr {
namespace {

// librsvg and what it brings (GIO, GObject, GLib, cairo), opened on the first
// SVG (shared_library.h says why). The headers give the types; the calls go
// through these pointers.
struct RsvgApi {
  SharedLibrary library;
  decltype(&g_memory_input_stream_new_from_data) memory_input_stream_new_from_data = nullptr;
  decltype(&g_object_unref) object_unref = nullptr;
  decltype(&g_error_free) error_free = nullptr;
  decltype(&rsvg_handle_new_from_stream_sync) handle_new_from_stream_sync = nullptr;
  decltype(&rsvg_handle_get_intrinsic_size_in_pixels) get_intrinsic_size_in_pixels = nullptr;
  decltype(&rsvg_handle_get_intrinsic_dimensions) get_intrinsic_dimensions = nullptr;
  decltype(&rsvg_handle_render_document) render_document = nullptr;
  decltype(&cairo_image_surface_create) image_surface_create = nullptr;
  decltype(&cairo_surface_status) surface_status = nullptr;
  decltype(&cairo_surface_flush) surface_flush = nullptr;
  decltype(&cairo_surface_destroy) surface_destroy = nullptr;
  decltype(&cairo_image_surface_get_data) image_surface_get_data = nullptr;
  decltype(&cairo_image_surface_get_stride) image_surface_get_stride = nullptr;
  decltype(&cairo_create) create = nullptr;
  decltype(&cairo_destroy) destroy = nullptr;
};

StatusOr<RsvgApi> LoadRsvg() {
  auto library = SharedLibrary::Open("librsvg-2.so.2", "librsvg2-2", "reading an SVG image");
  if (!library.ok()) return library.status();
  RsvgApi api{std::move(*library)};
  const SharedLibrary& l = api.library;
  const bool bound =
      l.Bind("g_memory_input_stream_new_from_data", api.memory_input_stream_new_from_data) &&
      l.Bind("g_object_unref", api.object_unref) && l.Bind("g_error_free", api.error_free) &&
      l.Bind("rsvg_handle_new_from_stream_sync", api.handle_new_from_stream_sync) &&
      l.Bind("rsvg_handle_get_intrinsic_size_in_pixels", api.get_intrinsic_size_in_pixels) &&
      l.Bind("rsvg_handle_get_intrinsic_dimensions", api.get_intrinsic_dimensions) &&
      l.Bind("rsvg_handle_render_document", api.render_document) &&
      l.Bind("cairo_image_surface_create", api.image_surface_create) &&
      l.Bind("cairo_surface_status", api.surface_status) &&
      l.Bind("cairo_surface_flush", api.surface_flush) &&
      l.Bind("cairo_surface_destroy", api.surface_destroy) &&
      l.Bind("cairo_image_surface_get_data", api.image_surface_get_data) &&
      l.Bind("cairo_image_surface_get_stride", api.image_surface_get_stride) &&
      l.Bind("cairo_create", api.create) && l.Bind("cairo_destroy", api.destroy);
  if (!bound)
    return Status::Unimplemented(
        "reading an SVG image needs librsvg 2.52 or later (Debian package librsvg2-2): a "
        "function is missing from librsvg-2.so.2");
  return api;
}

// Opened once per process, on first use, and never changed afterwards (a
// magic static: thread-safe); a failure is kept too, so every SVG gets the
// same clear error without trying again.
const StatusOr<RsvgApi>& Rsvg() {
  static const StatusOr<RsvgApi> api = LoadRsvg();
  return api;
}

template <typename T>
struct Unref {
  const RsvgApi* api;
  void operator()(T* object) const { api->object_unref(object); }
};
struct CairoSurfaceDestroy {
  const RsvgApi* api;
  void operator()(cairo_surface_t* surface) const { api->surface_destroy(surface); }
};
struct CairoDestroy {
  const RsvgApi* api;
  void operator()(cairo_t* cr) const { api->destroy(cr); }
};
struct GErrorFree {
  const RsvgApi* api;
  void operator()(GError* error) const { api->error_free(error); }
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
double AspectRatio(const RsvgApi& api, RsvgHandle* handle) {
  double width = 0, height = 0;
  if (api.get_intrinsic_size_in_pixels(handle, &width, &height) && width > 0 && height > 0)
    return width / height;
  gboolean has_viewbox = FALSE;
  RsvgRectangle viewbox{};
  api.get_intrinsic_dimensions(handle, nullptr, nullptr, nullptr, nullptr, &has_viewbox, &viewbox);
  if (has_viewbox && viewbox.width > 0 && viewbox.height > 0) return viewbox.width / viewbox.height;
  return 1.0;
}

// raster_side rounded to whole pixels per viewBox unit, when the viewBox's
// longer side is a whole number of units that fits (see RasteriseSvg).
int PixelAlignedSide(const RsvgApi& api, RsvgHandle* handle, int raster_side) {
  gboolean has_viewbox = FALSE;
  RsvgRectangle viewbox{};
  api.get_intrinsic_dimensions(handle, nullptr, nullptr, nullptr, nullptr, &has_viewbox, &viewbox);
  if (!has_viewbox) return raster_side;
  const double units = std::max(viewbox.width, viewbox.height);
  if (units < 1 || units > raster_side || std::abs(units - std::round(units)) > 1e-6)
    return raster_side;
  const double per_unit = std::max(1.0, std::round(raster_side / units));
  return static_cast<int>(per_unit * std::round(units));
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
  const StatusOr<RsvgApi>& loaded = Rsvg();
  if (!loaded.ok()) return loaded.status();
  const RsvgApi& api = *loaded;
  // No base file: librsvg's URL resolver then refuses every reference that is
  // not a data: URL, so an SVG naming file:///etc/passwd reads nothing.
  std::unique_ptr<GInputStream, Unref<GInputStream>> stream(
      api.memory_input_stream_new_from_data(bytes.data(), static_cast<gssize>(bytes.size()),
                                            nullptr),
      {&api});
  GError* raw_error = nullptr;
  std::unique_ptr<RsvgHandle, Unref<RsvgHandle>> handle(
      api.handle_new_from_stream_sync(stream.get(), /*base_file=*/nullptr, RSVG_HANDLE_FLAGS_NONE,
                                      nullptr, &raw_error),
      {&api});
  std::unique_ptr<GError, GErrorFree> error(raw_error, {&api});
  if (!handle) return Status::InvalidArgument("cannot parse SVG image: " + Reason(error.get()));

  const double aspect = std::clamp(AspectRatio(api, handle.get()), 1e-3, 1e3);
  raster_side = PixelAlignedSide(api, handle.get(), raster_side);
  const int width = std::max(1, static_cast<int>(aspect >= 1 ? raster_side : raster_side * aspect));
  const int height =
      std::max(1, static_cast<int>(aspect >= 1 ? raster_side / aspect : raster_side));
  std::unique_ptr<cairo_surface_t, CairoSurfaceDestroy> surface(
      api.image_surface_create(CAIRO_FORMAT_ARGB32, width, height), {&api});
  if (api.surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    return Status::Internal("cannot allocate a cairo surface for the SVG image");
  {
    std::unique_ptr<cairo_t, CairoDestroy> cr(api.create(surface.get()), {&api});
    const RsvgRectangle viewport{0, 0, static_cast<double>(width), static_cast<double>(height)};
    raw_error = nullptr;
    if (!api.render_document(handle.get(), cr.get(), &viewport, &raw_error)) {
      error.reset(raw_error);
      return Status::InvalidArgument("cannot render SVG image: " + Reason(error.get()));
    }
  }
  api.surface_flush(surface.get());
  StatusOr<LuminanceImage> image = Allocate(width, height);
  if (!image.ok()) return image.status();
  // ARGB32 is premultiplied: over white, each channel is c + (255 - alpha).
  const unsigned char* data = api.image_surface_get_data(surface.get());
  const int stride = api.image_surface_get_stride(surface.get());
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
