#include "feature_dataset.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>

#include "versus/engine.hpp"

namespace versus::training {

namespace fs = std::filesystem;

std::vector<LadderImage> MeasureLadders(const fs::path& folder, unsigned jobs, std::size_t* photo_count) {
  const std::vector<fs::path> photos = engine::FindImages({folder}, false).files;
  if (photos.empty()) throw std::runtime_error("no photos in " + folder.string());
  *photo_count = photos.size();
  std::vector<LadderImage> plan;
  for (std::size_t p = 0; p < photos.size(); ++p) {
    plan.push_back({p, "pristine", 0, {}});
    for (const auto& d : engine::Distortions()) {
      for (int level = 1; level <= d.levels; ++level) plan.push_back({p, std::string(d.name), level, {}});
    }
  }
  std::vector<cv::Mat> sources(photos.size());
  for (std::size_t p = 0; p < photos.size(); ++p) sources[p] = cv::imread(photos[p].string(), cv::IMREAD_COLOR);
  engine::ParallelFor(plan.size(), jobs, [&](std::size_t i) {
    LadderImage& item = plan[i];
    cv::Mat pixels = sources[item.photo];
    if (item.level > 0) {
      const auto& kinds = engine::Distortions();
      const auto kind = std::find_if(kinds.begin(), kinds.end(), [&](auto& d) { return d.name == item.distortion; });
      pixels = engine::Distort(pixels, kind->kind, item.level, unsigned(1000 * item.photo + item.level));
    }
    item.measures = engine::Measure(engine::FromPixels(pixels));
  });
  return plan;
}

std::vector<MosImage> ReadMosCsv(const fs::path& folder) {
  std::ifstream csv(folder / "mos.csv");
  if (!csv) throw std::runtime_error("cannot read " + (folder / "mos.csv").string());
  std::vector<MosImage> images;
  std::string line;
  std::getline(csv, line);  // header
  while (std::getline(csv, line)) {
    std::stringstream row(line);
    MosImage m;
    std::string field;
    std::getline(row, m.name, ',');
    std::getline(row, field, ',');
    m.mos = std::stod(field);
    std::getline(row, field, ',');
    m.mos_std = std::strtod(field.c_str(), nullptr);  // 0 where the set has no spread column
    images.push_back(m);
  }
  return images;
}

std::vector<MosImage> MeasureMosSet(const fs::path& folder, unsigned jobs) {
  std::vector<MosImage> images = ReadMosCsv(folder);
  engine::ParallelFor(images.size(), jobs, [&](std::size_t i) {
    images[i].measures = engine::Profile(folder / "images" / images[i].name).measures;
  });
  return images;
}

}  // namespace versus::training
