#pragma once
// The data the feature judge is fitted and checked on: measures of synthetic distortion
// ladders (known order, same scene) and of real photos with human scores (MOS).
#include <filesystem>
#include <string>
#include <vector>

namespace versus::training {

struct LadderImage {
  std::size_t photo = 0;      ///< index of the source photo
  std::string distortion;     ///< "pristine" for level 0
  int level = 0;              ///< 0 = pristine, higher = worse
  std::vector<double> measures;
};

struct MosImage {
  std::string name;
  double mos = 0.0;
  double mos_std = 0.0;
  std::vector<double> measures;
};

/// Every photo in `folder` at every level of every distortion, measured (on `jobs`
/// threads), from pristine (level 0) to the strongest level.
std::vector<LadderImage> MeasureLadders(const std::filesystem::path& folder, unsigned jobs, std::size_t* photo_count);

/// The rows of `folder`/mos.csv (image,mos[,mos_std]; a third column that is not a
/// number reads as 0), measures left empty.
std::vector<MosImage> ReadMosCsv(const std::filesystem::path& folder);

/// The photos listed in `folder`/mos.csv (image,mos,mos_std), measured from
/// `folder`/images.
std::vector<MosImage> MeasureMosSet(const std::filesystem::path& folder, unsigned jobs);

}  // namespace versus::training
