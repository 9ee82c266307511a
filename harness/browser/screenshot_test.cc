// ScreenshotOptions (the shared layer, page_actions.h) over both backends,
// one body each, the DevTools pipe and a local chromedriver: the viewport and
// device scale factor set the PNG's size, "dialog" crops to the card around
// the framed element, the sample image replaces a QR code, and the text
// caret is never in a shot. QR images are made with the reference tool
// qrencode and read back with the qr module.
#include <gtest/gtest.h>
#include <httplib.h>

// The qr module keeps its stb_image private: the test decodes PNGs itself.
#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_STATIC
#define STBI_ONLY_PNG
#include <stb/stb_image.h>

#include <cstdio>
#include <memory>
#include <thread>

#include "harness/base/base64.h"
#include "harness/browser/backends_for_test.h"
#include "harness/qr/qr.h"

namespace proofup::browser {
namespace {

// A PNG of `text` as a QR code, by the qrencode tool (no shell quoting
// needed: the texts below are plain).
std::string QrencodePng(const std::string& text) {
  std::string command = "qrencode -t PNG -s 4 -o - '" + text + "'";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string png;
  char buffer[4096];
  for (size_t n; pipe && (n = fread(buffer, 1, sizeof buffer, pipe.get())) > 0;)
    png.append(buffer, n);
  return png;
}

std::string DataUri(const std::string& png) { return "data:image/png;base64," + Base64Encode(png); }

struct Pixels {
  int width = 0, height = 0;
  int framed = 0;  // pixels of the outline's colour (#e3008c)
  int red = 0;     // pure red pixels (the caret's colour in the caret test)
};

Pixels Inspect(const std::string& png) {
  Pixels p;
  int channels = 0;
  unsigned char* data =
      stbi_load_from_memory(reinterpret_cast<const unsigned char*>(png.data()),
                            static_cast<int>(png.size()), &p.width, &p.height, &channels, 3);
  if (!data) return p;
  for (int i = 0; i < p.width * p.height; ++i) {
    const unsigned char* px = data + 3 * i;
    p.framed += px[0] > 200 && px[1] < 40 && px[2] > 110 && px[2] < 170;
    p.red += px[0] > 200 && px[1] < 60 && px[2] < 60;
  }
  stbi_image_free(data);
  return p;
}

std::vector<std::string> Decoded(const std::string& png) {
  std::vector<std::string> texts;
  auto codes = qr::DecodeImage(png);
  if (codes.ok())
    for (const auto& c : *codes) texts.push_back(c.text);
  return texts;
}

// A field whose caret is red and does not blink (caret-animation: manual):
// shown in every frame unless the shot hides it.
const char kField[] = R"(<!DOCTYPE html><html><body style="margin:0">
<style>input { caret-color: rgb(255, 0, 0); caret-animation: manual; font-size: 40px;
               border: 0; outline: none; width: 300px }</style>
<label for="n">Naam</label><input id="n"></body></html>)";

class ScreenshotTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    live_ = QrencodePng("otpauth://totp/Live:anna?secret=LIVESECRETLIVE23");
    ASSERT_GT(live_.size(), 100u) << "qrencode (Debian package qrencode) is needed";
    std::string page =
        "<!DOCTYPE html><html><body style=\"margin:0;background:#eee\">"
        "<main style=\"width:320px;margin:60px auto;background:#fff;padding:20px\">"
        "<h1>Kaart</h1><img id=\"qr\" width=\"160\" height=\"160\" src=\"" +
        DataUri(live_) + "\"><p><button>Volgende</button></p></main></body></html>";
    server_.Get("/", [page](const httplib::Request&, httplib::Response& res) {
      res.set_content(page, "text/html");
    });
    server_.Get("/field", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(kField, "text/html");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    std::string skip;
    if (!backend_.Start(GetParam(), &skip)) {
      if (!skip.empty()) GTEST_SKIP() << skip;
      return;
    }
    browser_ = backend_.Session();
    ASSERT_TRUE(browser_);
    ASSERT_TRUE(browser_->Open(Url("/")).ok());
  }
  void TearDown() override {
    browser_.reset();
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  std::string live_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  BackendForTest backend_;
  std::unique_ptr<Browser> browser_;
};

TEST_P(ScreenshotTest, WindowAndScaleSetThePngSize) {
  ScreenshotOptions o;
  o.width = 800;
  o.height = 600;
  o.scale = 2;
  auto sharp = browser_->Screenshot(o);
  ASSERT_TRUE(sharp.ok()) << sharp.status().ToString();
  Pixels p = Inspect(*sharp);
  EXPECT_EQ(p.width, 1600);
  EXPECT_EQ(p.height, 1200);
  auto kept = browser_->Screenshot({});  // later shots keep the session's metrics
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(Inspect(*kept).width, 1600);
  o.width = 640;
  o.height = 480;
  o.scale = 1;
  auto small = browser_->Screenshot(o);
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(Inspect(*small).width, 640);
  EXPECT_EQ(Inspect(*small).height, 480);
}

TEST_P(ScreenshotTest, DialogCropIsTheCardWithTheFramedElement) {
  ScreenshotOptions o;
  o.width = 1000;
  o.height = 700;
  o.scale = 2;
  o.outline_text = "Volgende";
  auto whole = browser_->Screenshot(o);
  o.crop = "dialog";
  auto card = browser_->Screenshot(o);
  ASSERT_TRUE(whole.ok() && card.ok()) << card.status().ToString();
  Pixels w = Inspect(*whole), c = Inspect(*card);
  EXPECT_EQ(w.width, 2000);
  // main: 320 px + 2 * 20 px padding, an 8 px margin each side, at scale 2.
  EXPECT_EQ(c.width, (360 + 16) * 2);
  EXPECT_LT(c.height, w.height);
  EXPECT_GT(c.framed, 200) << "the frame around \"Volgende\" is inside the crop";
  EXPECT_EQ(c.framed, w.framed);
  o.crop = "section[";  // a bad selector fails the shot, never a silent whole window
  EXPECT_FALSE(browser_->Screenshot(o).ok());
}

TEST_P(ScreenshotTest, SampleImageReplacesTheQrCode) {
  const std::string live_text = "otpauth://totp/Live:anna?secret=LIVESECRETLIVE23";
  const std::string sample_text = "otpauth://totp/Sample:x?secret=JBSWY3DPEHPK3PXP";
  auto plain = browser_->Screenshot({});
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(Decoded(*plain), std::vector<std::string>{live_text});
  ScreenshotOptions grey;
  grey.mask_images = true;
  auto masked = browser_->Screenshot(grey);
  ASSERT_TRUE(masked.ok());
  EXPECT_TRUE(Decoded(*masked).empty());
  ScreenshotOptions sample = grey;
  sample.sample_image = DataUri(QrencodePng(sample_text));
  auto replaced = browser_->Screenshot(sample);
  ASSERT_TRUE(replaced.ok());
  EXPECT_EQ(Decoded(*replaced), std::vector<std::string>{sample_text});
  auto after = browser_->Screenshot({});  // the sample is gone after the shot
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(Decoded(*after), std::vector<std::string>{live_text});
}

// The CI flake of ChromiumTest.ScriptedPageIsSeenFilledAndClicked: a shot
// right after a fill caught the blinking caret. Every shot hides it.
TEST_P(ScreenshotTest, TheCaretOfTheFocusedFieldIsNeverInAShot) {
  ASSERT_TRUE(browser_->Open(Url("/field")).ok());
  ASSERT_TRUE(browser_->Fill("Naam", "Anna").ok());  // focused, the caret after the text
  for (bool full_page : {false, true}) {
    ScreenshotOptions o;
    o.full_page = full_page;
    auto shot = browser_->Screenshot(o);
    ASSERT_TRUE(shot.ok()) << shot.status().ToString();
    EXPECT_EQ(Inspect(*shot).red, 0);
  }
  auto a = browser_->Screenshot({}), b = browser_->Screenshot({});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*qr::DifferingPixelShare(*a, *b), 0.0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ScreenshotTest, ::testing::Values("pipe", "chromedriver"));

}  // namespace
}  // namespace proofup::browser
