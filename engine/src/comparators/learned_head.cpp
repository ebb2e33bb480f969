// The learned judge's head file: plain JSON, so the weights are readable and diffable
// and loading them needs no LibTorch.
#include "versus/engine/learned_head.hpp"

#include <cstdint>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "versus/engine/error.hpp"
#include "versus/engine/measures.hpp"
#include "../model_json.hpp"

namespace versus::engine {
namespace {

constexpr const char* kFormat = "versus-learned-judge/2";
constexpr const char* kWhat = "learned judge head";

LinearHead ReadHead(const nlohmann::json& j, std::size_t size, const std::string& path, const std::string& what) {
  LinearHead head{j.at("weight").get<std::vector<double>>(), j.at("bias").get<double>()};
  if (head.weight.size() != size) throw Error(path, "learned judge head '" + what + "' has the wrong size in " + path);
  return head;
}

// Written at float precision, the precision of the features they meet: the file is
// 40% smaller than with doubles (models/ has a size budget) and scores move ~1e-7.
using FloatJson = nlohmann::basic_json<std::map, std::vector, std::string, bool, std::int64_t, std::uint64_t, float>;

std::vector<float> Floats(const std::vector<double>& v) { return {v.begin(), v.end()}; }

FloatJson WriteHead(const LinearHead& head) { return {{"weight", Floats(head.weight)}, {"bias", float(head.bias)}}; }

LearnedHead Parse(const nlohmann::json& doc, const std::string& path) {
  LearnedHead h;
  for (const auto& b : doc.at("backbones")) {
    // "tiles" is absent from the first judge's file, which always had them.
    // "tail" only where the judge has one (versus-learned-judge/2 files before it lack it).
    const nlohmann::json tail = b.value("tail", nlohmann::json::object());
    h.backbones.push_back({b.at("file"), b.at("network"), b.at("input"), b.at("taps").get<std::vector<std::string>>(),
                           b.at("features"), b.value("tiles", true), tail.value("file", ""), tail.value("after", "")});
    if (h.backbones.back().tail_file.empty() != h.backbones.back().tail_after.empty()) {
      throw Error(path, "learned judge head names a tail without its file or stage: " + path);
    }
  }
  h.mean = doc.at("mean").get<std::vector<double>>();
  h.scale = doc.at("scale").get<std::vector<double>>();
  const std::size_t size = h.EmbeddingSize() + MeasureTable().size();
  if (h.mean.size() != size || h.scale.size() != size) {
    throw Error(path, "learned judge head does not fit this build's backbones and measures (" + path + "): retrain it");
  }
  for (double s : h.scale) {
    if (!(s > 0.0)) throw Error(path, "learned judge head has a non-positive scale: " + path);
  }
  h.overall = ReadHead(doc.at("overall"), size, path, "overall");
  for (Dimension d : TechnicalDimensions()) {
    const std::string name(DimensionName(d));
    h.dimensions.push_back(ReadHead(doc.at("dimensions").at(name), size, path, name));
  }
  h.provenance = doc.value("provenance", "");
  return h;
}

}  // namespace

std::size_t LearnedHead::EmbeddingSize() const {
  std::size_t size = 0;
  for (const BackboneSpec& b : backbones) size += (b.tiles ? 2 : 1) * std::size_t(b.features) + (b.tail_file.empty() ? 0 : 1);
  return size;
}

LearnedHead LearnedHead::Load(const std::filesystem::path& path) {
  const nlohmann::json doc = ReadVersionedJson(path, kWhat, kFormat);
  return ReadFields(path, kWhat, [&] { return Parse(doc, path.string()); });
}

void LearnedHead::Save(const std::filesystem::path& path) const {
  FloatJson doc;
  doc["format"] = kFormat;
  doc["provenance"] = provenance;
  for (const BackboneSpec& b : backbones) {
    FloatJson spec = {{"file", b.file}, {"network", b.network}, {"input", b.input}, {"taps", b.taps},
                      {"features", b.features}, {"tiles", b.tiles}};
    if (!b.tail_file.empty()) spec["tail"] = {{"file", b.tail_file}, {"after", b.tail_after}};
    doc["backbones"].push_back(spec);
  }
  doc["mean"] = Floats(mean);
  doc["scale"] = Floats(scale);
  doc["overall"] = WriteHead(overall);
  const auto& dims = TechnicalDimensions();
  for (std::size_t i = 0; i < dims.size(); ++i) doc["dimensions"][std::string(DimensionName(dims[i]))] = WriteHead(dimensions[i]);
  std::ofstream out(path);
  out << doc.dump() << "\n";
  if (!out) throw Error(path.string(), "could not write " + path.string());
}

double LearnedHead::Score(const LinearHead& head, const ImageProfile& profile) const {
  const std::size_t embedded = profile.embedding.size();
  if (embedded != EmbeddingSize()) {
    throw Error(profile.path, "image was not prepared by the learned judge (embedding size " + std::to_string(embedded) + ")");
  }
  double s = head.bias;
  for (std::size_t i = 0; i < head.weight.size(); ++i) {
    const double x = i < embedded ? double(profile.embedding[i]) : profile.measures.at(i - embedded);
    s += head.weight[i] * (x - mean[i]) / scale[i];
  }
  return s;
}

}  // namespace versus::engine
