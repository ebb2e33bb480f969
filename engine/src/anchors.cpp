// Anchor sets shipped per judge: their file format (profiles with base64 float32
// embeddings, so a loaded profile is bit-identical to the saved one) and the k
// judgements per image against them.
#include "versus/engine/anchors.hpp"

#include <cstring>
#include <mutex>

#include <glib.h>
#include <nlohmann/json.hpp>

#include "versus/engine/comparators.hpp"
#include "versus/engine/error.hpp"
#include "versus/engine/measures.hpp"
#include "versus/engine/parallel.hpp"
#include "model_json.hpp"

namespace versus::engine {
namespace {

constexpr const char* kFormat = "versus-anchors/1";

std::string EncodeFloats(const std::vector<float>& values) {
  if (values.empty()) return "";
  gchar* text = g_base64_encode(reinterpret_cast<const guchar*>(values.data()), values.size() * sizeof(float));
  std::string out(text);
  g_free(text);
  return out;
}

std::vector<float> DecodeFloats(const std::string& text, const std::filesystem::path& path) {
  if (text.empty()) return {};
  gsize size = 0;
  guchar* bytes = g_base64_decode(text.c_str(), &size);
  if (size % sizeof(float) != 0) {
    g_free(bytes);
    throw Error(path.string(), "anchors file has an embedding that is not whole float32 values: " + path.string());
  }
  std::vector<float> values(size / sizeof(float));
  std::memcpy(values.data(), bytes, size);
  g_free(bytes);
  return values;
}

nlohmann::json ProfileJson(const ImageProfile& p) {
  nlohmann::json measures = nlohmann::json::object();
  const auto& table = MeasureTable();
  for (std::size_t i = 0; i < table.size() && i < p.measures.size(); ++i) measures[table[i].name] = p.measures[i];
  return {{"width", p.width}, {"height", p.height}, {"measures", measures},
          {"embedding_float32_base64", EncodeFloats(p.embedding)}};
}

ImageProfile ReadProfile(const nlohmann::json& j, const std::string& image, const std::filesystem::path& path) {
  ImageProfile p;
  p.path = "anchor:" + image;
  p.width = j.at("width");
  p.height = j.at("height");
  const auto& table = MeasureTable();
  p.measures.resize(table.size());
  const auto& measures = j.at("measures");
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (!measures.contains(table[i].name))
      throw Error(path.string(), "anchors file lacks measure " + std::string(table[i].name) + ": remake it (" +
                                     path.string() + ")");
    p.measures[i] = measures.at(table[i].name);
  }
  p.embedding = DecodeFloats(j.at("embedding_float32_base64"), path);
  return p;
}

}  // namespace

JudgeAnchors JudgeAnchors::Load(const std::filesystem::path& path) {
  const nlohmann::json doc = ReadVersionedJson(path, "anchors", kFormat);
  JudgeAnchors a = ReadFields(path, "anchors file", [&] {
    JudgeAnchors read;
    read.judge = doc.at("judge");
    read.sigma = doc.at("sigma");
    read.star_thresholds = doc.at("star_thresholds");
    read.provenance = doc.value("provenance", "");
    for (const auto& j : doc.at("anchors"))
      read.anchors.push_back({j.at("image"), j.at("mos"), ReadProfile(j.at("profile"), j.at("image"), path)});
    return read;
  });
  if (a.anchors.empty() || !(a.sigma > 0))
    throw Error(path.string(), "anchors file has no anchors or no positive sigma: " + path.string());
  return a;
}

void JudgeAnchors::Save(const std::filesystem::path& path) const {
  nlohmann::json doc;
  doc["format"] = kFormat;
  doc["judge"] = judge;
  doc["scale"] = "mos-0-100";
  doc["sigma"] = sigma;
  doc["star_thresholds"] = star_thresholds;
  doc["provenance"] = provenance;
  doc["notice"] =
      "Anchor profiles computed from photos of the LIVE In the Wild Image Quality Challenge Database, "
      "Copyright (c) 2015 The University of Texas at Austin; its notice is in LICENSE.LIVE-Challenge.";
  doc["anchors"] = nlohmann::json::array();
  for (const AnchorPhoto& a : anchors)
    doc["anchors"].push_back({{"image", a.image}, {"mos", a.mos}, {"profile", ProfileJson(a.profile)}});
  WriteJson(path, doc, 1);
}

std::vector<double> JudgeAnchors::AnchorMos() const {
  std::vector<double> mos;
  for (const AnchorPhoto& a : anchors) mos.push_back(a.mos);
  return mos;
}

std::string AnchorFileName(std::string_view judge) { return "anchors_" + std::string(judge) + ".json"; }

std::optional<JudgeAnchors> LoadAnchors(std::string_view judge, const std::filesystem::path& model_dir) {
  const std::filesystem::path path = (model_dir.empty() ? ModelDirectory() : model_dir) / AnchorFileName(judge);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  JudgeAnchors anchors = JudgeAnchors::Load(path);
  if (anchors.judge != judge)
    throw Error(path.string(), "anchors file was made for judge " + anchors.judge + ", not " + std::string(judge));
  return anchors;
}

std::vector<std::vector<double>> JudgeAgainstAnchors(const Comparator& judge, const std::vector<ImageProfile>& images,
                                                     const JudgeAnchors& anchors, unsigned jobs,
                                                     const std::function<void(std::size_t, std::size_t)>& progress) {
  std::vector<std::vector<double>> p(images.size(), std::vector<double>(anchors.anchors.size()));
  std::size_t done = 0;
  std::mutex lock;
  ParallelFor(images.size(), jobs, [&](std::size_t i) {
    for (std::size_t j = 0; j < anchors.anchors.size(); ++j)
      p[i][j] = judge.Compare(images[i], anchors.anchors[j].profile).p_a_better;
    if (!progress) return;
    const std::lock_guard<std::mutex> hold(lock);
    progress(++done, images.size());
  });
  return p;
}

}  // namespace versus::engine
