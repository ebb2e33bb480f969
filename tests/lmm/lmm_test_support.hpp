#pragma once
// Shared by the lmm engine and CLI tests: photos on disk, canned model answers, and a
// request body with its image bytes taken out.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fake_model_server.hpp"
#include "test_files.hpp"

namespace versus::testing {

/// `count` different synthetic photos, 1024x768 PNGs, in `dir`.
inline std::vector<fs::path> WritePhotos(const fs::path& dir, int count) {
  std::vector<fs::path> paths;
  for (int i = 0; i < count; ++i) {
    paths.push_back(dir / ("photo" + std::to_string(i + 1) + ".png"));
    cv::imwrite(paths.back().string(), SyntheticScene(1024, 768, 11 + i));
  }
  return paths;
}

/// A model that always prefers the second image: "second, first" with the answer token
/// at P(second) = 0.8, P(first) = 0.15; for four images "fourth, second, first, third"
/// at 0.6 / 0.3 / 0.05 (first), third unlisted.
inline FakeResponse PrefersSecond(const FakeRequest& request, std::size_t /*call*/) {
  const auto body = nlohmann::json::parse(request.body);
  const std::size_t images = (body["messages"][0]["content"].size() - 1) / 2;
  if (images == 4) {
    return {200, ChatAnswer("fourth, second, first, third\nThe fourth image is the sharpest; the third is noisy.",
                            {{"fourth", 0.6}, {"second", 0.3}, {"first", 0.05}})};
  }
  return {200, ChatAnswer("second, first\nThe second image is sharper than the first image.",
                          {{"second", 0.8}, {"first", 0.15}, {" The", 0.05}})};
}

/// The body as JSON with each image URL replaced by "<image>".
inline nlohmann::json BodyWithoutImages(const std::string& body) {
  nlohmann::json doc = nlohmann::json::parse(body);
  for (auto& part : doc["messages"][0]["content"]) {
    if (part["type"] == "image_url") part["image_url"]["url"] = "<image>";
  }
  return doc;
}

/// Decodes standard base64 (what a data URL carries).
inline std::string Base64Decode(const std::string& text) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    const auto value = kAlphabet.find(c);
    if (value == std::string::npos) continue;  // '=' padding
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace versus::testing
