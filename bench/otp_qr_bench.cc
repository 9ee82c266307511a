// Prints the figures asked for in issue 2:
//  - median time to decode the QR code in a 1280x800 screenshot (PNG) with
//    proofup::qr::DecodeImage, against ZXing alone on the already-decoded
//    luminance buffer, and the module's overhead in percent;
//  - TOTP codes computed per second.
// Usage: proofup_bench_otp_qr [iterations]   (needs the qrencode CLI)
#include <ZXing/DecodeHints.h>
#include <ZXing/ImageView.h>
#include <ZXing/ReadBarcode.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "harness/otp/otp.h"
#include "harness/qr/luminance_image.h"
#include "harness/qr/qr.h"
#include "harness/qr/test_images.h"

namespace {

using Clock = std::chrono::steady_clock;

constexpr char kPayload[] =
    "phonefactor://activate_account?code=739104826"
    "&url=https%3A%2F%2F127.0.0.1%3A8443%2Factivate%2F739104826%2FWEU";

double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double Median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

// Median wall and thread-CPU time of `iterations` calls, in milliseconds. The
// CPU figure is the fair one on a shared machine (other processes stretch wall
// time, not our CPU time). `body` returns false when its result is wrong,
// which aborts the benchmark.
struct Timing {
  double wall_ms;
  double cpu_ms;
  double min_cpu_ms;  // least disturbed run
};
Timing Measure(int iterations, const std::function<bool()>& body, const char* what) {
  std::vector<double> wall, cpu;
  for (int i = 0; i < iterations; ++i) {
    const auto start = Clock::now();
    const double cpu_start = ThreadCpuMs();
    if (!body()) {
      std::fprintf(stderr, "%s: wrong result\n", what);
      std::exit(1);
    }
    cpu.push_back(ThreadCpuMs() - cpu_start);
    wall.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  return {Median(wall), Median(cpu), *std::min_element(cpu.begin(), cpu.end())};
}

void PrintRow(const char* label, Timing t) {
  std::printf("  %-46s: %7.2f ms  %7.2f ms  %7.2f ms\n", label, t.wall_ms, t.cpu_ms, t.min_cpu_ms);
}

bool FoundPayload(const ZXing::Results& results) {
  return results.size() == 1 && results[0].text() == kPayload;
}

double TotpPerSecond() {
  proofup::otp::OtpParams params;
  params.key = "12345678901234567890";
  int64_t time = 1'700'000'000;
  long codes = 0;
  size_t checksum = 0;
  const auto start = Clock::now();
  double elapsed = 0;
  while (elapsed < 1.0) {
    for (int i = 0; i < 1000; ++i, time += 30) checksum += proofup::otp::Totp(params, time)->size();
    codes += 1000;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  }
  if (checksum != static_cast<size_t>(codes) * 6) std::exit(1);
  return static_cast<double>(codes) / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  const int iterations = argc > 1 ? std::max(1, std::atoi(argv[1])) : 41;
  auto shot = proofup::qr::testing::ScreenshotWithQr(kPayload, 4, 2, 'M',
                                                     proofup::qr::testing::Variant::kNormal,
                                                     /*seed=*/2024, 1280, 800);
  if (!shot.ok()) {
    std::fprintf(stderr, "cannot build the screenshot: %s\n", shot.status().ToString().c_str());
    return 1;
  }
  const std::string png = shot->canvas.EncodePng();
  auto lum = proofup::qr::DecodeLuminance(png, 50'000'000);
  if (!lum.ok()) return 1;
  const ZXing::ImageView view(lum->pixels.get(), lum->width, lum->height, ZXing::ImageFormat::Lum);
  const ZXing::DecodeHints default_hints;
  const auto qr_hints = ZXing::DecodeHints().setFormats(ZXing::BarcodeFormat::QRCode);
  // What DecodeImage itself uses (see qr.cc): QR only, no downscaled pyramid.
  const auto module_hints =
      ZXing::DecodeHints().setFormats(ZXing::BarcodeFormat::QRCode).setTryDownscale(false);

  // Warm-up, so that page faults and lazy initialisation do not count.
  for (int i = 0; i < 3; ++i) (void)proofup::qr::DecodeImage(png);

  const Timing module_t = Measure(
      iterations,
      [&] {
        auto r = proofup::qr::DecodeImage(png);
        return r.ok() && r->size() == 1 && (*r)[0].text == kPayload;
      },
      "DecodeImage");
  const Timing png_t = Measure(
      iterations, [&] { return proofup::qr::DecodeLuminance(png, 50'000'000).ok(); }, "PNG decode");
  const Timing zxing_default_t = Measure(
      iterations, [&] { return FoundPayload(ZXing::ReadBarcodes(view, default_hints)); },
      "ZXing default hints");
  const Timing zxing_qr_t = Measure(
      iterations, [&] { return FoundPayload(ZXing::ReadBarcodes(view, qr_hints)); },
      "ZXing QR-only hints");
  const Timing zxing_module_t = Measure(
      iterations, [&] { return FoundPayload(ZXing::ReadBarcodes(view, module_hints)); },
      "ZXing module hints");

  std::printf("QR decode, 1280x800 screenshot PNG (%zu bytes), median of %d runs:\n", png.size(),
              iterations);
  std::printf("  %-46s   %7s     %7s     %7s\n", "", "wall", "cpu", "min cpu");
  PrintRow("proofup::qr::DecodeImage (PNG decode + ZXing)", module_t);
  PrintRow("  of which PNG -> luminance (stb_image)", png_t);
  PrintRow("ZXing alone, default DecodeHints (all formats)", zxing_default_t);
  PrintRow("ZXing alone, QR-only DecodeHints", zxing_qr_t);
  PrintRow("ZXing alone, the module's hints (+no downscale)", zxing_module_t);
  auto overhead = [&](Timing base) {
    std::printf("%+7.1f %%  (cpu %+.1f %%, min cpu %+.1f %%)\n",
                (module_t.wall_ms / base.wall_ms - 1) * 100,
                (module_t.cpu_ms / base.cpu_ms - 1) * 100,
                (module_t.min_cpu_ms / base.min_cpu_ms - 1) * 100);
  };
  std::printf("  overhead vs ZXing alone, default hints        : ");
  overhead(zxing_default_t);
  std::printf("  overhead vs ZXing alone, QR-only hints        : ");
  overhead(zxing_qr_t);
  std::printf("  overhead vs ZXing alone, the module's hints   : ");
  overhead(zxing_module_t);
  std::printf("TOTP (SHA1, 6 digits) codes per second          : %.0f\n", TotpPerSecond());
  return 0;
}
