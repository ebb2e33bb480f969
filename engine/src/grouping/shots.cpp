// ReadShots: what grouping needs from each profiled photo, metadata only (no decode).
#include <algorithm>
#include <numeric>
#include <system_error>
#include <tuple>

#include "versus/engine/capture_time.hpp"
#include "versus/engine/near_duplicates.hpp"

namespace versus::engine {

std::vector<Shot> ReadShots(const std::vector<ImageProfile>& images) {
  namespace fs = std::filesystem;
  struct Key {
    bool no_sequence;
    long long sequence;
    fs::file_time_type modified;
    std::string path;
  };
  std::vector<Shot> shots(images.size());
  std::vector<Key> keys(images.size());
  for (std::size_t i = 0; i < images.size(); ++i) {
    const CaptureInfo info = ReadCaptureInfo(images[i].path);
    shots[i] = {images[i].hash, info.seconds, info.body, 0};
    const auto sequence = FileNameSequence(images[i].path);
    std::error_code ignored;  // an unreadable time orders last among equals
    keys[i] = {!sequence, sequence.value_or(0), fs::last_write_time(images[i].path, ignored), images[i].path};
  }
  // Camera file names count shutter releases (IMG_0412 after IMG_0411); the
  // modification time breaks ties between folders and names without digits.
  std::vector<std::size_t> order(images.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) {
    const Key &x = keys[a], &y = keys[b];
    return std::tie(x.no_sequence, x.sequence, x.modified, x.path) <
           std::tie(y.no_sequence, y.sequence, y.modified, y.path);
  });
  for (std::size_t rank = 0; rank < order.size(); ++rank) shots[order[rank]].sequence = rank;
  return shots;
}

}  // namespace versus::engine
