#pragma once
// The benchmarks' large photos: Kodak photos upscaled with libvips to 6000x4000 (or any
// size), saved as JPEG q90, made once in a folder and reused, so figures reproduce
// anywhere ../shared/data exists.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <vips/vips8>

namespace versus::bench {

namespace fs = std::filesystem;

/// kodim<NN>.png of `kodak` upscaled to width x height (a portrait photo turned to
/// landscape when `turn`, else made height x width), as `target` (kept if it exists).
inline fs::path MakeLargeJpeg(const fs::path& kodak, int number, const fs::path& target, int width, int height,
                              bool turn) {
  if (fs::exists(target)) return target;
  char src[32];
  std::snprintf(src, sizeof src, "kodim%02d.png", number);
  vips::VImage photo = vips::VImage::new_from_file((kodak / src).c_str());
  const bool portrait = photo.width() < photo.height();
  if (portrait && turn) photo = photo.rot90();
  const bool upright_portrait = portrait && !turn;
  const int w = upright_portrait ? height : width, h = upright_portrait ? width : height;
  photo = photo.resize(double(w) / photo.width(), vips::VImage::option()->set("vscale", double(h) / photo.height()));
  photo.jpegsave(target.c_str(), vips::VImage::option()->set("Q", 90));
  return target;
}

/// `count` JPEGs large01.jpg ... in `out`, from kodim01..24 in turn (portrait ones turned).
inline std::vector<fs::path> MakeLargeJpegs(const fs::path& kodak, const fs::path& out, int count, int width,
                                            int height) {
  fs::create_directories(out);
  std::vector<fs::path> files;
  for (int i = 1; i <= count; ++i) {
    char dst[32];
    std::snprintf(dst, sizeof dst, "large%02d.jpg", i);
    files.push_back(MakeLargeJpeg(kodak, (i - 1) % 24 + 1, out / dst, width, height, true));
  }
  return files;
}

/// A 6000x4000 photo with a person at portrait distance, as `target` (kept if it
/// exists): kodim04 (a woman's head and shoulders) enlarged to half the frame's height,
/// set into kodim01 enlarged to the frame. Her face is ~50 px wide in the working view,
/// too small for the eyes to be read there: the face measures ask for a larger view.
inline fs::path MakePersonInScene(const fs::path& kodak, const fs::path& target) {
  if (fs::exists(target)) return target;
  const vips::VImage person = vips::VImage::new_from_file((kodak / "kodim04.png").c_str()).resize(2000.0 / 768);
  const vips::VImage scene = vips::VImage::new_from_file((kodak / "kodim01.png").c_str())
                                 .resize(6000.0 / 768, vips::VImage::option()->set("vscale", 4000.0 / 512));
  scene.insert(person, 2400, 1000).crop(0, 0, 6000, 4000).jpegsave(target.c_str(), vips::VImage::option()->set("Q", 90));
  return target;
}

}  // namespace versus::bench
