// The pairwise CSV `versus fit` reads (sorting/src/pairwise_csv.cpp): any bytes give
// comparisons or a versus::sorting::Error, in both the strict and the skipping mode.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "versus/sorting/error.hpp"
#include "versus/sorting/pairwise_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const bool skip : {false, true}) {
    std::istringstream in(text);
    try {
      const auto read = versus::sorting::ReadPairwiseCsv(in, "fuzz.csv", {skip});
      if (read.ids.size() > text.size() + 1) __builtin_trap();  // ids come from the text
    } catch (const versus::sorting::Error&) {
    }
  }
  std::istringstream anchors(text);
  std::vector<std::string> ids;
  try {
    versus::sorting::ReadAnchorsCsv(anchors, "anchors.csv", &ids);
  } catch (const versus::sorting::Error&) {
  }
  return 0;
}
