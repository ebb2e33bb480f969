#pragma once
/// Anchors: a few photos with known human scores (MOS 0-100, LIVE In the Wild), shipped
/// per judge as that judge's prepared profiles (measures, embedding; never the pixels),
/// so every run can compare each image with them and put its score on the human scale
/// (sorting/human_scale.hpp). Written by training/'s versus-make-anchors as
/// models/anchors_<judge>.json.
#include <array>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "versus/engine/comparator.hpp"
#include "versus/engine/profile.hpp"

namespace versus::engine {

struct AnchorPhoto {
  std::string image;     ///< its name in the human study (e.g. "t12.png")
  double mos = 0.0;      ///< mean opinion score, 0-100, higher is better
  ImageProfile profile;  ///< as the judge prepared it; path "anchor:<image>"
};

struct JudgeAnchors {
  std::string judge;  ///< the --judge name these profiles were prepared by
  /// MOS points per probit unit: P(judge prefers a to b) = Phi((mos_a - mos_b) / sigma).
  double sigma = 0.0;
  /// Absolute star cuts in MOS points: score >= star_thresholds[k] means at least k+2 stars.
  std::array<double, 4> star_thresholds{};
  std::vector<AnchorPhoto> anchors;  ///< lowest MOS first
  std::string provenance;            ///< command, data, seed and how sigma and the cuts were fitted

  /// Reads an anchors file; throws engine::Error naming `path` when it is missing,
  /// malformed, or its measures do not fit this build's measure table.
  static JudgeAnchors Load(const std::filesystem::path& path);
  /// Embeddings are stored as base64 of their float32 bytes, so a loaded profile is
  /// bit-identical to the one saved.
  void Save(const std::filesystem::path& path) const;
  std::vector<double> AnchorMos() const;
};

/// "anchors_<judge>.json".
std::string AnchorFileName(std::string_view judge);

/// The anchors shipped for `judge` in `model_dir` (empty = ModelDirectory()), or nullopt
/// when that judge ships none (the lmm judge would need the photos themselves). Throws
/// engine::Error for a file that exists but cannot be read, or was made for another judge.
std::optional<JudgeAnchors> LoadAnchors(std::string_view judge, const std::filesystem::path& model_dir = {});

/// p[i][j] = P(images[i] better than anchor j): k judgements per image, on `jobs` threads
/// (0 = one per core); progress(done, total) after each image.
std::vector<std::vector<double>> JudgeAgainstAnchors(
    const Comparator& judge, const std::vector<ImageProfile>& images, const JudgeAnchors& anchors, unsigned jobs,
    const std::function<void(std::size_t, std::size_t)>& progress = {});

}  // namespace versus::engine
